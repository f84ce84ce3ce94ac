import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkPlan, MAX_CHUNK_BYTES, factoringChunkSize, type Chunking } from './chunk-plan.js';
import { expectContiguousCover } from './test-support/contiguous-cover.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0xc4a7), numRuns: 100 };

function ranges(plan: ChunkPlan): [number, number][] {
  const out: [number, number][] = [];
  for (let r = plan.next(); r !== undefined; r = plan.next()) out.push(r);
  return out;
}

describe('ChunkPlan', () => {
  it('hands out [0, n) in contiguous, non-empty chunks in task order, whatever the chunking', () => {
    const chunking: fc.Arbitrary<Chunking> = fc.oneof(
      fc.constant({ kind: 'adaptive' } as const),
      fc.integer({ min: 1, max: 100 }).map((size) => ({ kind: 'size', size }) as const),
      fc.integer({ min: 1, max: 8 }).map((perWorker) => ({ kind: 'perWorker', perWorker }) as const),
    );
    fc.assert(
      fc.property(fc.nat(3000), fc.integer({ min: 1, max: 256 }), chunking, (n, workers, c) => {
        const plan = new ChunkPlan(new Array(n).fill(0), c, workers);
        const got = ranges(plan);
        expectContiguousCover(got, n);
        if (c.kind === 'size') for (const [s, e] of got) expect(e - s).toBeLessThanOrEqual(c.size);
        expect(plan.remaining).toBe(0);
      }),
      FC,
    );
  });

  it('adaptive: one chunk per worker for tasks of even cost; for uneven ones, batches shrinking to single tasks', () => {
    const sizes = (variation: number | undefined) => ranges(new ChunkPlan(new Array(256).fill(0), { kind: 'adaptive' }, 32, () => variation)).map(([s, e]) => e - s);
    expect(sizes(0)).toEqual(new Array(32).fill(8));
    for (const variation of [undefined, 0.3, 1, 3]) {
      const s = sizes(variation);
      expect(s.length).toBeGreaterThan(32);
      expect(s.at(-1)).toBe(1);
      for (let k = 1; k < s.length; k++) expect(s[k]).toBeLessThanOrEqual(s[k - 1]);
    }
    // More variation, smaller chunks (more messages).
    expect(sizes(1).length).toBeGreaterThan(sizes(0.3).length);
    expect(factoringChunkSize(256, 32, 0)).toBe(8);
    expect(factoringChunkSize(256, 32, 0.3)).toBe(6);
  });

  it('keeps chunks of vectors under MAX_CHUNK_BYTES, and stops when told', () => {
    const row = new Float64Array(MAX_CHUNK_BYTES / 8 / 4); // a quarter of the cap
    const sizes = ranges(new ChunkPlan(new Array(40).fill(row), { kind: 'adaptive' }, 1)).map(([s, e]) => e - s);
    expect(Math.max(...sizes)).toBe(4);
    const plan = new ChunkPlan(new Array(10).fill(0), { kind: 'size', size: 3 }, 2);
    expect(plan.next()).toEqual([0, 3]);
    plan.stop();
    expect(plan.next()).toBeUndefined();
  });
});

describe('ChunkPlan with predicted costs', () => {
  it('cuts adaptive chunks by cost: contiguous, covering every task, a task dearer than a share alone', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (raw, workers) => {
        const costs = Float64Array.from(raw).sort().reverse();
        const plan = new ChunkPlan(Array.from(costs), { kind: 'adaptive' }, workers, () => 0.3, costs);
        const got = ranges(plan);
        expectContiguousCover(got, costs.length);
        const total = costs.reduce((a, b) => a + b, 0);
        // The first batch's budget is at most one worker's share; a chunk of several tasks is the
        // nearest to it, so without its last task it keeps within it less half that task.
        for (const [s, e] of got.slice(0, workers)) {
          if (e - s > 1) expect(costs.subarray(s, e).reduce((a, b) => a + b, 0) - costs[e - 1] / 2).toBeLessThanOrEqual(total / workers + 1e-9);
        }
      }),
      FC,
    );
  });

  it('gives equal costs the chunks of a count-based plan', () => {
    const n = 256;
    const byCount = ranges(new ChunkPlan(new Array(n).fill(0), { kind: 'adaptive' }, 16, () => 0.2));
    const byCost = ranges(new ChunkPlan(new Array(n).fill(0), { kind: 'adaptive' }, 16, () => 0.2, new Float64Array(n).fill(3)));
    expect(byCost.length).toBeLessThanOrEqual(byCount.length + 16);
    expect(byCost[0][1] - byCost[0][0]).toBeGreaterThanOrEqual(byCount[0][1] - byCount[0][0] - 1);
  });
});

describe('ChunkPlan with a static first batch', () => {
  it('hands out the static chunks first, then adaptive ones for the rest, covering every task once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 64 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, workers, share) => {
        // A static batch of up to `workers` chunks over the first share of the tasks.
        const covered = Math.max(1, Math.floor(n * share));
        const ends = Int32Array.from(new Set(Array.from({ length: Math.min(workers, covered) }, (_, b) => Math.round(((b + 1) * covered) / Math.min(workers, covered)))));
        const got = ranges(new ChunkPlan(new Array(n).fill(0), { kind: 'adaptive' }, workers, () => 0.3, undefined, ends));
        expect(got.slice(0, ends.length).map(([, e]) => e)).toEqual(Array.from(ends));
        expectContiguousCover(got, n);
      }),
      FC,
    );
  });

  it('ignores a static batch whose chunk of vectors would exceed MAX_CHUNK_BYTES, and any with another chunking', () => {
    const row = new Float64Array(MAX_CHUNK_BYTES / 8 / 4); // a quarter of the cap
    const big = ranges(new ChunkPlan(new Array(40).fill(row), { kind: 'adaptive' }, 2, () => 0, undefined, Int32Array.of(20, 40)));
    expect(Math.max(...big.map(([s, e]) => e - s))).toBe(4);
    expect(ranges(new ChunkPlan(new Array(10).fill(0), { kind: 'size', size: 3 }, 2, undefined, undefined, Int32Array.of(5, 10))).map(([s, e]) => e - s)).toEqual([3, 3, 2, 2]);
  });
});
