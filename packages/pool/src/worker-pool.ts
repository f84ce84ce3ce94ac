import { assertTaskArray } from './assert-task-array.js';
import { LocalPool } from './local-pool.js';
import { assertMapOptions } from './assert-map-options.js';
import type { MapOptions, PoolFunction } from './pool.js';
import type { RunMessage, WorkerConfig, WorkerReply } from './protocol.js';
import { SCHEDULER_OPTIONS, resolveSchedulerOptions, type SchedulerOptions } from './scheduler-options.js';
import { assertShippable, toShippedFunction } from './shipped-function.js';
import type { TaskClock } from './task-clock.js';
import { describeTasks, taskFields } from './task-list-text.js';
import { TaskScheduler, type PoolStats } from './task-scheduler.js';
import { TempestError } from './tempest-error.js';

/** How a worker ended. */
export interface WorkerExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** An error the worker reported as it died (uncaught exception, out of memory), if any. */
  readonly error?: Error;
}

/** The master's handle on one worker thread or process. */
export interface WorkerHandle {
  /** Thread id or process id (unique among the pool's live workers). */
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
  /** The worker's task clock, when the master can read it (threads). */
  readonly clock?: TaskClock;
}

/** Callbacks a spawned worker reports to. */
export interface WorkerEvents {
  message(reply: WorkerReply): void;
  exit(exit: WorkerExit): void;
}

/** What the workers accept; listed after a subclass's own options in messages. */
const RECEIVER_OPTIONS = ['shipCode', 'allowModules'] as const;

/** Options shared by the built-in multi-worker pools. */
export interface WorkerPoolOptions extends SchedulerOptions {
  /** Number of workers. Default: `os.availableParallelism()`. */
  size?: number;
}

const START_FAILURES_LIMIT = 3;

/**
 * What {@link ThreadPool} and {@link ProcessPool} share around the {@link TaskScheduler}: starting
 * workers, replacing those that die or are stopped after a timeout, and closing.
 */
export abstract class WorkerPool extends LocalPool {
  readonly size: number;
  /** Whether functions may travel by value (the workers were started accordingly). */
  private shipCode: boolean;
  /** What every worker accepts, fixed at start; subclasses hand it to the workers they spawn. */
  protected readonly workerConfig: WorkerConfig;
  /** The per-task limit, for subclasses whose workers time their own tasks (processes). */
  protected readonly taskTimeout: number;
  private readonly scheduler: TaskScheduler;
  private readonly handles = new Map<number, { handle: WorkerHandle; ready: boolean; retiring: boolean }>();
  private closing: Promise<void> | undefined;
  private startFailures = 0;
  private broken: TempestError | undefined;

  /**
   * @param kind - `worker thread` or `worker process`, for messages
   * @param options - size, chunking and timeout
   * @param defaultSize - the size when `options.size` is unset
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
    const own = SCHEDULER_OPTIONS.filter((o) => !(RECEIVER_OPTIONS as readonly string[]).includes(o));
    const known = ['size', ...own, ...ownOptions, ...RECEIVER_OPTIONS];
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) problems.push(`unknown option ${JSON.stringify(key)}; the options are ${known.join(', ')}.`);
    }
    const { size = defaultSize } = options;
    if (!(Number.isInteger(size) && size >= 1)) problems.push(`size must be a positive integer (workers); got ${String(size)}.`);
    const resolved = resolveSchedulerOptions(options, problems);
    if (problems.length > 0) {
      throw new TempestError('INVALID_CONFIGURATION', `Invalid ${this.constructor.name} options (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}`, { problems });
    }
    this.size = size;
    this.shipCode = resolved.shipCode;
    this.taskTimeout = resolved.taskTimeout;
    this.workerConfig = Object.freeze({ allowCode: resolved.shipCode, allowModules: resolved.allowModules });
    this.scheduler = new TaskScheduler({
      kind,
      chunking: resolved.chunking,
      taskTimeout: resolved.taskTimeout,
      afterTimeout: 'It was stopped and replaced (running JavaScript cannot be interrupted otherwise).',
      transport: {
        send: (id, message, transfer) => this.handles.get(id)!.handle.send(message, transfer),
        abandon: (id) => {
          const entry = this.handles.get(id);
          if (entry === undefined) return false;
          entry.retiring = true;
          entry.handle.kill(); // its exit brings a replacement
          return true;
        },
        busy: (id, busy) => {
          const handle = this.handles.get(id)?.handle;
          if (busy) handle?.ref();
          else handle?.unref();
        },
        clock: (id) => this.handles.get(id)?.handle.clock,
      },
    });
  }

  /** Starts the workers; subclasses call it at the end of their constructor. */
  protected start(): void {
    for (let i = 0; i < this.size; i++) this.startWorker();
  }

