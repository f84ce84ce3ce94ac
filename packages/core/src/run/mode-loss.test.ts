import { describe, expect, it } from 'vitest';
import { ParticleHistory } from '../particles/particle-history.js';
import { modeLossChances } from './mode-loss.js';

/** An active set of n particles of equal log-likelihood in 1-D. */
function flatSet(n: number) {
  return {
    u: new Float64Array(n).fill(0.5), x: new Float64Array(n), logl: new Float64Array(n),
    blobs: undefined, lineage: Int32Array.from({ length: n }, (_, i) => i), survival: new Float64Array(n), n,
  };
}

/**
 * Three iterations of 100 equal particles at beta 0, 0.5 and 1 (equal weights at every beta: each
 * mode's share is its count over the history's); clusters 0 and 1 are one mode, cluster 2 (5
 * particles of each 100) another.
 */
function threeFlat() {
  const h = new ParticleHistory(1);
  h.commit(flatSet(100), 0, 0);
  h.commit(flatSet(100), 0.5, 0);
  h.commit(flatSet(100), 1, 0);
  return { h, labels: Int32Array.from({ length: 300 }, (_, s) => (s % 100 < 5 ? 2 : s % 2)) };
}

describe('modeLossChances', () => {
  it('is the chance that some resampling after the prior\'s left a mode of each one\'s share empty: 1 - prod (1 - e^(-n w))', () => {
    const { h, labels } = threeFlat();
    const chances = modeLossChances(h, labels, Int32Array.of(0, 0, 1), 2);
    // The prior's iteration resamples nothing; the two after it each leave 5% empty with e^-5.
    expect(chances[1]).toBeCloseTo(1 - (1 - Math.exp(-5)) ** 2, 12);
    expect(chances[0]).toBeCloseTo(1 - (1 - Math.exp(-95)) ** 2, 12);
  });

  it('follows the share at each iteration\'s beta: a mode that is lighter at beta = 1 than before', () => {
    const h = new ParticleHistory(1);
    const set = flatSet(50);
    // Mode 1 (the first 10 particles) has log-likelihood -2 where the rest have 0.
    for (let i = 0; i < 10; i++) set.logl[i] = -2;
    h.commit(set, 0.5, 0);
    h.commit(set, 1, 0);
    const labels = Int32Array.from({ length: 100 }, (_, s) => (s % 50 < 10 ? 1 : 0));
    // The balance heuristic's weight at a point of log-likelihood l is e^(beta l) / (50 e^(l / 2) + 50 e^l).
    const weight = (beta: number, l: number) => Math.exp(beta * l) / (50 * Math.exp(l / 2) + 50 * Math.exp(l));
    const shareAt = (beta: number) => (10 * weight(beta, -2)) / (10 * weight(beta, -2) + 40 * weight(beta, 0));
    const chances = modeLossChances(h, labels, Int32Array.of(0, 1), 2);
    expect(chances[1]).toBeCloseTo(1 - (1 - Math.exp(-50 * shareAt(0.5))) * (1 - Math.exp(-50 * shareAt(1))), 12);
  });

  it('counts only the iterations below a mode\'s beta from which the climbs would find its twin again', () => {
    const { h, labels } = threeFlat();
    // Mode 1 found again from beta 0.7: only the iteration at 0.5 counts; from 0.5 on, none does.
    expect(modeLossChances(h, labels, Int32Array.of(0, 0, 1), 2, Float64Array.of(Infinity, 0.7))[1]).toBeCloseTo(Math.exp(-5), 12);
    expect(modeLossChances(h, labels, Int32Array.of(0, 0, 1), 2, Float64Array.of(Infinity, 0.5))[1]).toBe(0);
  });

  it('gives 0 for a fit of one mode, which has no lighter twin to lose', () => {
    const h = new ParticleHistory(1);
    h.commit(flatSet(10), 1, 0);
    expect(Array.from(modeLossChances(h, new Int32Array(10), Int32Array.of(0, 0), 1))).toEqual([0]);
  });
});
