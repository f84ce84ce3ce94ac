import { SCHEDULER_OPTIONS, assertMapOptions, assertShippable, assertTaskArray, resolveSchedulerOptions, toShippedFunction, type MapOptions, type Pool, type PoolFunction, type PoolStats, type SchedulerOptions } from '@tempest/pool';
import type { MpiBinding } from './binding.js';
import { Communicator } from './communicator.js';
import type { ExitPolicy } from './exit-policy.js';
import { loadMpi } from './load-binding.js';
import { MpiMaster } from './mpi-master.js';
import { serveRank } from './mpi-worker.js';
import { TempestError } from './tempest-error.js';

/** Options of {@link MPIPool}. */
export interface MPIPoolOptions extends SchedulerOptions {
  /** The communicator whose rank 0 is the master. Default: `commWorld()` (every rank of the job). */
  comm?: Communicator;
  /**
   * The MPI binding to use instead of looking for the addon (as better-sqlite3's `nativeBinding`):
   * a path to a built `tempest_mpi.node`, or a binding object (the addon required by the caller,
   * or an in-process fake implementing {@link MpiBinding}, which lets a test run a master and its
   * worker ranks in one process). Default: the addon, looked for at `$TEMPEST_MPI_ADDON`, then in
   * the package, then in the repository.
   */
  binding?: MpiBinding | string;
}

const OWN_OPTIONS = ['comm', 'binding'] as const;

/**
 * A {@link Pool} over MPI ranks: rank 0 of the communicator is the master, which runs the sampler
 * and hands out tasks; every other rank is a worker that evaluates them. Every rank runs the same
 * script; on workers the constructor starts serving tasks at once, and `wait()` or `close()`
 * returns when the master closes the pool. Scheduling is `@tempest/pool`'s `TaskScheduler`
 * (chunks shrinking as a map drains, results in task order, the lowest failing task reported,
 * each task timed with `taskTimeout`); MPI only carries its messages.
 *
 * @example
 * ```ts
 * const pool = new MPIPool();
 * if (pool.isMaster()) {
 *   const sampler = new Sampler({ priorTransform, logLikelihood, nDim, pool, nParticles: 256 });
 *   await sampler.run({ nTotal: 4096 });
 * }
 * await pool.close(); // workers: returns when the master has closed the pool
 * ```
 */
export class MPIPool implements Pool {
  /** Number of workers (ranks of the communicator minus the master). */
  readonly size: number;
  /** This process's rank in the pool's communicator. */
  readonly rank: number;
  /** The pool's communicator. */
  readonly comm: Communicator;
  /** Whether functions may travel by value (every rank decides by its own options). */
  private shipCode: boolean;
  private readonly policy: ExitPolicy;
  private readonly master: MpiMaster | undefined;
  private readonly serving: Promise<void> | undefined;
  private closed = false;
  private released = false;
  private closing: Promise<void> | undefined;

