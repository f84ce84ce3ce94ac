import { assertTaskArray } from './assert-task-array.js';
import { LocalPool } from './local-pool.js';
import type { PoolFunction } from './pool.js';
import { runChunk } from './run-chunk.js';
import { localFunction } from './shipped-function.js';
import { taskFailedError } from './task-failed-error.js';
import { TempestError } from './tempest-error.js';

/**
 * A pool of size 1 that runs every task in the calling thread: the reference implementation of
 * the {@link Pool} interface, for debugging and for comparing a parallel run with a serial one.
 * Functions are called directly (not shipped), references are imported, shipped functions get
 * their arguments. An async function's tasks overlap, as in a worker.
 *
 * @example
 * ```ts
 * const pool = new SerialPool();
 * await pool.map((x: number) => x + 1, [1, 2]); // [2, 3]
 * ```
 */
export class SerialPool extends LocalPool {
  readonly size = 1;
  private closed = false;

  async map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[]): Promise<R[]> {
    if (this.closed) throw new TempestError('POOL_CLOSED', 'The pool is closed; map cannot run tasks on it. Create a new pool.');
    assertTaskArray(tasks);
    const f = await localFunction(fn);
    if (tasks.length === 0) return [];
    const outcome = await runChunk(f, tasks, 0);
    if (!outcome.ok) throw taskFailedError(outcome.index, outcome.error, 'the calling thread');
    return outcome.results;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
