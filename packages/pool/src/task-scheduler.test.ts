import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './test-support/seeded-random.js';
import { decodeTasks } from './chunk-codec.js';
import type { Chunking } from './chunk-plan.js';
import type { RunMessage, WorkerReply } from './protocol.js';
import { shipFunction } from './shipped-function.js';
import { TaskClock } from './task-clock.js';
import { TaskScheduler, type SchedulerTransport } from './task-scheduler.js';
import { WorkerLoop } from './worker-loop.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x5c4ed), numRuns: 60 };

/**
 * A scheduler whose workers are WorkerLoops in this thread, behind a network that delivers the
 * pending messages (both ways, structured-cloned as a port would) in an order drawn from `random`:
 * chunks finish in any order, as on real workers.
 */
function inProcess(workers: number, chunking: Chunking, random: () => number, options: { taskTimeout?: number; clocks?: boolean; transport?: Partial<SchedulerTransport>; latencyMs?: number } = {}) {
  const inFlight: (() => void)[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (inFlight.length === 0) return;
    const [deliver] = inFlight.splice(Math.floor(random() * inFlight.length), 1);
    deliver();
    schedule();
  };
  const schedule = () => {
    if (scheduled || inFlight.length === 0) return;
    scheduled = true;
    if (options.latencyMs === undefined) setImmediate(flush);
    else setTimeout(flush, options.latencyMs);
  };
  const clocks = new Map<number, TaskClock>();
  const sent: RunMessage[] = [];
  const loops = new Map<number, WorkerLoop>();
  const scheduler: TaskScheduler = new TaskScheduler({
    kind: 'test worker',
    chunking,
    taskTimeout: options.taskTimeout ?? Infinity,
    afterTimeout: 'It was left alone.',
    transport: {
      send: (id, message) => {
        const copy = structuredClone(message);
        sent.push(copy);
        inFlight.push(() => void loops.get(id)!.run(copy));
        schedule();
      },
      abandon: () => false,
      ...(options.clocks === true ? { clock: (id: number) => clocks.get(id) } : {}),
      ...options.transport,
    },
  });
  for (let id = 1; id <= workers; id++) {
    const clock = new TaskClock();
    clocks.set(id, clock);
    loops.set(id, new WorkerLoop({
      config: { allowCode: true, allowModules: [] },
      clock,
      send: (reply: WorkerReply) => {
        const copy = structuredClone(reply);
        inFlight.push(() => scheduler.receive(id, copy));
        schedule();
      },
    }));
    scheduler.addWorker(id, true);
  }
  return { scheduler, sent };
}

const chunkingArb: fc.Arbitrary<Chunking> = fc.oneof(
  fc.constant({ kind: 'adaptive' } as const),
  fc.integer({ min: 1, max: 40 }).map((size) => ({ kind: 'size', size }) as const),
  fc.integer({ min: 1, max: 6 }).map((perWorker) => ({ kind: 'perWorker', perWorker }) as const),
);

const logLike = (x: Float64Array) => Math.sin(x[0]) * Math.exp(x[1]) / (1 + x[2]) - Math.log(Math.abs(x[0]) + 1e-300);

