import { resolveAllowModules } from '@tempest/serialize';
import { encodeTasks, decodeResults, payloadTransfer } from './chunk-codec.js';
import { assertTaskArray } from './assert-task-array.js';
import { LocalPool } from './local-pool.js';
import type { PoolFunction } from './pool.js';
import { toShippedFunction, type ShippedFunction } from './shipped-function.js';
import { splitChunks } from './split-chunks.js';
import { taskFailedError } from './task-failed-error.js';
import { TempestError } from './tempest-error.js';
import type { RunMessage, WorkerConfig, WorkerReply } from './worker-protocol.js';

/** How a worker ended. */
export interface WorkerExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** An error the worker reported as it died (uncaught exception, out of memory), if any. */
  readonly error?: Error;
}

/** The master's handle on one worker thread or process. */
export interface WorkerHandle {
  /** Thread id or process id. */
  readonly id: number;
  /** Posts a message; throws when the message cannot be cloned. */
  send(message: RunMessage, transfer: ArrayBuffer[]): void;
  /** Stops the worker at once (it may be running user code). */
  kill(): void;
  /** Stops the worker and resolves once it has exited. */
  stop(): Promise<void>;
  /** Lets the master exit while the worker idles. */
  unref(): void;
  /** Keeps the master alive while the worker works. */
  ref(): void;
}

/** Callbacks a spawned worker reports to. */
export interface WorkerEvents {
  message(reply: WorkerReply): void;
  exit(exit: WorkerExit): void;
}

const BASE_OPTIONS = ['size', 'chunksPerWorker', 'chunkSize', 'taskTimeout'] as const;
/** What the workers accept; listed after a subclass's own options in messages. */
const RECEIVER_OPTIONS = ['shipCode', 'allowModules'] as const;

/** Options shared by the built-in multi-worker pools. */
export interface WorkerPoolOptions {
  /** Number of workers. Default: `os.availableParallelism()`. */
  size?: number;
  /**
   * Chunks per worker and `map` call (when `chunkSize` is not set). Default 1: one message per
   * worker per `map`, the least overhead. Raise it (e.g. 4) when task costs vary, so that a worker
   * finishing early takes more work.
   */
  chunksPerWorker?: number;
  /** At most this many tasks per chunk (chunks are balanced: 7 tasks at 3 give 3, 2, 2); overrides `chunksPerWorker`. */
  chunkSize?: number;
  /**
   * Milliseconds a task may take on average: a chunk of k tasks that has not finished after
   * `k * taskTimeout` ms rejects its `map` with `TASK_TIMEOUT`, and its worker is stopped and
   * replaced (running JavaScript cannot be interrupted otherwise). The time counts from when the
   * worker is ready and has loaded the function (importing a module is not charged; the import
   * itself may take 2 minutes, or the chunk's limit if longer). Default: no limit.
   */
  taskTimeout?: number;
  /**
   * Ship plain functions by value, with their captures (the analogue of mpi4py's `use_dill=True`).
   * Default true. With false only data travels: `map` accepts function references
   * (`functionReference(import.meta.url, 'name')`) and refuses functions to ship by value, and
   * the workers themselves are started refusing code, so they would refuse it even from a master
   * that sent it anyway.
   */
  shipCode?: boolean;
  /**
   * The modules a function reference may name in the workers: folders (their files, outside
   * `node_modules` below them), files, `node:` built-ins and package names; relative paths resolve
   * against the working directory when the pool is created. Default: the working directory. A
   * reference to any other module fails its `map` with `TASK_FAILED` whose cause has code
   * `REFERENCE_NOT_ALLOWED`. Details: `ResolveOptions.allowModules` of `@tempest/serialize`.
   */
  allowModules?: readonly string[];
}

