import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkPlan } from './chunk-plan.js';
import { ScheduledJob, type ChunkRun } from './scheduled-job.js';
import { shipFunction } from './shipped-function.js';
import type { ScheduleEstimates } from './static-batch.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x5b7c), numRuns: 150 };

const shipped = shipFunction((x: number) => x);

/** Estimates as measured: tasks of `taskMs`, known to `variation`, round trips of `overheadMs`, `masterMs` of the master's time per chunk. */
const measured = (variation: number, taskMs: number, overheadMs: number, masterMs = 0): ScheduleEstimates => ({ variation: () => variation, taskMs: () => taskMs, overheadMs: () => overheadMs, masterMs: () => masterMs });
const unmeasured: ScheduleEstimates = { variation: () => undefined, taskMs: () => undefined, overheadMs: () => undefined, masterMs: () => undefined };

/** The chunks a job hands out, as task indices. */
function chunksOf(job: ScheduledJob): number[][] {
  const out: number[][] = [];
  for (let r = job.nextRange(); r !== undefined; r = job.nextRange()) {
    const tasks: number[] = [];
    for (let p = r[0]; p < r[1]; p++) tasks.push(job.taskAt(p));
    out.push(tasks);
  }
  return out;
}

const jobOf = (n: number, workers: number, estimates: ScheduleEstimates, hints?: number[]) =>
  new ScheduledJob(shipped, Array.from({ length: n }, (_, i) => i), { kind: 'adaptive' }, workers, estimates, () => {}, () => {}, hints === undefined ? {} : { costHints: hints });

describe('ScheduledJob: the static batch', () => {
  it('with round trips dear against the hints\' error, hands out one chunk per worker, balanced longest first, every task once, each chunk ascending', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 2, maxLength: 300 }), fc.integer({ min: 2, max: 64 }), (hints, workers) => {
        const chunks = chunksOf(jobOf(hints.length, workers, measured(0.05, 1, 1e6), hints));
        const adaptive = new ChunkPlan(hints, { kind: 'adaptive' }, workers, () => 0.05, Float64Array.from(hints).sort().reverse());
        let adaptiveChunks = 0;
        while (adaptive.next() !== undefined) adaptiveChunks++;
        if (adaptiveChunks <= Math.min(workers, hints.length)) return;
        expect(chunks.length).toBe(Math.min(workers, hints.length));
        expect(chunks.flat().sort((a, b) => a - b)).toEqual(hints.map((_, i) => i));
        for (const c of chunks) for (let k = 1; k < c.length; k++) expect(c[k]).toBeGreaterThan(c[k - 1]);
        // Longest first: no chunk's predicted load exceeds the mean by more than its cheapest task.
        const total = hints.reduce((a, b) => a + b, 0);
        for (const c of chunks) {
          const load = c.reduce((a, i) => a + hints[i], 0);
          expect(load - Math.min(...c.map((i) => hints[i]))).toBeLessThanOrEqual(total / chunks.length + 1e-9);
        }
      }),
      FC,
    );
  });

  it('keeps the adaptive plan, dearest first, when round trips are cheap or not measured yet', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 2, maxLength: 300 }), fc.integer({ min: 2, max: 64 }), (hints, workers) => {
        const costs = Float64Array.from(hints).sort().reverse();
        const expected: number[] = [];
        const adaptive = new ChunkPlan(hints, { kind: 'adaptive' }, workers, () => 0.3, costs);
        for (let r = adaptive.next(); r !== undefined; r = adaptive.next()) expected.push(r[1] - r[0]);
        for (const estimates of [measured(0.3, 1, 0, 0), { ...unmeasured, variation: () => 0.3 }]) {
          expect(chunksOf(jobOf(hints.length, workers, estimates, hints)).map((c) => c.length)).toEqual(expected);
        }
      }),
      FC,
    );
  });

  it('without hints, cuts the static batch into equal chunks in task order', () => {
    // 20 ms tasks known to 20%: the static batch's slowest worker is predicted 0.2 × √4 × √(2 ln 64)
    // ≈ 1.15 tasks (23 ms) late; the adaptive plan sends 128 chunks, 64 more than the workers, at
    // 30 ms a round trip (30 ms lost) or 0.4 ms of the master's time each (25.6 ms).
    const chunks = chunksOf(jobOf(256, 64, measured(0.2, 20, 30)));
    expect(chunksOf(jobOf(256, 64, measured(0.2, 20, 0, 0.4)))).toEqual(chunks);
    expect(chunks).toEqual(Array.from({ length: 64 }, (_, b) => [4 * b, 4 * b + 1, 4 * b + 2, 4 * b + 3]));
    // Cheap round trips: adaptive factoring, more chunks than workers.
    expect(chunksOf(jobOf(256, 64, measured(0.2, 20, 10, 0.05))).length).toBe(128);
  });

  it('waits, on a failure, for every chunk that holds a lower task, handed out or not', () => {
    // Hints dearest last: the static bins interleave task indices.
    const hints = Array.from({ length: 12 }, (_, i) => i + 1);
    let rejected: unknown;
    const job = new ScheduledJob(shipped, hints, { kind: 'adaptive' }, 3, measured(0.05, 1, 1e6), () => {}, (e) => (rejected = e), { costHints: hints });
    const runs: ChunkRun[] = [];
    for (let r = job.nextRange(), id = 1; r !== undefined; r = job.nextRange(), id++) {
      const run: ChunkRun = { id, job, start: r[0], end: r[1], worker: id, loading: false, carried: false, sentAt: 0 };
      job.sent(run);
      runs.push(run);
    }
    expect(runs.length).toBe(3);
    const lowestOf = (run: ChunkRun) => job.taskAt(run.start);
    const [a, b, c] = [...runs].sort((x, y) => lowestOf(x) - lowestOf(y));
    // The chunk without task 0 fails at its lowest task: the job waits for the chunk that holds 0.
    job.failed(b, lowestOf(b), new Error('b'));
    expect(rejected).toBeUndefined();
    job.completed(c, new Array(c.end - c.start).fill(0));
    expect(rejected).toBeUndefined();
    job.completed(a, new Array(a.end - a.start).fill(0));
    expect((rejected as Error).message).toBe('b');
  });
});