  /**
   * @param options - `comm`, `binding`, `shipCode` (the `use_dill` analogue), `allowModules`,
   *   chunking (`chunksPerWorker`, `chunkSize`), `taskTimeout`
   * @throws {TempestError} MPI_UNAVAILABLE when the addon cannot be loaded (listing where it looked
   *   and the fix); INVALID_CONFIGURATION with one process ("Tried to create MPI pool with only one
   *   process") or invalid options, every problem listed
   */
  constructor(options: MPIPoolOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      const message = `MPIPool options must be an object; got ${String(options)}.`;
      throw new TempestError('INVALID_CONFIGURATION', message, { option: 'options', value: options, problems: [message] });
    }
    const problems: string[] = [];
    const known: readonly string[] = [...OWN_OPTIONS, ...SCHEDULER_OPTIONS];
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) problems.push(`unknown option ${JSON.stringify(key)}; the options are ${known.join(', ')}.`);
    }
    const resolved = resolveSchedulerOptions(options, problems);
    if (options.comm !== undefined && (typeof options.comm !== 'object' || options.comm === null || typeof (options.comm as Communicator).handle !== 'number')) {
      problems.push('comm must be a Communicator from commWorld() or comm.split(color, key).');
    }
    const { binding } = options;
    if (binding !== undefined && typeof binding !== 'string' && (typeof binding !== 'object' || binding === null || typeof (binding as MpiBinding).init !== 'function')) {
      problems.push('binding must be a path to tempest_mpi.node or an object implementing MpiBinding.');
    }
    if (problems.length > 0) throw new TempestError('INVALID_CONFIGURATION', `Invalid MPIPool options:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { problems });
    const mpi = loadMpi(binding ?? options.comm?.binding);
    if (options.comm !== undefined && options.comm.binding !== mpi.binding) {
      const message = 'comm belongs to another MPI binding than the pool\'s binding option; make the communicator from the same binding.';
      throw new TempestError('INVALID_CONFIGURATION', message, { option: 'comm', problems: [message] });
    }
    this.comm = options.comm ?? new Communicator(0, mpi.binding);
    this.rank = this.comm.rank;
    this.size = this.comm.size - 1;
    this.shipCode = resolved.shipCode;
    this.policy = mpi.policy;
    if (this.size < 1) {
      const message = 'Tried to create MPI pool with only one process. Start the script with `mpiexec -n N` with N > 1 (for example `mpiexec -n 4 node script.js`): rank 0 becomes the master and the other N - 1 ranks the workers.';
      throw new TempestError('INVALID_CONFIGURATION', message, { option: 'comm', value: this.comm.size, problems: [message] });
    }
    // Collective (every rank of comm creates its pools in the same order); brief, at construction.
    const handle = mpi.binding.commDup(this.comm.handle);
    this.policy.poolOpened();
    if (this.rank === 0) {
      this.master = new MpiMaster({ binding: mpi.binding, comm: handle, workers: this.size, anySource: mpi.anySource, anyTag: mpi.anyTag, options: resolved, policy: this.policy });
    } else {
      // A worker whose master sent STOP has ended cleanly, whether or not it calls close().
      this.serving = serveRank({
        binding: mpi.binding, comm: handle, anyTag: mpi.anyTag, threadMultiple: mpi.threadMultiple,
        config: { allowCode: resolved.shipCode, allowModules: resolved.allowModules },
      }).then(() => {
        this.closed = true;
        this.release();
      });
    }
  }

  /** @returns true on rank 0 of the communicator, which calls `map` */
  isMaster(): boolean {
    return this.rank === 0;
  }

  /** @returns true on every other rank, which serves tasks */
  isWorker(): boolean {
    return this.rank !== 0;
  }

  /**
   * On a worker: resolves when the master has closed the pool (the worker has served every task).
   * On the master: resolves at once.
   * @returns when this rank has no more tasks to serve
   */
  wait(): Promise<void> {
    return this.serving ?? Promise.resolve();
  }

  /**
   * What the master's scheduler has done so far: maps, tasks, chunks sent, the master's own time in
   * the pool and the worker ranks' busy time (for measuring parallel efficiency). Zeros on workers.
   * @returns counts and milliseconds since the pool was created
   */
  stats(): PoolStats {
    return this.master?.stats() ?? { maps: 0, tasks: 0, chunks: 0, masterMs: 0, busyMs: 0 };
  }

  /**
   * Applies `fn` to every task on the workers; results in task order.
   * @param fn - a plain function (shipped by value with `shipCode`), a `functionReference`, or a `shipFunction` result
   * @param tasks - the inputs (structured clone; `Float64Array`s travel packed)
   * @param options - optional: cost hints (the dearest tasks go out first) and an array for each
   *   task's measured time (see `MapOptions`)
   * @returns the results in task order
   * @throws {TempestError} TASK_FAILED naming the task index (cause: the remote error and stack);
   *   TASK_TIMEOUT for a task past `taskTimeout` (or when every worker rank is lost to one);
   *   POOL_CLOSED; INVALID_ARGUMENT on a worker rank, for a non-array, or for code with `shipCode: false`
   */
  async map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[], options?: MapOptions): Promise<R[]> {
    if (this.closed) throw new TempestError('POOL_CLOSED', 'The MPIPool is closed; map cannot run tasks on it. Create a new pool (on every rank).');
    if (this.master === undefined) throw new TempestError('INVALID_ARGUMENT', `map was called on worker rank ${this.rank}; only the master (rank 0) calls map. Guard the sampler with if (pool.isMaster()) { ... }.`);
    assertTaskArray(tasks);
    const checked = assertMapOptions(options, tasks.length);
    const shipped = toShippedFunction(fn);
    assertShippable(shipped, this.shipCode, 'MPIPool');
    if (tasks.length === 0) return [];
    return (await this.master.map(shipped, tasks, checked)) as R[];
  }

  /**
   * Master: rejects running `map` calls with POOL_CLOSED, waits for chunks already on workers
   * (except those of ranks lost to `taskTimeout`), and tells every worker to stop. Worker: waits
   * until the master has done so. Idempotent. After every pool of a process is closed, the process
   * finalizes MPI when it exits with code 0; if a rank lost to `taskTimeout` is still busy, it ends
   * the job with MPI_Abort instead (that rank would never finalize).
   * @returns when this rank's part of the pool has ended
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Closes the pool when a `using` / `await using` block ends (same as {@link close}). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    if (this.master === undefined) {
      await this.serving;
      return;
    }
    this.released = true;
    await this.master.close();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.policy.poolClosed();
  }
}
