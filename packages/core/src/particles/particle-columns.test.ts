import { describe, expect, it } from 'vitest';
import { ACTIVE_COLUMNS, PARTICLE_COLUMNS, columnWidth, copyParticle, createActiveSet } from './particle-columns.js';

describe('the particle columns', () => {
  it('are listed once, in the order a state file stores them', () => {
    expect(PARTICLE_COLUMNS.map((c) => c.name)).toEqual(['u', 'x', 'logl', 'logC', 'lineage', 'survival', 'iterationOf']);
    expect(ACTIVE_COLUMNS.map((c) => c.name)).toEqual(['u', 'x', 'logl', 'lineage', 'survival']);
  });

  it('make active sets of the right sizes and types', () => {
    const set = createActiveSet(5, 3, true);
    for (const c of ACTIVE_COLUMNS) {
      expect(set[c.name]).toBeInstanceOf(c.type);
      expect(set[c.name].length).toBe(5 * columnWidth(c, 3));
    }
    expect(set.blobs).toHaveLength(5);
    expect(createActiveSet(2, 3, false).blobs).toBeUndefined();
  });

  it('copy a particle with every column and its blob', () => {
    const source = createActiveSet(2, 2, true);
    source.u.set([0.1, 0.2, 0.3, 0.4]);
    source.x.set([1, 2, 3, 4]);
    source.logl.set([-1, -2]);
    source.lineage.set([7, 9]);
    source.survival.set([-0.5, -0.25]);
    source.blobs![1] = { tag: 'b' };
    const target = createActiveSet(3, 2, true);
    copyParticle(target, 2, source, 1, 2);
    expect(Array.from(target.u.subarray(4))).toEqual([0.3, 0.4]);
    expect(Array.from(target.x.subarray(4))).toEqual([3, 4]);
    expect([target.logl[2], target.lineage[2], target.survival[2]]).toEqual([-2, 9, -0.25]);
    expect(target.blobs![2]).toEqual({ tag: 'b' });
  });
});
