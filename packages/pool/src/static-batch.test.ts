import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { staticBatchPays, type StaticBatchCase } from './static-batch.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x57a7), numRuns: 300 };

const caseArb: fc.Arbitrary<StaticBatchCase> = fc.record({
  loads: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 128 }),
  adaptiveChunks: fc.integer({ min: 1, max: 2000 }),
  variation: fc.double({ min: 0, max: 3, noNaN: true }),
  taskMs: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
  overheadMs: fc.double({ min: 0, max: 1e3, noNaN: true }),
  masterMs: fc.double({ min: 0, max: 10, noNaN: true }),
});

describe('staticBatchPays', () => {
  it('never pays when the adaptive plan sends no more chunks than there are workers, or its chunks cost nothing', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        expect(staticBatchPays({ ...c, adaptiveChunks: Math.min(c.adaptiveChunks, c.loads.length) })).toBe(false);
        expect(staticBatchPays({ ...c, overheadMs: 0, masterMs: 0 })).toBe(false);
      }),
      FC,
    );
  });

  it('pays more readily as round trips cost more and the adaptive plan sends more, less readily as predictions miss more', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 1, max: 100, noNaN: true }), (c, factor) => {
        if (!staticBatchPays(c)) return;
        expect(staticBatchPays({ ...c, overheadMs: c.overheadMs * factor })).toBe(true);
        expect(staticBatchPays({ ...c, masterMs: c.masterMs * factor })).toBe(true);
        expect(staticBatchPays({ ...c, adaptiveChunks: Math.ceil(c.adaptiveChunks * factor) })).toBe(true);
        expect(staticBatchPays({ ...c, variation: c.variation / factor })).toBe(true);
      }),
      FC,
    );
  });

  it('weighs the predicted makespan excess against the messages: the scaling benchmark\'s cases', () => {
    // 256 tasks on 64 workers, perfectly packed, 18 ms tasks predicted to 7%: the static batch
    // finishes about 0.07 × √4 × √(2 ln 64) ≈ 0.40 tasks (7.3 ms) after the mean.
    const sampler = { loads: new Float64Array(64).fill(4), adaptiveChunks: 150, variation: 0.07, taskMs: 18, masterMs: 0.03 };
    // MPI ranks 32 to a core: 10 ms a round trip, 86 extra chunks, 13.4 + 2.6 ms lost: static.
    expect(staticBatchPays({ ...sampler, overheadMs: 10 })).toBe(true);
    // One core per worker: 0.2 ms a round trip and 30 µs of the master's time, 2.8 ms lost: adaptive.
    expect(staticBatchPays({ ...sampler, overheadMs: 0.2 })).toBe(false);
    // A master slowed to 0.1 ms a chunk (8.6 ms) and 5 ms round trips (6.7 ms): static.
    expect(staticBatchPays({ ...sampler, overheadMs: 5, masterMs: 0.1 })).toBe(true);
    // A badly packed static batch (a bin at 1.5 times the mean) loses 2 tasks: adaptive.
    const skewed = Float64Array.from({ length: 64 }, (_, b) => (b === 0 ? 6 : 4));
    expect(staticBatchPays({ ...sampler, loads: skewed, overheadMs: 10 })).toBe(false);
    // One worker: nothing to balance.
    expect(staticBatchPays({ ...sampler, loads: [256], adaptiveChunks: 10, overheadMs: 10 })).toBe(false);
  });
});
