import { LOAD_ALLOWANCE_MS, assertTaskArray, splitChunks, taskFailedError, toShippedFunction, type Pool, type PoolFunction, type ShippedFunction } from '@tempest/pool';
import { resolveAllowModules } from '@tempest/serialize';
import type { MpiBinding, MpiMessage } from './binding.js';
import { commWorld, type Communicator } from './communicator.js';
import { poolAbandoned, poolClosed, poolOpened } from './exit-policy.js';
import { loadMpi } from './load-binding.js';
import { serveTasks } from './serve-tasks.js';
import { TempestError } from './tempest-error.js';
import { TAG_LOADED, TAG_STOP, TAG_TASKS, decodeMessage, encodeMessage, packTasks, unpack, type ResultsMessage } from './wire-messages.js';

const MAX_CHUNK_BYTES = 4 << 20;

/** Options of {@link MPIPool}. */
export interface MPIPoolOptions {
  /** The communicator whose rank 0 is the master. Default: `commWorld()` (every rank of the job). */
  comm?: Communicator;
  /**
   * Ship plain functions by value, with their captures (the analogue of mpi4py's `use_dill=True`).
   * Default true. With false, only data travels (structured clone): `map` accepts function
   * references (`functionReference(import.meta.url, 'name')`, the pickle analogue) and refuses code,
   * and a worker rank created with false refuses code from its master too (each rank decides by
   * its own options, not by what it receives).
   */
  shipCode?: boolean;
  /**
   * The modules a function reference may name on this rank: folders (their files, outside
   * `node_modules` below them), files, `node:` built-ins and package names; relative paths resolve
   * against this rank's working directory. Default: the working directory. A reference to another
   * module fails its `map` with `TASK_FAILED` whose cause has code `REFERENCE_NOT_ALLOWED`.
   * Details: `ResolveOptions.allowModules` of `@tempest/serialize`.
   */
  allowModules?: readonly string[];
  /** Chunks per worker and `map` call, handed out one at a time as workers free up. Default 4. */
  chunksPerWorker?: number;
  /** Tasks per chunk; overrides `chunksPerWorker`. `chunkSize: 1` is one task per message, as in mpi4py. */
  chunkSize?: number;
  /**
   * Milliseconds a task may take on average, as in the other pools: a chunk of k tasks that a
   * worker rank has not answered `k × taskTimeout` ms after it was sent (for the first chunk a rank
   * gets of a function, after the rank has loaded the function, so importing a model does not
   * count, though the import itself may take 2 minutes or the chunk's limit, whichever is longer)
   * rejects its `map` with `TASK_TIMEOUT`. The limit is per chunk (with `chunkSize: 1`, per task). An MPI rank cannot be
   * stopped on its own, so that rank gets no more tasks (it rejoins if it answers after all), and
   * if it is still busy when the pool is closed, the process ends the job with `MPI_Abort` when
   * it exits, whatever its exit code: save what you need before exiting. Default: no limit.
   */
  taskTimeout?: number;
}

