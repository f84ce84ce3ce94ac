import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitChunks } from './split-chunks.js';
import { expectContiguousCover } from './test-support/contiguous-cover.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x9001), numRuns: 500 };

describe('splitChunks', () => {
  it('covers [0, n) with contiguous, non-empty chunks whose sizes differ by at most one', () => {
    fc.assert(
      fc.property(fc.nat(2000), fc.integer({ min: 1, max: 64 }), (n, k) => {
        const chunks = splitChunks(n, k);
        expect(chunks.length).toBe(Math.min(n, k));
        expectContiguousCover(chunks, n);
        const sizes = chunks.map(([s, e]) => e - s);
        if (sizes.length > 0) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      FC,
    );
  });

  it('gives larger chunks first', () => {
    expect(splitChunks(10, 4)).toEqual([[0, 3], [3, 6], [6, 8], [8, 10]]);
    expect(splitChunks(0, 4)).toEqual([]);
  });
});