describe('TaskScheduler', () => {
  it('returns results bit-identical to a serial loop, whatever the chunking, worker count and finishing order', async () => {
    const shipped = shipFunction(logLike);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.double(), fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 16 }),
        chunkingArb,
        fc.integer(),
        async (rows, workers, chunking, seed) => {
          const tasks = rows.map((r) => Float64Array.from(r));
          const serial = tasks.map(logLike);
          const { scheduler, sent } = inProcess(workers, chunking, mulberry32(seed));
          const results = (await scheduler.map(shipped, tasks)) as number[];
          expect(results.length).toBe(serial.length);
          for (let i = 0; i < serial.length; i++) if (!Object.is(results[i], serial[i])) throw new Error(`task ${i}: ${results[i]} differs from the serial ${serial[i]}`);
          // Every task went out exactly once, in contiguous chunks handed out in task order.
          let next = 0;
          for (const m of sent) {
            expect(m.first).toBe(next);
            next += decodeTasks(m.tasks).length;
          }
          expect(next).toBe(tasks.length);
          expect(scheduler.stats().chunks).toBe(sent.length);
        },
      ),
      FC,
    );
  });

  it('adaptive chunks shrink as the map drains, and each chunk but the function\'s first per worker comes without the function', async () => {
    const { scheduler, sent } = inProcess(4, { kind: 'adaptive' }, mulberry32(1));
    await scheduler.map(shipFunction((i: number) => i), Array.from({ length: 200 }, (_, i) => i));
    const sizes = sent.map((m, k) => (sent[k + 1]?.first ?? 200) - m.first);
    // A first map assumes a moderate variation of task times: batches of 4 × 46, 4 × 3, 4 × 1.
    expect(sizes).toEqual([46, 46, 46, 46, 3, 3, 3, 3, 1, 1, 1, 1]);
    for (let k = 1; k < sizes.length; k++) expect(sizes[k]).toBeLessThanOrEqual(sizes[k - 1]);
    expect(sent.filter((m) => m.wire !== undefined)).toHaveLength(4);
  });

  it('reports the lowest failing task even when a higher one fails first', async () => {
    const { scheduler } = inProcess(3, { kind: 'size', size: 2 }, mulberry32(7));
    const fail = shipFunction(async (i: number) => {
      if (i === 2) {
        await new Promise((r) => setTimeout(r, 50));
        throw new RangeError('low');
      }
      if (i > 8) throw new Error('high');
      return i;
    });
    await expect(scheduler.map(fail, Array.from({ length: 20 }, (_, i) => i))).rejects.toMatchObject({ code: 'TASK_FAILED', index: 2 });
  });

  it('sends a chunk again, with its function, when the worker no longer holds the function', async () => {
    const replies: WorkerReply[] = [];
    const f = shipFunction((i: number) => i + 1);
    // A worker that forgets every function (as one whose cache evicted it) answers `missing`.
    const forgetful: TaskScheduler = new TaskScheduler({
      kind: 'test worker', chunking: { kind: 'adaptive' }, taskTimeout: Infinity, afterTimeout: '',
      transport: {
        send: (_id, message) => {
          const reply: WorkerReply = message.wire === undefined ? { type: 'missing', chunk: message.chunk } : { type: 'done', chunk: message.chunk, results: { values: [42] }, busyMs: 0 };
          replies.push(reply);
          setImmediate(() => forgetful.receive(1, reply));
        },
        abandon: () => false,
      },
    });
    forgetful.addWorker(1, true);
    expect(await forgetful.map(f, [0])).toEqual([42]);
    expect(await forgetful.map(f, [0])).toEqual([42]);
    expect(replies.map((r) => r.type)).toEqual(['done', 'missing', 'done']);
  });

  it('fails the chunk of a worker that is removed, and goes on with the others', async () => {
    let victim: number | undefined;
    const scheduler: TaskScheduler = new TaskScheduler({
      kind: 'test worker', chunking: { kind: 'perWorker', perWorker: 1 }, taskTimeout: Infinity, afterTimeout: '',
      transport: {
        send: (id, message) => {
          if (message.first === 0 && victim === undefined) {
            victim = id;
            return; // this worker dies with its chunk
          }
          const n = 'values' in message.tasks ? message.tasks.values.length : 0;
          setImmediate(() => scheduler.receive(id, { type: 'done', chunk: message.chunk, results: { values: new Array(n).fill(1) }, busyMs: 1 }));
        },
        abandon: () => false,
      },
    });
    scheduler.addWorker(1, true);
    scheduler.addWorker(2, true);
    const running = scheduler.map(shipFunction((i: number) => i), [0, 1, 2, 3]);
    await new Promise((r) => setImmediate(r));
    scheduler.removeWorker(victim!, (tasks) => new Error(`died running ${tasks.join(', ')}`));
    await expect(running).rejects.toThrow('died running 0, 1');
    expect(await scheduler.map(shipFunction((i: number) => i), [5, 6])).toEqual([1, 1]);
    expect(scheduler.stats()).toMatchObject({ maps: 2, tasks: 6 });
  });

  it('with taskTimeout, times each task through the worker\'s clock and reports the one that never settles', async () => {
    const abandoned: number[] = [];
    const { scheduler } = inProcess(2, { kind: 'perWorker', perWorker: 1 }, mulberry32(5), {
      taskTimeout: 40, clocks: true,
      transport: { abandon: (id) => (abandoned.push(id), false) },
    });
    const never = shipFunction((i: number) => (i === 4 ? new Promise(() => setTimeout(() => {}, 1e6)) : i));
    await expect(scheduler.map(never, [0, 1, 2, 3, 4, 5])).rejects.toMatchObject({ code: 'TASK_TIMEOUT', index: 4, tasks: [4, 4], value: 40 });
    expect(abandoned).toHaveLength(1);
    // The other worker takes the next map.
    expect(await scheduler.map(shipFunction((i: number) => -i), [1, 2])).toEqual([-1, -2]);
  });
});

