import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { longestFirst } from './longest-first.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x1f7), numRuns: 200 };

/** Costs in dispatch order (dearest first), and a number of bins. */
const instance = fc.tuple(
  fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true })), { minLength: 1, maxLength: 400 }).map((c) => Float64Array.from(c).sort().reverse()),
  fc.integer({ min: 1, max: 80 }),
);

describe('longestFirst', () => {
  it('puts every position in exactly one non-empty bin, ascending within it, the first `bins` positions opening one bin each', () => {
    fc.assert(
      fc.property(instance, ([costs, bins]) => {
        const { order, ends, loads } = longestFirst(costs, bins);
        const k = Math.min(bins, costs.length);
        expect(ends.length).toBe(k);
        expect(ends[k - 1]).toBe(costs.length);
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: costs.length }, (_, p) => p));
        let start = 0;
        for (let b = 0; b < k; b++) {
          expect(ends[b]).toBeGreaterThan(start);
          expect(order[start]).toBe(b);
          let sum = 0;
          for (let q = start; q < ends[b]; q++) {
            if (q > start) expect(order[q]).toBeGreaterThan(order[q - 1]);
            sum += costs[order[q]];
          }
          expect(loads[b]).toBeCloseTo(sum, 6);
          start = ends[b];
        }
      }),
      FC,
    );
  });

  it('leaves no bin above the mean load by more than its last task', () => {
    fc.assert(
      fc.property(instance, ([costs, bins]) => {
        const { order, ends, loads } = longestFirst(costs, bins);
        const k = ends.length;
        const total = costs.reduce((a, b) => a + b, 0);
        // A bin got its last task (its cheapest) when it was the least loaded, so below the mean then.
        let start = 0;
        for (let b = 0; b < k; b++) {
          const last = Math.max(...Array.from(order.subarray(start, ends[b])));
          expect(loads[b] - costs[last]).toBeLessThanOrEqual(total / k + 1e-9 * (1 + total));
          start = ends[b];
        }
      }),
      FC,
    );
  });

  it('keeps within Graham\'s bound, 4/3 - 1/(3 bins) of the best makespan (found by trying every assignment)', () => {
    const small = fc.tuple(
      fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }).map((c) => Float64Array.from(c).sort().reverse()),
      fc.integer({ min: 1, max: 3 }),
    );
    fc.assert(
      fc.property(small, ([costs, bins]) => {
        const k = Math.min(bins, costs.length);
        let best = Infinity;
        const load = new Float64Array(k);
        const search = (p: number) => {
          if (p === costs.length) {
            best = Math.min(best, Math.max(...load));
            return;
          }
          for (let b = 0; b < k; b++) {
            load[b] += costs[p];
            search(p + 1);
            load[b] -= costs[p];
          }
        };
        search(0);
        const makespan = Math.max(...longestFirst(costs, bins).loads);
        expect(makespan).toBeLessThanOrEqual((4 / 3 - 1 / (3 * k)) * best + 1e-9);
      }),
      FC,
    );
  });

  it('balances a sampler-like map: 256 tasks of tenfold-varying cost on 64 bins to within a few percent', () => {
    // Costs 10^s, s evenly spread on [0, 1], dearest first (the scaling benchmark's tenfold cost).
    const costs = Float64Array.from({ length: 256 }, (_, i) => 10 ** (1 - i / 255));
    const { loads } = longestFirst(costs, 64);
    const mean = costs.reduce((a, b) => a + b, 0) / 64;
    expect(Math.max(...loads) / mean).toBeLessThan(1.05);
    expect(Math.min(...loads) / mean).toBeGreaterThan(0.9);
  });

  it('assigns the example by hand', () => {
    const a = longestFirst(Float64Array.of(5, 4, 3, 3, 2), 2);
    expect(Array.from(a.order)).toEqual([0, 3, 1, 2, 4]);
    expect(Array.from(a.ends)).toEqual([2, 5]);
    expect(Array.from(a.loads)).toEqual([8, 9]);
  });
});
