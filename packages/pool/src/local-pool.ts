import type { MapOptions, Pool, PoolFunction } from './pool.js';

/**
 * Base class of pools whose caller is always the master (every pool but MPI's): supplies
 * `isMaster()`, `isWorker()`, `wait()` and `Symbol.asyncDispose` so that an implementation writes
 * only `size`, `map` and `close`. Extend it for pools of your own, then check them with
 * `@tempest/pool/conformance`.
 *
 * @example
 * ```ts
 * class MyPool extends LocalPool {
 *   readonly size = 4;
 *   async map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[]): Promise<R[]> { ... }
 *   async close(): Promise<void> { ... }
 * }
 * ```
 */
export abstract class LocalPool implements Pool {
  /** Number of tasks the pool can run at the same time. */
  abstract readonly size: number;

  /**
   * Applies `fn` to every task, in parallel (the contract of {@link Pool.map}).
   * @param fn - the function, a reference to it, or a shipped function
   * @param tasks - the inputs
   * @param options - optional cost hints and an array for measured durations (see {@link MapOptions})
   * @returns the results in task order
   * @throws {TempestError} `TASK_FAILED` (with the task index), `WORKER_DIED`, `TASK_TIMEOUT`, `POOL_CLOSED`
   */
  abstract map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[], options?: MapOptions): Promise<R[]>;

  /**
   * Stops every worker. Idempotent; `map` calls still running reject with `POOL_CLOSED`.
   * @returns when every worker has exited
   */
  abstract close(): Promise<void>;

  /** @returns true: the caller of a local pool is its master */
  isMaster(): boolean {
    return true;
  }

  /** @returns false: a local pool's workers never run the caller's script */
  isWorker(): boolean {
    return false;
  }

  /** Resolves at once: there is no worker side to serve. */
  async wait(): Promise<void> {}

  /** Closes the pool when a `using` / `await using` block ends (same as {@link close}). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
