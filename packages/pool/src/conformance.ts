import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from './pool.js';
import { shipFunction } from './shipped-function.js';

/** Options of {@link describePoolConformance}. */
export interface ConformanceOptions {
  /** Per-test timeout in ms. Default 20 000. */
  timeout?: number;
  /** Number of tasks of the "large task list" tests. Default 20 000. */
  largeTasks?: number;
}

// Every task function here is self-contained, so pools that ship functions by value can run them.
const double = (x: number) => 2 * x;
const slowerFirst = (i: number) => {
  const end = performance.now() + (i % 5) * 0.5;
  while (performance.now() < end);
  return i * 3 + 1;
};
const asyncReversed = async (i: number) => {
  await new Promise((resolve) => setTimeout(resolve, 10 - (i % 10)));
  return -i;
};
const sumRow = (x: Float64Array) => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j];
  return s;
};
const special = (i: number) => [-Infinity, NaN, -0, Infinity, 1e308, 5e-324][i % 6];
const describeValue = (i: number) => ({ i, label: `task ${i}`, pair: [i, -i], vector: new Float64Array([i, i / 2]) });
const failAt7 = (i: number) => {
  if (i === 7) throw new Error(`boom at task ${i}`);
  return i;
};
const failLateLowFastHigh = async (i: number) => {
  if (i === 3) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    throw new Error('the lower failure');
  }
  if (i === 15 || i === 19) throw new Error('a higher failure');
  return i;
};
const functionAt5 = (i: number) => (i === 5 ? () => i : i);
const rejectAt3 = async (i: number) => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  if (i === 3) throw new RangeError('async boom');
  return i;
};

/**
 * Registers the conformance tests of the {@link Pool} interface with vitest: results in task
 * order, sync and async functions, empty and large task lists, packed vectors and special numbers,
 * shipped functions with captures and arguments, task errors (index and remote stack, the lowest
 * failing index reported, pool still usable), a result that cannot be sent back (reported as its
 * task's failure with cause code `RESULT_NOT_CLONEABLE`, so that a sampler can report it as a
 * serial run does), the optional third argument of `map` (cost hints and durations: a pool may
 * ignore it, but must accept it and return the same results), two concurrent `map` calls, reuse, and closing (idempotent, `map` after it rejects,
 * `Symbol.asyncDispose`). Call it inside a vitest test file; `createPool` is called once for the
 * shared pool and once for each closing test, and every pool is closed afterwards.
 *
 * @param name - shown in the test names
 * @param createPool - makes a fresh pool
 * @param options - timeout and size of the large tests
 * @example
 * ```ts
 * // my-pool.test.ts
 * import { describePoolConformance } from '@tempest/pool/conformance';
 * describePoolConformance('MyPool', () => new MyPool({ size: 2 }));
 * ```
 */
