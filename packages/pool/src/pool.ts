import type { FunctionReference } from '@tempest/serialize';
import type { ShippedFunction } from './shipped-function.js';

/** A function a pool applies to each task: sync or async, called as `fn(task)`. */
export type TaskFunction<T = any, R = unknown> = (task: T) => R | Promise<R>;

/**
 * What `map` accepts as its function:
 *
 * - a plain function, shipped by value when the pool has workers (it must not use variables from
 *   its surroundings; see `shipFunction` for captures and extra arguments);
 * - a {@link FunctionReference} (`functionReference(import.meta.url, 'name')`), imported by each
 *   worker once;
 * - a {@link ShippedFunction} from `shipFunction`, with captures and extra arguments.
 */
export type PoolFunction<T = any, R = unknown> = TaskFunction<T, R> | FunctionReference | ShippedFunction<T, R>;

/**
 * Optional advice and measurements for one `map` (its third argument). A pool may ignore it: the
 * results are the same either way, only the order in which tasks are handed to workers (and how
 * they are grouped into messages) may change.
 */
export interface MapOptions {
  /**
   * The predicted relative cost of each task (any unit; one number per task; non-finite or
   * negative values count as 0). With more than one worker, the built-in pools hand the dearest
   * tasks out first, in small chunks, and the cheap ones last, so that the map does not end with one
   * worker running a dear task while the others wait (longest-processing-time-first scheduling).
   * Results still come back in task order, and a failing task is reported as without hints.
   */
  readonly costHints?: ArrayLike<number>;
  /**
   * Filled, when the pool can measure them, with each task's run time in milliseconds as its worker
   * measured it (same length as the tasks); NaN where a task's own time is unknown: tasks whose
   * promises were awaited together, tasks of a map that failed, pools that do not measure.
   */
  readonly durations?: Float64Array;
}

/**
 * The pool interface: what a sampler needs to evaluate tasks in parallel, and what third-party
 * pools (and the MPI pool) implement. `@tempest/pool/conformance` tests an implementation.
 *
 * The contract:
 * - `map(fn, tasks, options?)` resolves to `fn(task)` for every task, **in task order**, whatever order the
 *   workers finish in; `fn` may be sync or async. An empty task list resolves to `[]`.
 * - A task that throws rejects `map` with a `TempestError` of code `TASK_FAILED` whose `index` is
 *   the task's index and whose `cause` carries the remote message and stack. When several tasks
 *   fail, the one with the lowest index is reported (the one a serial loop would stop at), so the
 *   error does not depend on timing. The pool stays usable.
 * - `map`'s third argument, {@link MapOptions}, is optional advice (cost hints) and a place for
 *   measurements (durations); a pool may ignore it, and the results never depend on it.
 * - Several `map` calls may be in flight at once; each gets its own results.
 * - `close()` releases every worker; it is idempotent, and `map` after it rejects with
 *   `POOL_CLOSED`. `await using pool = …` calls it through `Symbol.asyncDispose`.
 * - `isMaster()`/`isWorker()`/`wait()` let one script run unchanged under MPI, where every rank runs
 *   the script: workers call `wait()`, which serves tasks until the master closes the pool. In a
 *   single-process pool the caller is the master, and `wait()` resolves at once.
 *
 * @example
 * ```ts
 * await using pool = new ThreadPool({ size: 4 });
 * if (!pool.isMaster()) { await pool.wait(); process.exit(0); }
 * const squares = await pool.map((x: number) => x * x, [1, 2, 3]); // [1, 4, 9]
 * ```
 */
export interface Pool {
  /** Number of tasks the pool can run at the same time (workers, threads, ranks). */
  readonly size: number;
  /**
   * Applies `fn` to every task, in parallel.
   * @param fn - the function, a reference to it, or a shipped function
   * @param tasks - the inputs; each must survive the pool's transport (structured clone for the
   *   built-in pools)
   * @param options - optional: cost hints for the order of dispatch, and an array for measured
   *   task durations (see {@link MapOptions}); pools may ignore it
   * @returns the results in task order
   * @throws {TempestError} `TASK_FAILED` (with the task index), `WORKER_DIED`, `TASK_TIMEOUT`,
   *   `POOL_CLOSED`; `INVALID_ARGUMENT` for `costHints` or `durations` whose length is not the
   *   number of tasks; errors of `@tempest/serialize` when `fn` cannot be shipped
   */
  map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[], options?: MapOptions): Promise<R[]>;
  /**
   * Stops every worker. Idempotent; `map` calls still running reject with `POOL_CLOSED`.
   * @returns when every worker has exited
   */
  close(): Promise<void>;
  /** @returns true in the process that calls `map` (always, for single-process pools) */
  isMaster(): boolean;
  /** @returns true in a process that only serves tasks (MPI worker ranks) */
  isWorker(): boolean;
  /**
   * In a worker process: serve tasks until the master closes the pool. In the master: resolves at once.
   * @returns when this process has no more tasks to serve
   */
  wait(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Whether a value implements the {@link Pool} interface (checked by shape, so pools from other
 * packages and other copies of this one qualify).
 * @param value - anything
 * @returns true when it has a positive integer `size` and the interface's methods
 */
export function isPool(value: unknown): value is Pool {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string | symbol, unknown>;
  return (
    typeof v.size === 'number' && Number.isInteger(v.size) && v.size > 0 &&
    typeof v.map === 'function' && typeof v.close === 'function' && typeof v.isMaster === 'function' &&
    typeof v.isWorker === 'function' && typeof v.wait === 'function'
  );
}
