// MPIPool's scheduling, failure and shutdown paths, with every rank in this thread on an injected
// in-process binding (test-support/fake-mpi-world.ts): no mpirun needed. The real-mpirun tests are in test/.
import { functionReference, shipFunction } from '@tempest/pool';
import { describe, expect, it } from 'vitest';
import { FakeWorld } from './test-support/fake-mpi-world.js';
import { MPIPool, type MPIPoolOptions } from './index.js';

/** A world of `size` ranks, with an MPIPool on each; `workerOptions` apply to the worker ranks. */
function world(size: number, options: Omit<MPIPoolOptions, 'binding'> = {}, workerOptions = options) {
  const fake = new FakeWorld(size);
  const pools = Array.from({ length: size }, (_, r) => new MPIPool({ ...(r === 0 ? options : workerOptions), binding: fake.rank(r) }));
  return { fake, master: pools[0], workers: pools.slice(1) };
}

async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the map to fail');
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MPIPool on an injected binding', () => {
  it('has the master and worker roles, and maps in task order: numbers, packed and ragged vectors, objects', async () => {
    const { fake, master, workers } = world(4);
    expect(master.isMaster()).toBe(true);
    expect(workers.every((w) => w.isWorker())).toBe(true);
    expect(master.size).toBe(3);
    expect(await master.map((x: number) => x * x, range(100))).toEqual(range(100).map((x) => x * x));
    const vectors = range(50).map((i) => new Float64Array([i, -0, NaN, Infinity]));
    const sums = await master.map((v: Float64Array) => [v[0], Object.is(v[1], -0), Number.isNaN(v[2]), v[3]], vectors);
    expect(sums).toEqual(range(50).map((i) => [i, true, true, Infinity]));
    const ragged = range(20).map((i) => new Float64Array(i).fill(1));
    expect(await master.map((v: Float64Array) => v.length, ragged)).toEqual(range(20));
    expect(await master.map((i: number) => ({ i, s: `t${i}` }), range(7))).toEqual(range(7).map((i) => ({ i, s: `t${i}` })));
    // Guided chunks: more chunks than workers, each task sent once.
    const stats = master.stats();
    expect(stats).toMatchObject({ maps: 4, tasks: 177 });
    expect(stats.chunks).toBeGreaterThan(4 * 3);
    expect(stats.busyMs).toBeGreaterThanOrEqual(0);
    await master.close();
    await Promise.all(workers.map((w) => w.wait()));
    for (const rank of [0, 1, 2, 3]) expect(fake.calls.filter((c) => c.rank === rank && c.call === 'setCleanExit').at(-1)?.value).toBe(true);
  });

  it('serves on worker ranks that wait on their own thread (receiveWait), letting the event loop run between waits', async () => {
    const fake = new FakeWorld(3, { receiveWait: true });
    const pools = range(3).map((r) => new MPIPool({ binding: fake.rank(r) }));
    const [master, ...workers] = pools;
    // A timer of the worker ranks' own still fires while they wait for chunks.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await sleep(5);
    expect(await master.map((x: number) => x + 1, range(40))).toEqual(range(40).map((x) => x + 1));
    await master.close();
    await Promise.all(workers.map((w) => w.wait()));
    clearInterval(timer);
    expect(fake.waitsTimedOut).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(0);
  });

  it('hands out the dearest tasks first with cost hints, measures each task, and keeps results and the failing index', async () => {
    const { master, workers } = world(4);
    // The order of dispatch itself is the scheduler's (task-scheduler.test.ts); here, the hints and
    // durations cross the MPI frames and come back right.
    const record = (i: number) => i * 2;
    const hints = range(30).map((i) => (i === 17 ? 50 : i === 4 ? 40 : 1));
    const durations = new Float64Array(30);
    expect(await master.map(record, range(30), { costHints: hints, durations })).toEqual(range(30).map((i) => i * 2));
    expect(durations.every((t) => t >= 0)).toBe(true);
    const failing = (i: number) => {
      if (i === 5 || i === 17) throw new Error(`fails at ${i}`);
      return i;
    };
    expect(await rejection(master.map(failing, range(30), { costHints: hints }))).toMatchObject({ code: 'TASK_FAILED', index: 5 });
    await master.close();
    await Promise.all(workers.map((w) => w.wait()));
  });

  it('reports the failing task with the lowest index, whichever fails first, and stays usable', async () => {
    const { master } = world(4, { chunkSize: 2 });
    const error = await rejection(master.map(async (i: number) => {
      if (i === 3) {
        await new Promise((r) => setTimeout(r, 100));
        throw new RangeError('the lower failure');
      }
      if (i === 15 || i === 19) throw new Error('a higher failure');
      return i;
    }, range(20)));
    expect(error).toMatchObject({ code: 'TASK_FAILED', index: 3 });
    expect(error.message).toMatch(/^Task 3 failed in MPI rank \d: RangeError: the lower failure/);
    expect(await master.map((i: number) => i + 1, range(5))).toEqual([1, 2, 3, 4, 5]);
    await master.close();
  });

  it('a worker rank created with shipCode: false refuses code from its master', async () => {
    const { master } = world(2, {}, { shipCode: false });
    const error = await rejection(master.map((i: number) => i, [1, 2]));
    expect(error).toMatchObject({ code: 'TASK_FAILED' });
    expect((error.cause as { code?: string }).code).toBe('CODE_NOT_ALLOWED');
    expect(await master.map(functionReference(import.meta.url, '../test/fixtures/functions.ts', 'triple'), [1, 2])).toEqual([3, 6]);
    await master.close();
  });

  it('times each task: a task that never settles fails its map with TASK_TIMEOUT naming it; its rank gets no more tasks, and closing marks the exit unclean', async () => {
    const { fake, master } = world(3, { taskTimeout: 60, chunksPerWorker: 1 });
    // Tasks 0–4 and 5–9 go to the two ranks; task 7 never settles (a timer keeps its promise pending).
    const never = shipFunction((i: number) => (i === 7 ? new Promise(() => setTimeout(() => {}, 1e6)) : i));
    const error = await rejection(master.map(never, range(10)));
    expect(error).toMatchObject({ code: 'TASK_TIMEOUT', index: 7, tasks: [7, 7], value: 60 });
    expect(error.message).toMatch(/^Task 7 did not finish within 60 ms \(taskTimeout 60 ms per task\) in MPI rank \d\. An MPI rank cannot be stopped on its own/);
    // The other rank runs the next maps.
    expect(await master.map((i: number) => 2 * i, range(6))).toEqual(range(6).map((i) => 2 * i));
    await master.close();
    // The master told every rank to stop, and will abort the job at exit rather than finalize.
    expect(fake.sent.filter((m) => m.source === 0).length).toBeGreaterThanOrEqual(2);
    const own = fake.calls.filter((c) => c.rank === 0);
    expect(own.at(-2)).toEqual({ rank: 0, call: 'setCleanExit', value: false });
    expect(own.at(-1)).toEqual({ rank: 0, call: 'cancelReceives' });
  });

  it('a rank whose task was slow, not stuck, rejoins when it answers, and then the pool closes cleanly', async () => {
    const { fake, master } = world(3, { taskTimeout: 100, chunkSize: 1 });
    const slow = shipFunction(async (ms: number) => {
      await new Promise((r) => setTimeout(r, ms));
      return ms;
    });
    // One rank times out on the 400 ms task; the other goes on with the fast one.
    expect(await rejection(master.map(slow, [400, 0]))).toMatchObject({ code: 'TASK_TIMEOUT', index: 0, tasks: [0, 0] });
    // The next map runs on the remaining rank while the lost one finishes, answers, and rejoins.
    // (Ten tasks of 60 ms: each well within its limit, 600 ms in all.)
    expect(await master.map(slow, new Array(10).fill(60))).toEqual(new Array(10).fill(60));
    await master.close();
    // No rank is left in a timed-out task: the exit is clean (finalize, not abort).
    expect(fake.calls.filter((c) => c.rank === 0 && c.call === 'setCleanExit').at(-1)?.value).toBe(true);
    expect(fake.calls.some((c) => c.rank === 0 && c.call === 'cancelReceives')).toBe(false);
  });

  it('when every rank is lost to a timeout, a map has nobody to run it', async () => {
    const { master } = world(2, { taskTimeout: 30 });
    const never = shipFunction((i: number) => (i === 0 ? new Promise(() => setTimeout(() => {}, 1e6)) : i));
    expect(await rejection(master.map(never, [0]))).toMatchObject({ code: 'TASK_TIMEOUT', index: 0 });
    expect(await rejection(master.map((i: number) => i, [1, 2]))).toMatchObject({
      code: 'TASK_TIMEOUT', index: 0, tasks: [0, 1], message: expect.stringMatching(/^Every MPI rank of this pool is still running a task that exceeded taskTimeout \(30 ms per task\)/),
    });
    await master.close();
  });

  it('closing rejects a running map with POOL_CLOSED, waits for the chunks on workers, then stops every worker', async () => {
    const { fake, master, workers } = world(3);
    const running = rejection(master.map(async (i: number) => {
      await new Promise((r) => setTimeout(r, 30));
      return i;
    }, range(40)));
    await sleep(5);
    await master.close();
    expect((await running).code).toBe('POOL_CLOSED');
    // Every worker's wait() resolves: it got STOP after its last chunk was received.
    await Promise.all(workers.map((w) => w.wait()));
    await Promise.all(workers.map((w) => w.close()));
    for (const rank of [0, 1, 2]) expect(fake.rank(rank).pendingReceives()).toBe(0);
    await master.close(); // idempotent
    await expect(master.map((i: number) => i, [1])).rejects.toMatchObject({ code: 'POOL_CLOSED' });
    for (const rank of [0, 1, 2]) expect(fake.calls.filter((c) => c.rank === rank && c.call === 'setCleanExit').at(-1)?.value).toBe(true);
  });

  it('fails maps in flight with MPI_ERROR when receiving breaks', async () => {
    const { fake, master } = world(2);
    const running = rejection(master.map(async (i: number) => {
      await new Promise((r) => setTimeout(r, 50));
      return i;
    }, range(4)));
    await sleep(5);
    fake.breakReceives(0, new Error('connection reset'));
    const error = await running;
    expect(error).toMatchObject({ code: 'MPI_ERROR' });
    expect(error.message).toMatch(/Receiving results failed: connection reset/);
    await expect(master.map((i: number) => i, [1])).rejects.toMatchObject({ code: 'MPI_ERROR' });
  });

  it('refuses map on a worker rank, and invalid options all at once', async () => {
    const { master, workers } = world(2);
    await expect(workers[0].map((i: number) => i, [1])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/only the master \(rank 0\) calls map/) });
    expect(() => new MPIPool({ chunkSize: 0, taskTimeout: -1, shipCode: 'yes' as never, bindng: 1 } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIGURATION', problems: expect.arrayContaining([expect.stringMatching(/^unknown option "bindng"/), expect.stringMatching(/^chunkSize/), expect.stringMatching(/^taskTimeout/), expect.stringMatching(/^shipCode/)]) }),
    );
    expect(() => new MPIPool({ binding: new FakeWorld(1).rank(0) })).toThrow(/Tried to create MPI pool with only one process/);
    await master.close();
  });
});