export function describePoolConformance(name: string, createPool: () => Pool | Promise<Pool>, options: ConformanceOptions = {}): void {
  const timeout = options.timeout ?? 20_000;
  const large = options.largeTasks ?? 20_000;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);

  describe(`${name} conforms to the Pool interface`, () => {
    let pool: Pool;
    beforeAll(async () => {
      pool = await createPool();
    }, timeout);
    afterAll(async () => {
      await pool?.close();
    }, timeout);

    it('has a positive integer size and the master role', async () => {
      expect(Number.isInteger(pool.size) && pool.size >= 1).toBe(true);
      expect(pool.isMaster()).toBe(true);
      expect(pool.isWorker()).toBe(false);
      await expect(pool.wait()).resolves.toBeUndefined();
    }, timeout);

    it('returns results in task order, whatever order tasks finish in', async () => {
      expect(await pool.map(slowerFirst, range(41))).toEqual(range(41).map((i) => i * 3 + 1));
      expect(await pool.map(asyncReversed, range(30))).toEqual(range(30).map((i) => -i));
    }, timeout);

    it('resolves an empty task list to an empty array', async () => {
      expect(await pool.map(double, [])).toEqual([]);
      expect(await pool.map(asyncReversed, [])).toEqual([]);
    }, timeout);

    it('runs large task lists', async () => {
      const tasks = range(large);
      const results = await pool.map(double, tasks);
      expect(results.length).toBe(large);
      expect(results.every((r, i) => r === 2 * i)).toBe(true);
      const vectors = tasks.slice(0, Math.min(large, 5000)).map((i) => new Float64Array([i, 0.5, -i, 0.25 * i]));
      const sums = await pool.map(sumRow, vectors);
      expect(sums.every((s, i) => s === 0.5 + 0.25 * i)).toBe(true);
    }, timeout);

    it('accepts the optional map options (cost hints, durations) and returns the same results in task order', async () => {
      const tasks = range(40);
      const costHints = tasks.map((i) => (i * 7) % 11);
      const durations = new Float64Array(40);
      const results = await pool.map(slowerFirst, tasks, { costHints, durations });
      expect(results).toEqual(tasks.map((i) => i * 3 + 1));
      // A pool may ignore durations (left as they were) or fill them: NaN or a time, never negative.
      expect(Array.from(durations).every((t) => Number.isNaN(t) || t >= 0)).toBe(true);
    }, timeout);

    it('keeps special numbers and structured results', async () => {
      const specials = await pool.map(special, range(12));
      expect(specials.map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual(range(12).map((i) => {
        const v = [-Infinity, NaN, -0, Infinity, 1e308, 5e-324][i % 6];
        return Object.is(v, -0) ? '-0' : String(v);
      }));
      const values = await pool.map(describeValue, range(9));
      expect(values).toEqual(range(9).map((i) => ({ i, label: `task ${i}`, pair: [i, -i], vector: new Float64Array([i, i / 2]) })));
    }, timeout);

    it('accepts shipped functions with captures and extra arguments', async () => {
      const scale = 3;
      const f = shipFunction((x: number, offset: number) => x * scale + offset, { captures: { scale }, args: [0.5] });
      expect(await pool.map(f, range(10))).toEqual(range(10).map((x) => x * 3 + 0.5));
    }, timeout);

    it('rejects with the failing task index and remote stack, and stays usable', async () => {
      const error = await pool.map(failAt7, range(20)).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ name: 'TempestError', code: 'TASK_FAILED', index: 7 });
      const cause = (error as Error).cause as Error;
      expect(cause.message).toBe('boom at task 7');
      expect(cause.stack).toContain('boom at task 7');
      const asyncError = await pool.map(rejectAt3, range(8)).then(() => undefined, (e: unknown) => e);
      expect(asyncError).toMatchObject({ code: 'TASK_FAILED', index: 3 });
      expect(((asyncError as Error).cause as Error).name).toBe('RangeError');
      expect(await pool.map(double, range(10))).toEqual(range(10).map((i) => 2 * i));
    }, timeout);

    it('reports the failing task with the lowest index, whichever fails first', async () => {
      const error = await pool.map(failLateLowFastHigh, range(20)).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'TASK_FAILED', index: 3 });
      expect(((error as Error).cause as Error).message).toBe('the lower failure');
    }, timeout);

    it('reports a result that cannot be sent back as that task failing, with cause code RESULT_NOT_CLONEABLE', async () => {
      const outcome = await pool.map(functionAt5, range(12)).then((results) => results, (e: unknown) => e);
      if (Array.isArray(outcome)) {
        // A pool that runs tasks in the caller's thread sends nothing: the result is the value itself.
        expect(typeof outcome[5]).toBe('function');
        expect(outcome.filter((_, i) => i !== 5)).toEqual(range(12).filter((i) => i !== 5));
      } else {
        expect(outcome).toMatchObject({ name: 'TempestError', code: 'TASK_FAILED', index: 5 });
        const cause = (outcome as Error).cause as Error & { code?: string };
        expect(cause.code).toBe('RESULT_NOT_CLONEABLE');
        expect(cause.message).toMatch(/could not be sent back/);
      }
      expect(await pool.map(double, range(10))).toEqual(range(10).map((i) => 2 * i));
    }, timeout);

    it('runs two map calls at once, each with its own results', async () => {
      const [a, b, c] = await Promise.all([pool.map(slowerFirst, range(50)), pool.map(double, range(77)), pool.map(failAt7, range(9)).catch((e: unknown) => e)]);
      expect(a).toEqual(range(50).map((i) => i * 3 + 1));
      expect(b).toEqual(range(77).map((i) => 2 * i));
      expect(c).toMatchObject({ code: 'TASK_FAILED', index: 7 });
    }, timeout);

    it('can be reused for many map calls', async () => {
      for (let k = 0; k < 25; k++) expect(await pool.map(double, range(k))).toEqual(range(k).map((i) => 2 * i));
    }, timeout);
  });

  describe(`${name} closes like a Pool`, () => {
    it('closes idempotently, and map after close rejects with POOL_CLOSED', async () => {
      const pool = await createPool();
      try {
        expect(await pool.map(double, [1, 2])).toEqual([2, 4]);
      } finally {
        await pool.close();
      }
      await pool.close();
      await expect(pool.map(double, [1])).rejects.toMatchObject({ code: 'POOL_CLOSED' });
      await expect(pool.map(double, [])).rejects.toMatchObject({ code: 'POOL_CLOSED' });
    }, timeout);

    it('closes through Symbol.asyncDispose (await using)', async () => {
      const pool = await createPool();
      try {
        expect(typeof pool[Symbol.asyncDispose]).toBe('function');
        await pool[Symbol.asyncDispose]();
        await expect(pool.map(double, [1])).rejects.toMatchObject({ code: 'POOL_CLOSED' });
      } finally {
        await pool.close();
      }
    }, timeout);
  });
}