describe('TaskScheduler with cost hints', () => {
  // The task's index rides in its last coordinate, so that the chunks sent can be read back.
  const rowsOf = (m: RunMessage) => decodeTasks(m.tasks) as Float64Array[];

  it('hands the dearest tasks out first, returns results bit-identical to a serial loop, and measures each task', async () => {
    const shipped = shipFunction(logLike);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })), { minLength: 2, maxLength: 200 }),
        fc.integer({ min: 2, max: 16 }),
        chunkingArb,
        fc.integer(),
        async (rows, workers, chunking, seed) => {
          const tasks = rows.map((r, i) => Float64Array.from([r[0], r[1], r[2], i]));
          const hints = rows.map((r) => r[3]);
          const serial = tasks.map(logLike);
          const durations = new Float64Array(tasks.length);
          const { scheduler, sent } = inProcess(workers, chunking, mulberry32(seed));
          const results = (await scheduler.map(shipped, tasks, { costHints: hints, durations })) as number[];
          for (let i = 0; i < serial.length; i++) if (!Object.is(results[i], serial[i])) throw new Error(`task ${i}: ${results[i]} differs from the serial ${serial[i]}`);
          // Every task went out once; a chunk's tasks ascend; the chunks go out dearest first.
          const seen = new Set<number>();
          let previous = Infinity;
          let first = 0;
          for (const m of sent) {
            expect(m.first).toBe(first);
            expect(m.timeTasks).toBe(true);
            const ids = rowsOf(m).map((r) => r[3]);
            first += ids.length;
            for (let k = 1; k < ids.length; k++) expect(ids[k]).toBeGreaterThan(ids[k - 1]);
            const dearest = Math.max(...ids.map((i) => hints[i]));
            expect(dearest).toBeLessThanOrEqual(previous);
            previous = Math.min(...ids.map((i) => hints[i]));
            for (const i of ids) seen.add(i);
          }
          expect(seen.size).toBe(tasks.length);
          for (const t of durations) expect(t).toBeGreaterThanOrEqual(0);
        },
      ),
      FC,
    );
  });

  it('cuts adaptive chunks by predicted cost: a dear task travels alone, cheap ones together', async () => {
    const { scheduler, sent } = inProcess(4, { kind: 'adaptive' }, mulberry32(3));
    const hints = Array.from({ length: 64 }, (_, i) => (i % 16 === 5 ? 100 : 1));
    await scheduler.map(shipFunction((x: Float64Array) => x[0]), Array.from({ length: 64 }, (_, i) => Float64Array.of(i)), { costHints: hints });
    const chunks = sent.map((m) => rowsOf(m).map((r) => r[0]));
    expect(chunks.slice(0, 4)).toEqual([[5], [21], [37], [53]]);
    expect(Math.max(...chunks.slice(4).map((c) => c.length))).toBeGreaterThan(1);
  });

  it('ignores the hints with one worker (task order) and fills durations with NaN for awaited tasks', async () => {
    const { scheduler, sent } = inProcess(1, { kind: 'size', size: 3 }, mulberry32(2));
    const durations = new Float64Array(5);
    expect(await scheduler.map(shipFunction(async (i: number) => i * 2), [0, 1, 2, 3, 4], { costHints: [1, 2, 3, 4, 5], durations })).toEqual([0, 2, 4, 6, 8]);
    expect(sent.map((m) => m.first)).toEqual([0, 3]);
    expect(Array.from(durations).every(Number.isNaN)).toBe(true);
  });

  it('reports the lowest failing task even when the hints send higher tasks first', async () => {
    const fail = shipFunction(async (i: number) => {
      if (i === 2) {
        await new Promise((r) => setTimeout(r, 30));
        throw new RangeError('low');
      }
      if (i > 8) throw new Error('high');
      return i;
    });
    const syncFail = shipFunction((i: number) => {
      if (i === 3 || i === 15) throw new Error(`fails at ${i}`);
      return i;
    });
    const tasks = Array.from({ length: 20 }, (_, i) => i);
    const dearestLast = tasks.map((i) => i);
    for (const chunking of [{ kind: 'size', size: 2 }, { kind: 'adaptive' }, { kind: 'perWorker', perWorker: 1 }] as const) {
      for (const seed of [1, 2, 3]) {
        const { scheduler } = inProcess(3, chunking, mulberry32(seed));
        await expect(scheduler.map(fail, tasks, { costHints: dearestLast })).rejects.toMatchObject({ code: 'TASK_FAILED', index: 2 });
        await expect(scheduler.map(syncFail, tasks, { costHints: dearestLast })).rejects.toMatchObject({ code: 'TASK_FAILED', index: 3 });
      }
    }
  });

  it('once round trips are measured to cost more than the adaptive chunks gain, sends one chunk per worker: results, failures and timeouts unchanged', async () => {
    // Tasks take microseconds and each message a millisecond: after a first map has measured that,
    // a hinted map goes out as one static batch, balanced longest first.
    const shipped = shipFunction(logLike);
    const workers = 5;
    const random = mulberry32(11);
    const tasks = Array.from({ length: 120 }, (_, i) => Float64Array.from([random() * 4 - 2, random() * 4 - 2, random() * 5, i]));
    const hints = tasks.map(() => 0.1 + 10 * random());
    const serial = tasks.map(logLike);
    const { scheduler, sent } = inProcess(workers, { kind: 'adaptive' }, mulberry32(12), { taskTimeout: 300, clocks: true, latencyMs: 1 });
    await scheduler.map(shipped, tasks, { costHints: hints });
    const adaptiveChunks = sent.length;
    expect(adaptiveChunks).toBeGreaterThan(workers);
    sent.length = 0;
    const results = (await scheduler.map(shipped, tasks, { costHints: hints })) as number[];
    for (let i = 0; i < serial.length; i++) if (!Object.is(results[i], serial[i])) throw new Error(`task ${i}: ${results[i]} differs from the serial ${serial[i]}`);
    expect(sent.length).toBe(workers);
    const loads = sent.map((m) => rowsOf(m).reduce((a, r) => a + hints[r[3]], 0));
    const cheapest = Math.min(...hints);
    const total = hints.reduce((a, b) => a + b, 0);
    expect(Math.max(...loads)).toBeLessThanOrEqual(total / workers + Math.max(...hints));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThan(Math.max(...hints) + cheapest);
    // The lowest failing task is reported, whichever static chunk fails first.
    // Tasks that take measurable time (a task of no time leaves its variation unmeasured).
    const syncFail = shipFunction((x: Float64Array) => {
      for (const t = performance.now(); performance.now() - t < 0.05; );
      if (x[3] === 3 || x[3] === 100) throw new Error(`fails at ${x[3]}`);
      return x[3];
    });
    await scheduler.map(syncFail, tasks.slice(0, 3), { costHints: hints.slice(0, 3) });
    sent.length = 0;
    await expect(scheduler.map(syncFail, tasks, { costHints: tasks.map((_, i) => i + 1) })).rejects.toMatchObject({ code: 'TASK_FAILED', index: 3 });
    expect(sent.length).toBe(workers);
    // Per-task timeouts still name the task.
    const never = shipFunction((x: Float64Array) => {
      for (const t = performance.now(); performance.now() - t < 0.05; );
      return x[3] === 7 ? new Promise(() => setTimeout(() => {}, 1e6)) : x[3];
    });
    await scheduler.map(never, tasks.slice(0, 3), { costHints: hints.slice(0, 3) });
    sent.length = 0;
    await expect(scheduler.map(never, tasks.slice(0, 40), { costHints: hints.slice(0, 40) })).rejects.toMatchObject({ code: 'TASK_TIMEOUT', index: 7 });
    expect(sent.length).toBe(workers);
  });

  it('names the tasks a worker had when it died, not the range they span, when cost hints reorder them', async () => {
    let victim: number | undefined;
    const scheduler: TaskScheduler = new TaskScheduler({
      kind: 'test worker',
      chunking: { kind: 'size', size: 3 },
      taskTimeout: Infinity,
      afterTimeout: '',
      transport: {
        send: (id, message) => {
          if (victim === undefined) {
            victim = id;
            return; // this worker dies with the first chunk: the three dearest tasks
          }
          const n = 'values' in message.tasks ? message.tasks.values.length : 0;
          setImmediate(() => scheduler.receive(id, { type: 'done', chunk: message.chunk, results: { values: new Array(n).fill(1) }, busyMs: 1 }));
        },
        abandon: () => false,
      },
    });
    scheduler.addWorker(1, true);
    scheduler.addWorker(2, true);
    const running = scheduler.map(shipFunction((i: number) => i), [0, 1, 2, 3, 4, 5], { costHints: [1, 9, 2, 8, 3, 7] });
    await new Promise((r) => setImmediate(r));
    let named: readonly number[] = [];
    scheduler.removeWorker(victim!, (tasks) => {
      named = tasks;
      return new Error('died');
    });
    await expect(running).rejects.toThrow('died');
    expect(named).toEqual([1, 3, 5]);
  });

  it('with taskTimeout, still times each task and names the one that never settles by its index', async () => {
    const { scheduler } = inProcess(2, { kind: 'size', size: 1 }, mulberry32(5), { taskTimeout: 40, clocks: true });
    const never = shipFunction((i: number) => (i === 4 ? new Promise(() => setTimeout(() => {}, 1e6)) : i));
    // Task 4 is the dearest but one: it goes out second, at position 1.
    await expect(scheduler.map(never, [0, 1, 2, 3, 4, 5], { costHints: [0, 1, 2, 3, 8, 9] })).rejects.toMatchObject({ code: 'TASK_TIMEOUT', index: 4, tasks: [4, 4], value: 40 });
  });
});