interface Job {
  readonly id: number;
  readonly shipped: ShippedFunction;
  readonly tasks: readonly unknown[];
  readonly results: unknown[];
  remaining: number;
  settled: boolean;
  /** Chunks not yet done, so that the lowest failing task is the one reported. */
  readonly unfinished: Set<Chunk>;
  /** The lowest failing task so far; reported once no chunk before it is still running. */
  failure?: { readonly index: number; readonly error: unknown };
  readonly resolve: (results: unknown[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Chunk {
  readonly job: Job;
  readonly start: number;
  readonly end: number;
}

/**
 * A {@link Pool} over MPI ranks: rank 0 of the communicator is the master, which runs the sampler
 * and hands out tasks; every other rank is a worker that evaluates them. Every rank runs the same
 * script; on workers the constructor starts serving tasks at once, and `wait()` or `close()`
 * returns when the master closes the pool. Tasks go out in chunks, one chunk per worker at a time
 * (dynamic load balancing); results come back in task order.
 *
 * @example
 * ```ts
 * const pool = new MPIPool();
 * if (pool.isMaster()) {
 *   const sampler = new Sampler({ priorTransform, logLikelihood, nDim, pool, nActive: 256 });
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
  private readonly binding: MpiBinding;
  /** The pool's private duplicate of `comm`, so that pools on one communicator never mix messages. */
  private readonly handle: number;
  private readonly anySource: number;
  private readonly anyTag: number;
  private readonly shipCode: boolean;
  private readonly chunksPerWorker: number;
  private readonly chunkSize: number | undefined;
  private readonly taskTimeout: number;
  private readonly serving: Promise<void> | undefined;
  private readonly queue: Chunk[] = [];
  private readonly idle: number[] = [];
  private readonly busy = new Map<number, Chunk | undefined>();
  /** Per busy rank: its chunk's timeout, with `taskTimeout`. */
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Ranks whose chunk timed out and that have not answered since: they get no more tasks. */
  private readonly lost = new Set<number>();
  private readonly loaded = new Map<number, Set<string>>();
  private receiving = false;
  private nextJob = 0;
  private closed = false;
  private released = false;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  /**
   * @param options - `comm`, `shipCode` (the `use_dill` analogue), `allowModules`, chunking, `taskTimeout`
   * @throws {TempestError} MPI_UNAVAILABLE when the addon cannot be loaded (listing where it looked
   *   and the fix); INVALID_CONFIGURATION with one process ("Tried to create MPI pool with only one
   *   process") or invalid options, every problem listed
   */
  constructor(options: MPIPoolOptions = {}) {
    const problems: string[] = [];
    if (typeof options !== 'object' || options === null) {
      const message = `MPIPool options must be an object; got ${String(options)}.`;
      throw new TempestError('INVALID_CONFIGURATION', message, { option: 'options', value: options, problems: [message] });
    }
    const { shipCode = true, chunksPerWorker = 4, chunkSize, taskTimeout = Infinity } = options;
    if (typeof shipCode !== 'boolean') problems.push(`shipCode must be true or false; got ${String(shipCode)}.`);
    const allowModules = resolveAllowModules(options.allowModules);
    problems.push(...allowModules.problems);
    if (!Number.isInteger(chunksPerWorker) || chunksPerWorker < 1) problems.push(`chunksPerWorker must be a positive integer; got ${String(chunksPerWorker)}. Use 4 for dynamic load balancing, 1 for the fewest messages.`);
    if (chunkSize !== undefined && (!Number.isInteger(chunkSize) || chunkSize < 1)) problems.push(`chunkSize must be a positive integer; got ${String(chunkSize)}.`);
    if (!(typeof taskTimeout === 'number' && taskTimeout > 0)) problems.push(`taskTimeout must be a positive number of milliseconds (Infinity for none); got ${String(taskTimeout)}.`);
    if (options.comm !== undefined && (typeof options.comm !== 'object' || options.comm === null || typeof (options.comm as Communicator).handle !== 'number')) {
      problems.push('comm must be a Communicator from commWorld() or comm.split(color, key).');
    }
    if (problems.length > 0) throw new TempestError('INVALID_CONFIGURATION', `Invalid MPIPool options:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { problems });
    const mpi = loadMpi();
    this.binding = mpi.binding;
    this.anySource = mpi.anySource;
    this.anyTag = mpi.anyTag;
    this.comm = options.comm ?? commWorld();
    this.rank = this.comm.rank;
    this.size = this.comm.size - 1;
    this.shipCode = shipCode;
    this.chunksPerWorker = chunksPerWorker;
    this.chunkSize = chunkSize;
    this.taskTimeout = taskTimeout;
    if (this.size < 1) {
      const message = 'Tried to create MPI pool with only one process. Start the script with `mpiexec -n N` with N > 1 (for example `mpiexec -n 4 node script.js`): rank 0 becomes the master and the other N - 1 ranks the workers.';
      throw new TempestError('INVALID_CONFIGURATION', message, { option: 'comm', value: this.comm.size, problems: [message] });
    }
    // Collective (every rank of comm creates its pools in the same order); brief, at construction.
    this.handle = this.binding.commDup(this.comm.handle);
    poolOpened();
    if (this.rank === 0) {
      for (let r = 1; r <= this.size; r++) {
        this.idle.push(r);
        this.loaded.set(r, new Set());
      }
    } else {
      // A worker whose master sent STOP has ended cleanly, whether or not it calls close().
      this.serving = serveTasks(this.binding, this.handle, mpi.anyTag, { allowCode: shipCode, allowModules: allowModules.allowModules }).then(() => {
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
   * Applies `fn` to every task on the workers; results in task order.
   * @param fn - a plain function (shipped by value with `shipCode`), a `functionReference`, or a `shipFunction` result
   * @param tasks - the inputs (structured clone; equal-length `Float64Array`s travel packed)
   * @returns the results in task order
   * @throws {TempestError} TASK_FAILED naming the task index (cause: the remote error and stack);
   *   TASK_TIMEOUT for a chunk past `taskTimeout` (or when every worker rank is lost to one);
   *   POOL_CLOSED; INVALID_ARGUMENT on a worker rank, for a non-array, or for code with `shipCode: false`
   */
  async map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[]): Promise<R[]> {
    if (this.closed) throw new TempestError('POOL_CLOSED', 'The MPIPool is closed; map cannot run tasks on it. Create a new pool (on every rank).');
    if (this.isWorker()) throw new TempestError('INVALID_ARGUMENT', `map was called on worker rank ${this.rank}; only the master (rank 0) calls map. Guard the sampler with if (pool.isMaster()) { ... }.`);
    assertTaskArray(tasks);
    const shipped = toShippedFunction(fn);
    if (!this.shipCode && (!shipped.byReference || shipped.wire.adapter !== undefined)) {
      throw new TempestError('INVALID_ARGUMENT', 'This MPIPool was created with shipCode: false, so functions travel by reference only; got a function to ship by value. Pass functionReference(import.meta.url, \'exportName\') to an exported function, or create the pool with shipCode: true (the default).', { option: 'fn' });
    }
    if (tasks.length === 0) return [];
    return new Promise<R[]>((resolve, reject) => {
      const job: Job = { id: this.nextJob++, shipped, tasks, results: new Array(tasks.length), remaining: tasks.length, settled: false, unfinished: new Set(), resolve: resolve as (r: unknown[]) => void, reject };
      const n = tasks.length;
      const ranges = splitChunks(n, this.chunkSize !== undefined ? Math.ceil(n / this.chunkSize) : this.chunkCount(tasks));
      for (const [start, end] of ranges) {
        const chunk = { job, start, end };
        job.unfinished.add(chunk);
        this.queue.push(chunk);
      }
      this.dispatch();
    });
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
    if (this.isWorker()) {
      await this.serving;
      return;
    }
    const closedError = () => new TempestError('POOL_CLOSED', 'The MPIPool was closed while this map was running; its results are lost.');
    for (const chunk of this.queue) this.fail(chunk.job, closedError());
    this.queue.length = 0;
    for (const chunk of this.busy.values()) if (chunk !== undefined) this.fail(chunk.job, closedError());
    // Chunks already on workers must be received, or a worker's send of a large result would
    // never complete and the job would hang in MPI_Finalize.
    if (this.busy.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    // Lost ranks get STOP too (a small send completes at once): one that finishes its task after
    // all then ends cleanly.
    const stop = new Uint8Array(0);
    for (let r = 1; r <= this.size; r++) this.binding.send(this.handle, r, TAG_STOP, stop);
    if (this.lost.size > 0 && !this.released) {
      this.released = true;
      const ranks = [...this.lost].sort((a, b) => a - b);
      poolAbandoned(`worker rank${ranks.length > 1 ? 's' : ''} ${ranks.join(', ')} of an MPIPool ${ranks.length > 1 ? 'were' : 'was'} still running a task past taskTimeout`);
      return;
    }
    this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    poolClosed();
  }

  private fail(job: Job, error: unknown): void {
    if (job.settled) return;
    job.settled = true;
    job.reject(error);
  }

  // size × chunksPerWorker chunks, but no chunk of vectors above MAX_CHUNK_BYTES: very large
  // messages are slower per byte (measured: 1 MB tasks, 4 MB chunks 2.3x faster than 100 MB).
  private chunkCount(tasks: readonly unknown[]): number {
    const chunks = this.size * this.chunksPerWorker;
    const first = tasks[0];
    if (!(first instanceof Float64Array)) return chunks;
    const rowsPerChunk = Math.max(1, Math.floor(MAX_CHUNK_BYTES / Math.max(1, first.byteLength)));
    return Math.max(chunks, Math.ceil(tasks.length / rowsPerChunk));
  }

  // Records a failure (or just the end of a chunk, with undefined) and rejects the job once no
  // chunk that could hold a lower failing task is still unfinished.
  private chunkFailed(chunk: Chunk, failure: Job['failure']): void {
    const { job } = chunk;
    job.unfinished.delete(chunk);
    if (failure !== undefined && (job.failure === undefined || failure.index < job.failure.index)) job.failure = failure;
    if (job.failure === undefined || job.settled) return;
    for (const c of job.unfinished) if (c.start < job.failure.index) return;
    this.fail(job, job.failure.error);
  }

  // Hands queued chunks to idle workers, then makes sure a receive is pending.
  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const chunk = this.queue.shift()!;
      const { job } = chunk;
      if (job.settled) continue;
      if (job.failure !== undefined && chunk.start > job.failure.index) {
        // A task before this chunk failed already: no need to run it.
        this.chunkFailed(chunk, undefined);
        continue;
      }
      const rank = this.idle.shift()!;
      const loaded = this.loaded.get(rank)!;
      const fnId = job.shipped.wire.id;
      let bytes: Uint8Array;
      try {
        bytes = encodeMessage({ job: job.id, fnId, first: chunk.start, tasks: packTasks(job.tasks, chunk.start, chunk.end), ...(loaded.has(fnId) ? {} : { wire: job.shipped.wire }) });
      } catch (error) {
        this.idle.unshift(rank);
        this.fail(job, error);
        continue;
      }
      const carriesFunction = !loaded.has(fnId);
      loaded.add(fnId);
      this.busy.set(rank, chunk);
      this.binding.send(this.handle, rank, TAG_TASKS, bytes);
      // A chunk that brings its function times out from when the rank says it has loaded it; the
      // loading gets a generous limit of its own.
      this.startTimer(rank, chunk, carriesFunction);
    }
    if (this.queue.length > 0 && this.idle.length === 0 && this.busy.size === 0) {
      // Every worker rank is lost to a timed-out task: nothing could ever run these chunks.
      for (const chunk of this.queue) {
        this.fail(chunk.job, new TempestError('TASK_TIMEOUT', `Every worker rank of this MPIPool is still running a task that exceeded taskTimeout (${this.taskTimeout} ms per task), so no rank is left to run tasks ${chunk.start}–${chunk.end - 1}. Close the pool and end the job (it ends with MPI_Abort), then raise taskTimeout or fix the task that never returns.`, { index: chunk.start, tasks: [chunk.start, chunk.end - 1], value: this.taskTimeout }));
      }
      this.queue.length = 0;
    }
    this.receive();
  }

  private startTimer(rank: number, chunk: Chunk, loading: boolean): void {
    if (!Number.isFinite(this.taskTimeout)) return;
    clearTimeout(this.timers.get(rank));
    const tasksLimit = this.taskTimeout * (chunk.end - chunk.start);
    const limit = loading ? Math.max(LOAD_ALLOWANCE_MS, tasksLimit) : tasksLimit;
    const timer = setTimeout(() => this.onTimeout(rank, chunk, limit, loading), limit);
    timer.unref(); // the pending receive keeps the process alive while a chunk is out
    this.timers.set(rank, timer);
  }

  /**
   * A chunk past its limit: its map fails with TASK_TIMEOUT and its rank, which MPI cannot stop on
   * its own, gets no more tasks (unless it answers after all).
   */
  private onTimeout(rank: number, chunk: Chunk, limit: number, loading: boolean): void {
    if (this.busy.get(rank) !== chunk) return;
    this.timers.delete(rank);
    this.busy.delete(rank);
    this.lost.add(rank);
    const what = loading
      ? `MPI rank ${rank} did not load the function of tasks ${chunk.start}–${chunk.end - 1} within ${limit} ms (with taskTimeout, loading a function may take ${LOAD_ALLOWANCE_MS} ms or the chunk's own limit, whichever is longer)`
      : `Tasks ${chunk.start}–${chunk.end - 1} did not finish within ${limit} ms (taskTimeout ${this.taskTimeout} ms per task) on MPI rank ${rank}`;
    this.fail(chunk.job, new TempestError(
      'TASK_TIMEOUT',
      `${what}. An MPI rank cannot be stopped on its own: it gets no more tasks, and if it is still busy when the pool is closed, the job ends with MPI_Abort when this process exits (save what you need first). Raise taskTimeout if the tasks are just slow, or look for a task (or a module import) that never returns.`,
      { index: chunk.start, tasks: [chunk.start, chunk.end - 1], value: limit },
    ));
    if (this.busy.size === 0 && this.drained !== undefined) this.drained();
    else this.dispatch();
  }

  private receive(): void {
    if (this.receiving || this.busy.size === 0) return;
    this.receiving = true;
    this.binding.receive(this.handle, this.anySource, this.anyTag).then(
      (message) => {
        this.receiving = false;
        if (message !== null && message.tag === TAG_LOADED) {
          const chunk = this.busy.get(message.source);
          if (chunk !== undefined) this.startTimer(message.source, chunk, false);
          this.receive();
          return;
        }
        if (message !== null) this.onResults(message);
        if (this.busy.size === 0 && this.drained !== undefined) this.drained();
        else if (message !== null) this.dispatch();
      },
      (error: unknown) => {
        this.receiving = false;
        const e = new TempestError('MPI_ERROR', `Receiving results failed: ${(error as Error).message}.`, { cause: error });
        for (const chunk of [...this.busy.values(), ...this.queue]) if (chunk !== undefined) this.fail(chunk.job, e);
      },
    );
  }

  private onResults(message: MpiMessage): void {
    const chunk = this.busy.get(message.source);
    clearTimeout(this.timers.get(message.source));
    this.timers.delete(message.source);
    this.busy.delete(message.source);
    // A lost rank that answers after all (its task was slow, not stuck) rejoins; its late results are dropped.
    if (chunk !== undefined || this.lost.delete(message.source)) this.idle.push(message.source);
    if (chunk === undefined) return;
    const { job } = chunk;
    if (job.settled) return;
    let reply: ResultsMessage;
    try {
      reply = decodeMessage<ResultsMessage>(message.data);
    } catch (error) {
      this.fail(job, error);
      return;
    }
    if (!reply.ok) {
      this.chunkFailed(chunk, { index: reply.index, error: taskFailedError(reply.index, reply.error, `MPI rank ${message.source}`) });
      return;
    }
    job.unfinished.delete(chunk);
    if (job.failure !== undefined) {
      this.chunkFailed(chunk, undefined);
      return;
    }
    const values = unpack(reply.results, true);
    for (let i = 0; i < values.length; i++) job.results[chunk.start + i] = values[i];
    job.remaining -= values.length;
    if (job.remaining === 0) {
      job.settled = true;
      job.resolve(job.results);
    }
  }
}