interface Job {
  readonly id: number;
  readonly shipped: ShippedFunction;
  readonly tasks: readonly unknown[];
  readonly results: unknown[];
  remaining: number;
  settled: boolean;
  readonly chunks: Chunk[];
  /** The failing task with the lowest index so far; reported once every earlier chunk is back. */
  failure?: { index: number; error: TempestError };
  readonly resolve: (results: unknown[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Chunk {
  readonly job: Job;
  readonly start: number;
  readonly end: number;
  /** Came back (with results or a failure). */
  back: boolean;
}

interface Slot {
  handle: WorkerHandle;
  readonly loaded: Set<string>;
  ready: boolean;
  /** Being stopped after a timeout: takes no more work; its exit brings a replacement. */
  retiring: boolean;
  running?: Chunk;
  /** The running chunk brought its function, which the worker is loading (not charged to the timeout). */
  loading: boolean;
  timer?: NodeJS.Timeout;
}

const START_FAILURES_LIMIT = 3;

/**
 * With `taskTimeout`, how long a worker may take to load a chunk's function (import a module) at
 * least; the chunk's own limit starts once it has.
 */
export const LOAD_ALLOWANCE_MS = 120_000;

/**
 * The machinery shared by {@link ThreadPool} and {@link ProcessPool}: chunking, dispatch to idle
 * workers, results in task order, failure reports, timeouts, and replacing workers that die.
 */
export abstract class WorkerPool extends LocalPool {
  readonly size: number;
  private readonly chunksPerWorker: number;
  private readonly chunkSize: number | undefined;
  private readonly taskTimeout: number;
  private readonly shipCode: boolean;
  /** What every worker accepts, fixed at start; subclasses hand it to the workers they spawn. */
  protected readonly workerConfig: WorkerConfig;
  private readonly slots: Slot[] = [];
  private readonly queue: Chunk[] = [];
  private readonly jobs = new Set<Job>();
  private nextJob = 1;
  private closing: Promise<void> | undefined;
  private startFailures = 0;
  private broken: TempestError | undefined;

  /**
   * @param kind - `worker thread` or `worker process`, for messages
   * @param options - size, chunking and timeout
   * @param problems - configuration problems the subclass found, reported together
   * @param ownOptions - the names of the subclass's own options (a misspelt name is an error, not a default)
   * @throws {TempestError} INVALID_CONFIGURATION listing every problem
   */
  protected constructor(
    private readonly kind: string,
    options: WorkerPoolOptions,
    defaultSize: number,
    problems: string[],
    ownOptions: readonly string[],
  ) {
    super();
    const known = [...BASE_OPTIONS, ...ownOptions, ...RECEIVER_OPTIONS];
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) problems.push(`unknown option ${JSON.stringify(key)}; the options are ${known.join(', ')}.`);
    }
    const { size = defaultSize, chunksPerWorker = 1, chunkSize, taskTimeout = Infinity, shipCode = true } = options;
    const allowModules = resolveAllowModules(options.allowModules);
    problems.push(...allowModules.problems);
    if (typeof shipCode !== 'boolean') problems.push(`shipCode must be true or false; got ${String(shipCode)}.`);
    if (!(Number.isInteger(size) && size >= 1)) problems.push(`size must be a positive integer (workers); got ${String(size)}.`);
    if (!(Number.isInteger(chunksPerWorker) && chunksPerWorker >= 1)) problems.push(`chunksPerWorker must be a positive integer; got ${String(chunksPerWorker)}. The default is 1.`);
    if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 1)) problems.push(`chunkSize must be a positive integer or undefined; got ${String(chunkSize)}.`);
    if (!(typeof taskTimeout === 'number' && taskTimeout > 0)) problems.push(`taskTimeout must be a positive number of milliseconds (Infinity for none); got ${String(taskTimeout)}.`);
    if (problems.length > 0) {
      throw new TempestError('INVALID_CONFIGURATION', `Invalid ${this.constructor.name} options (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}`, { problems });
    }
    this.size = size;
    this.chunksPerWorker = chunksPerWorker;
    this.chunkSize = chunkSize;
    this.taskTimeout = taskTimeout;
    this.shipCode = shipCode;
    this.workerConfig = Object.freeze({ allowCode: shipCode, allowModules: Object.freeze(allowModules.allowModules) });
  }

  /** Starts the workers; subclasses call it at the end of their constructor. */
  protected start(): void {
    for (let i = 0; i < this.size; i++) this.slots.push(this.createSlot());
  }

  /**
   * Starts one worker.
   * @param events - where the worker reports
   * @returns its handle
   */
  protected abstract spawn(events: WorkerEvents): WorkerHandle;

  /** Ids of the live workers (thread ids or process ids), e.g. to watch them from outside. */
  get workerIds(): number[] {
    return this.slots.map((s) => s.handle.id);
  }

  async map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[]): Promise<R[]> {
    if (this.closing !== undefined) throw closedError();
    if (this.broken !== undefined) throw this.broken;
    assertTaskArray(tasks);
    const shipped = toShippedFunction(fn);
    if (!this.shipCode && (!shipped.byReference || shipped.wire.adapter !== undefined)) {
      throw new TempestError('INVALID_ARGUMENT', `This ${this.constructor.name} was created with shipCode: false, so functions travel by reference only (its workers refuse code); got a function to ship by value${shipped.byReference ? ' (an adapter)' : ''}. Pass functionReference(import.meta.url, 'exportName') to an exported function, or create the pool with shipCode: true (the default).`, { option: 'fn' });
    }
    const n = tasks.length;
    if (n === 0) return [];
    const nChunks = this.chunkSize === undefined ? this.size * this.chunksPerWorker : Math.ceil(n / this.chunkSize);
    return new Promise<R[]>((resolve, reject) => {
      const job: Job = {
        id: this.nextJob++, shipped, tasks, results: new Array<unknown>(n), remaining: n, settled: false, chunks: [],
        resolve: resolve as (r: unknown[]) => void, reject,
      };
      this.jobs.add(job);
      for (const [start, end] of splitChunks(n, nChunks)) {
        const chunk: Chunk = { job, start, end, back: false };
        job.chunks.push(chunk);
        this.queue.push(chunk);
      }
      this.pump();
    });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.queue.length = 0;
    for (const job of this.jobs) this.settle(job, closedError());
    await Promise.all(this.slots.map((slot) => {
      clearTimeout(slot.timer);
      return slot.handle.stop();
    }));
  }

  private createSlot(): Slot {
    const slot = { loaded: new Set<string>(), ready: false, retiring: false, loading: false } as Slot;
    slot.handle = this.spawn({
      message: (reply) => this.onReply(slot, reply),
      exit: (exit) => this.onExit(slot, exit),
    });
    slot.handle.unref();
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.running !== undefined || slot.retiring) continue;
      let chunk: Chunk | undefined;
      while ((chunk = this.queue.shift()) !== undefined && (chunk.job.settled || (chunk.job.failure !== undefined && chunk.start > chunk.job.failure.index)));
      if (chunk === undefined) return;
      this.dispatch(slot, chunk);
    }
  }

  private dispatch(slot: Slot, chunk: Chunk): void {
    const { job, start, end } = chunk;
    const fnId = job.shipped.wire.id;
    try {
      const tasks = encodeTasks(job.tasks, start, end);
      const message: RunMessage = { type: 'run', job: job.id, fnId, first: start, tasks, ...(slot.loaded.has(fnId) ? {} : { wire: job.shipped.wire }) };
      slot.handle.send(message, payloadTransfer(tasks));
    } catch (error) {
      this.settle(job, new TempestError('INVALID_ARGUMENT', `Tasks ${start}–${end - 1} could not be sent to a ${this.kind}: ${(error as Error)?.message ?? String(error)}. Tasks must be cloneable: numbers, strings, arrays, plain objects, typed arrays.`, { index: start, cause: error }));
      return;
    }
    slot.loading = !slot.loaded.has(fnId);
    slot.loaded.add(fnId);
    slot.running = chunk;
    slot.handle.ref();
    if (slot.ready) this.startTimer(slot);
  }

  /**
   * The timeout counts from when the worker is ready and has loaded the chunk's function, so
   * neither start-up time nor importing a module is charged to tasks; loading itself gets its own,
   * generous limit ({@link LOAD_ALLOWANCE_MS}), so that an import that never ends is caught too.
   */
  private startTimer(slot: Slot): void {
    const chunk = slot.running;
    if (chunk === undefined || !Number.isFinite(this.taskTimeout)) return;
    clearTimeout(slot.timer);
    const tasksLimit = this.taskTimeout * (chunk.end - chunk.start);
    const loading = slot.loading;
    const limit = loading ? Math.max(LOAD_ALLOWANCE_MS, tasksLimit) : tasksLimit;
    slot.timer = setTimeout(() => this.onTimeout(slot, chunk, limit, loading), limit);
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === 'ready') {
      slot.ready = true;
      this.startFailures = 0;
      this.startTimer(slot);
      return;
    }
    const chunk = slot.running;
    if (chunk === undefined || chunk.job.id !== reply.job) return;
    if (reply.type === 'started') {
      slot.loading = false;
      this.startTimer(slot);
      return;
    }
    this.release(slot);
    chunk.back = true;
    const { job } = chunk;
    if (reply.type === 'failed') {
      if (job.failure === undefined || reply.index < job.failure.index) {
        job.failure = { index: reply.index, error: taskFailedError(reply.index, reply.error, `${this.kind} ${slot.handle.id}`) };
      }
    } else if (!job.settled) {
      const values = decodeResults(reply.results);
      for (let i = 0; i < values.length; i++) job.results[chunk.start + i] = values[i];
      job.remaining -= chunk.end - chunk.start;
      if (job.remaining === 0) this.settle(job, undefined);
    }
    if (job.failure !== undefined && !job.settled) this.reportFailure(job, job.failure);
    this.pump();
  }

  /**
   * Rejects a job with its lowest failing task once every chunk before that task is back, so the
   * error reported does not depend on which worker finished first (a serial run would have
   * stopped at the same task).
   */
  private reportFailure(job: Job, failure: { index: number; error: TempestError }): void {
    for (const c of job.chunks) if (c.start < failure.index && !c.back) return;
    this.settle(job, failure.error);
  }

  private onTimeout(slot: Slot, chunk: Chunk, limit: number, loading: boolean): void {
    if (slot.running !== chunk) return;
    const message = loading
      ? `The ${this.kind} ${slot.handle.id} did not load the function of tasks ${chunk.start}–${chunk.end - 1} within ${limit} ms (with taskTimeout, loading a function may take ${LOAD_ALLOWANCE_MS} ms or the chunk's own limit, whichever is longer); it was stopped and replaced. Look for a module whose import never ends.`
      : `Tasks ${chunk.start}–${chunk.end - 1} did not finish within ${limit} ms (taskTimeout ${this.taskTimeout} ms per task) in ${this.kind} ${slot.handle.id}; it was stopped and replaced. Raise taskTimeout if the tasks are just slow, or look for a task that never returns.`;
    this.settle(chunk.job, new TempestError('TASK_TIMEOUT', message, { index: chunk.start, tasks: [chunk.start, chunk.end - 1], value: limit }));
    this.release(slot);
    slot.retiring = true;
    slot.handle.kill(); // onExit replaces it
  }

  private onExit(slot: Slot, exit: WorkerExit): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const chunk = slot.running;
    this.release(slot);
    if (this.closing !== undefined) return;
    if (chunk !== undefined) {
      const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
      const why = exit.error === undefined ? '' : ` (${exit.error.name}: ${exit.error.message})`;
      this.settle(chunk.job, new TempestError(
        'WORKER_DIED',
        `The ${this.kind} ${slot.handle.id} running tasks ${chunk.start}–${chunk.end - 1} ${how}${why}. It has been replaced and the pool is still usable. A task that calls process.exit, crashes the runtime or runs out of memory causes this; fix the task, or give workers more memory.`,
        { index: chunk.start, tasks: [chunk.start, chunk.end - 1], exitCode: exit.code, signal: exit.signal, ...(exit.error === undefined ? {} : { cause: exit.error }) },
      ));
    }
    if (!slot.ready && ++this.startFailures >= START_FAILURES_LIMIT) {
      this.broken = new TempestError(
        'WORKER_DIED',
        `${START_FAILURES_LIMIT} ${this.kind}s in a row exited before they were ready (last: code ${String(exit.code)}, signal ${String(exit.signal)}${exit.error === undefined ? '' : `, ${exit.error.message}`}). Check execArgv and that the package's worker files are installed; the pool was closed.`,
        { exitCode: exit.code, signal: exit.signal, ...(exit.error === undefined ? {} : { cause: exit.error }) },
      );
      this.slots.splice(index, 1);
      for (const job of this.jobs) this.settle(job, this.broken);
      void this.close();
      return;
    }
    this.slots[index] = this.createSlot();
    this.pump();
  }

  private release(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.running = undefined;
    slot.loading = false;
    slot.handle.unref();
  }

  private settle(job: Job, error: unknown): void {
    if (job.settled) return;
    job.settled = true;
    this.jobs.delete(job);
    if (error === undefined) job.resolve(job.results);
    else job.reject(error);
  }
}

function closedError(): TempestError {
  return new TempestError('POOL_CLOSED', 'The pool is closed; map cannot run tasks on it. Create a new pool, or close it only after the last map has settled.');
}