  /**
   * Starts one worker.
   * @param events - where the worker reports
   * @returns its handle
   */
  protected abstract spawn(events: WorkerEvents): WorkerHandle;

  /** Ids of the live workers (thread ids or process ids), e.g. to watch them from outside. */
  get workerIds(): number[] {
    return [...this.handles.keys()];
  }

  /**
   * What the pool's scheduler has done so far: maps, tasks, chunks sent, the master's own time in
   * the pool and the workers' busy time (for measuring parallel efficiency).
   * @returns counts and milliseconds since the pool was created
   */
  stats(): PoolStats {
    return this.scheduler.stats();
  }

  async map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[], options?: MapOptions): Promise<R[]> {
    if (this.closing !== undefined) throw closedError();
    if (this.broken !== undefined) throw this.broken;
    assertTaskArray(tasks);
    const checked = assertMapOptions(options, tasks.length);
    const shipped = toShippedFunction(fn);
    assertShippable(shipped, this.shipCode, this.constructor.name);
    if (tasks.length === 0) return [];
    return (await this.scheduler.map(shipped, tasks, checked)) as R[];
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.scheduler.failAll(closedError());
    await Promise.all([...this.handles.values()].map(({ handle }) => handle.stop()));
  }

  private startWorker(): void {
    let id: number | undefined;
    const handle = this.spawn({
      message: (reply) => {
        if (id === undefined) return;
        if (reply.type === 'ready') {
          const entry = this.handles.get(id);
          if (entry !== undefined) entry.ready = true;
          this.startFailures = 0;
        }
        this.scheduler.receive(id, reply);
      },
      exit: (exit) => {
        if (id !== undefined) this.onExit(id, exit);
      },
    });
    id = handle.id;
    handle.unref();
    this.handles.set(id, { handle, ready: false, retiring: false });
    this.scheduler.addWorker(id);
  }

  private onExit(id: number, exit: WorkerExit): void {
    const entry = this.handles.get(id);
    if (entry === undefined) return;
    this.handles.delete(id);
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
    const why = exit.error === undefined ? '' : ` (${exit.error.name}: ${exit.error.message})`;
    this.scheduler.removeWorker(id, (tasks) => new TempestError(
      'WORKER_DIED',
      `The ${this.kind} ${id} running ${describeTasks(tasks)} ${how}${why}. It has been replaced and the pool is still usable. A task that calls process.exit, crashes the runtime or runs out of memory causes this; fix the task, or give workers more memory.`,
      { index: tasks[0], ...taskFields(tasks), exitCode: exit.code, signal: exit.signal, ...(exit.error === undefined ? {} : { cause: exit.error }) },
    ));
    if (this.closing !== undefined) return;
    if (!entry.ready && !entry.retiring && ++this.startFailures >= START_FAILURES_LIMIT) {
      this.broken = new TempestError(
        'WORKER_DIED',
        `${START_FAILURES_LIMIT} ${this.kind}s in a row exited before they were ready (last: code ${String(exit.code)}, signal ${String(exit.signal)}${exit.error === undefined ? '' : `, ${exit.error.message}`}). Check execArgv and that the package's worker files are installed; the pool was closed.`,
        { exitCode: exit.code, signal: exit.signal, ...(exit.error === undefined ? {} : { cause: exit.error }) },
      );
      this.scheduler.failAll(this.broken);
      void this.close();
      return;
    }
    this.startWorker();
  }
}

function closedError(): TempestError {
  return new TempestError('POOL_CLOSED', 'The pool is closed; map cannot run tasks on it. Create a new pool, or close it only after the last map has settled.');
}
