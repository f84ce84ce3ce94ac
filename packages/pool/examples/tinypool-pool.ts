// A third-party pool: the Pool interface of @tempest/pool on top of an existing worker-pool library,
// Tinypool (https://github.com/tinylibs/tinypool). It passes `describePoolConformance`
// (test/tinypool-pool.test.ts). Copy it as a starting point for pools of your own.
import { Tinypool } from 'tinypool';
import { LocalPool, TempestError, splitChunks, taskFailedError, toShippedFunction, type ChunkOutcome, type PoolFunction } from '@tempest/pool';

/** Options of {@link TinypoolPool}. */
export interface TinypoolPoolOptions {
  /** Worker threads. Default 2. */
  size?: number;
  /** URL of the worker module (default: ./tinypool-worker.js next to this file, once compiled). */
  filename?: string;
  /** Node options of the workers. */
  execArgv?: string[];
}

/**
 * A `Pool` whose workers are Tinypool's. One chunk of tasks per worker and `map`. `LocalPool`
 * supplies `isMaster`, `isWorker`, `wait` and `Symbol.asyncDispose`.
 */
export class TinypoolPool extends LocalPool {
  readonly size: number;
  private readonly tinypool: Tinypool;
  private closed = false;

  constructor(options: TinypoolPoolOptions = {}) {
    super();
    this.size = options.size ?? 2;
    this.tinypool = new Tinypool({
      filename: options.filename ?? new URL('./tinypool-worker.js', import.meta.url).href,
      minThreads: this.size,
      maxThreads: this.size,
      ...(options.execArgv === undefined ? {} : { execArgv: options.execArgv }),
    });
  }

  async map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[]): Promise<R[]> {
    if (this.closed) throw new TempestError('POOL_CLOSED', 'The pool is closed; create a new one.');
    // Plain functions are shipped by value, references by name, shipFunction results as they are;
    // an unshippable function throws here, before any task is sent.
    const { wire } = toShippedFunction(fn);
    if (tasks.length === 0) return [];
    const outcomes: ChunkOutcome<R>[] = await Promise.all(
      splitChunks(tasks.length, this.size).map(([start, end]) => this.tinypool.run({ wire, tasks: tasks.slice(start, end), first: start })),
    );
    if (this.closed) throw new TempestError('POOL_CLOSED', 'The pool was closed while map was running.');
    const results: R[] = [];
    for (const outcome of outcomes) {
      if (!outcome.ok) throw taskFailedError(outcome.index, outcome.error, 'a Tinypool worker');
      for (const r of outcome.results) results.push(r);
    }
    return results;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tinypool.destroy();
  }
}
