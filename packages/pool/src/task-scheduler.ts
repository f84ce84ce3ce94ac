import { decodeResults, encodeTasks, payloadTransfer } from './chunk-codec.js';
import type { Chunking } from './chunk-plan.js';
import type { MapOptions } from './pool.js';
import type { RunMessage, WorkerReply } from './protocol.js';
import { ScheduledJob, type ChunkRun } from './scheduled-job.js';
import type { ScheduleEstimates } from './static-batch.js';
import type { ShippedFunction } from './shipped-function.js';
import type { TaskClock } from './task-clock.js';
import { taskFailedError } from './task-failed-error.js';
import { TaskTimeEstimate } from './task-time-estimate.js';
import { TaskWatch, type OverdueTask } from './task-watch.js';
import { TempestError } from './tempest-error.js';
import { describeTasksCapitalized } from './task-list-text.js';
import { LOAD_ALLOWANCE_MS, loadTimeoutError, starvedError, taskTimeoutError } from './timeout-errors.js';

export { LOAD_ALLOWANCE_MS };

/** Functions whose task times the scheduler keeps estimating (the most recently used). */
const ESTIMATES_KEPT = 16;

/** The round-trip estimate follows the last this-many chunks, roughly (an exponential average). */
const OVERHEAD_WINDOW = 32;

/** The whole-chunk backstop (for a watchdog that cannot report) allows one task more than the chunk has, and this. */
const BACKSTOP_SLACK_MS = 2000;

/** What a scheduler needs from the transport that carries its messages. */
export interface SchedulerTransport {
  /**
   * Sends a run message to a worker.
   * @throws when the message cannot be sent (tasks that cannot be cloned or encoded)
   */
  send(worker: number, message: RunMessage, transfer: ArrayBuffer[]): void;
  /**
   * A worker's task ran past its limit: stop the worker if possible.
   * @returns true when it is being stopped (the transport then calls `removeWorker`, and usually
   *   `addWorker` for a replacement); false when it cannot be (an MPI rank): it gets no more
   *   chunks until it answers
   */
  abandon(worker: number): boolean;
  /** The worker has a chunk (true) or none (false): a local pool refs or unrefs it. */
  busy?(worker: number, busy: boolean): void;
  /** The worker's task clock, when the master can read it (threads): the scheduler then times each task itself. */
  clock?(worker: number): TaskClock | undefined;
}

/** Options of {@link TaskScheduler}. */
export interface TaskSchedulerOptions {
  /** Carries the messages. */
  readonly transport: SchedulerTransport;
  /** What a worker is called in messages: `worker thread`, `worker process`, `MPI rank`. */
  readonly kind: string;
  /** How maps are cut into chunks. */
  readonly chunking: Chunking;
  /** Milliseconds each task may take (Infinity for no limit). */
  readonly taskTimeout: number;
  /** What becomes of a worker whose task timed out, for the error message (a sentence or two). */
  readonly afterTimeout: string;
}

/** What a pool's scheduler has done so far (see `pool.stats()`). */
export interface PoolStats {
  /** `map` calls. */
  readonly maps: number;
  /** Tasks of those calls. */
  readonly tasks: number;
  /** Chunks sent (messages to workers). */
  readonly chunks: number;
  /**
   * Milliseconds the master spent in the pool's own code: cutting and encoding chunks, sending
   * them, decoding and storing results. Its serial share of a parallel run.
   */
  readonly masterMs: number;
  /** Milliseconds the workers spent running chunks, as they measured it, summed over workers. */
  readonly busyMs: number;
}

interface WorkerState {
  readonly id: number;
  ready: boolean;
  /** Timed out: gets no chunks until it answers (an MPI rank) or exits (a local worker). */
  lost: boolean;
  /** Being stopped after a timeout (a replacement follows). */
  stopping: boolean;
  readonly loaded: Set<string>;
  running: ChunkRun | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The one scheduler of every built-in pool, independent of how messages travel: cuts each `map`
 * into chunks (adaptive factoring by default: see {@link Chunking}), hands a chunk to each
 * worker that is free, keeps results in task order, reports the lowest failing task, times every
 * task (with `taskTimeout`), and fails the chunks of workers that die. Threads, child processes
 * and MPI ranks are transports over it: they carry {@link RunMessage}s to workers, which run them
 * with a `WorkerLoop`, and hand each reply to {@link TaskScheduler.receive}.
 *
 * @example
 * ```ts
 * const scheduler = new TaskScheduler({ transport, kind: 'worker thread', chunking: { kind: 'adaptive' }, taskTimeout: Infinity, afterTimeout: 'It was replaced.' });
 * scheduler.addWorker(1);
 * const results = await scheduler.map(toShippedFunction(fn), tasks);
 * ```
 */
export class TaskScheduler {
  private readonly transport: SchedulerTransport;
  private readonly workers = new Map<number, WorkerState>();
  private readonly idle = new Set<WorkerState>();
  private readonly jobs = new Set<ScheduledJob>();
  /** Jobs with chunks still to hand out, oldest first. */
  private readonly pending: ScheduledJob[] = [];
  private readonly watch: TaskWatch | undefined;
  /** Task times of the functions mapped so far, by function id (for adaptive chunks). */
  private readonly estimates = new Map<string, TaskTimeEstimate>();
  /**
   * The same for maps with cost hints, with each chunk's size counted in hinted cost (in units of
   * its map's mean hint): the variation of the hints' errors, which decides the chunks of a map
   * handed out dearest first.
   */
  private readonly hintedEstimates = new Map<string, TaskTimeEstimate>();
  /** Mean milliseconds a worker loses per chunk to the round trip (see ScheduleEstimates.overheadMs). */
  private overheadMs: number | undefined;
  private nextChunk = 1;
  private closing = false;
  private drained: (() => void) | undefined;
  private stats_ = { maps: 0, tasks: 0, chunks: 0, masterMs: 0, busyMs: 0 };

  /**
   * @param options - transport, worker kind, chunking, task timeout
   */
  constructor(private readonly options: TaskSchedulerOptions) {
    this.transport = options.transport;
    this.watch = Number.isFinite(options.taskTimeout) && options.transport.clock !== undefined
      ? new TaskWatch(options.taskTimeout, (worker, task) => this.overdue(worker, task))
      : undefined;
  }

  /** @returns whether a chunk is out on a worker (lost workers' chunks are not counted) */
  get busy(): boolean {
    for (const w of this.workers.values()) if (w.running !== undefined) return true;
    return false;
  }

  /** @returns what the scheduler has done so far */
  stats(): PoolStats {
    return { ...this.stats_ };
  }

  /**
   * Adds a worker (started, perhaps not ready yet: chunks wait in its queue).
   * @param id - thread id, process id or rank
   * @param ready - whether it is ready already (MPI ranks are)
   */
  addWorker(id: number, ready = false): void {
    const w: WorkerState = { id, ready, lost: false, stopping: false, loaded: new Set(), running: undefined, timer: undefined };
    this.workers.set(id, w);
    this.idle.add(w);
    this.pump();
  }

  /**
   * Removes a worker that has ended; its chunk, if it had one, fails with `error(tasks)`.
   * @param id - the worker
   * @param error - the error for the map of its chunk (WORKER_DIED), given the chunk's task indices, ascending
   */
  removeWorker(id: number, error: (tasks: readonly number[]) => unknown): void {
    const w = this.workers.get(id);
    if (w === undefined) return;
    const run = w.running;
    this.release(w);
    this.workers.delete(id);
    this.idle.delete(w);
    if (run !== undefined) run.job.settle(error(run.job.taskIndices(run.start, run.end)));
    this.afterChange();
  }

  /**
   * Runs `fn` on every task; results in task order.
   * @param shipped - the function, prepared for workers
   * @param tasks - the tasks (not empty)
   * @param options - cost hints (dearest tasks first) and an array for each task's measured time
   *   (see {@link MapOptions}; the pool checks them with `assertMapOptions`)
   * @returns the results
   */
  map(shipped: ShippedFunction, tasks: readonly unknown[], options: MapOptions = {}): Promise<unknown[]> {
    return new Promise<unknown[]>((resolve, reject) => {
      const t0 = performance.now();
      const estimate = this.estimateOf(this.estimates, shipped.wire.id);
      const hinted = options.costHints === undefined ? undefined : this.estimateOf(this.hintedEstimates, shipped.wire.id);
      const estimates: ScheduleEstimates = {
        variation: hinted === undefined ? () => estimate.variation : () => hinted.variation ?? estimate.variation,
        taskMs: hinted === undefined ? () => estimate.meanMs : () => hinted.meanMs ?? estimate.meanMs,
        overheadMs: () => this.overheadMs,
        masterMs: () => (this.stats_.chunks > 0 ? this.stats_.masterMs / this.stats_.chunks : undefined),
      };
      const job = new ScheduledJob(shipped, tasks, this.options.chunking, Math.max(1, this.usable()), estimates, (results) => {
        this.jobs.delete(job);
        resolve(results);
      }, (error) => {
        this.jobs.delete(job);
        reject(error);
      }, options);
      this.stats_.maps++;
      this.stats_.tasks += tasks.length;
      this.jobs.add(job);
      this.pending.push(job);
      this.pump();
      this.checkStarved();
      this.stats_.masterMs += performance.now() - t0;
    });
  }

  /**
   * Handles a worker's reply (or the report of its watchdog).
   * @param id - the worker
   * @param reply - the reply, or a function that decodes it (its time counts as the master's)
   */
  receive(id: number, reply: WorkerReply | (() => WorkerReply)): void {
    const t0 = performance.now();
    try {
      const w = this.workers.get(id);
      if (w === undefined) return;
      let r: WorkerReply;
      try {
        r = typeof reply === 'function' ? reply() : reply;
      } catch (error) {
        this.unreadable(w, error);
        return;
      }
      this.handle(w, r);
    } finally {
      this.stats_.masterMs += performance.now() - t0;
    }
  }

  /** A reply that could not be decoded: the worker's chunk fails with the decoding error. */
  private unreadable(w: WorkerState, error: unknown): void {
    const run = w.running;
    if (run === undefined) return;
    this.release(w);
    run.job.dropped(run);
    run.job.settle(error);
    this.idle.add(w);
    this.afterChange();
  }

  /**
   * Rejects every map in flight with `error` and stops handing out chunks (the pool is closing or
   * broken).
   * @param error - the rejection
   */
  failAll(error: unknown): void {
    this.closing = true;
    this.pending.length = 0;
    for (const job of [...this.jobs]) job.settle(error);
  }

  /**
   * @returns when no chunk is out on a worker any more (chunks of workers lost to a timeout are
   *   not waited for)
   */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.drained = resolve;
    });
  }

  private handle(w: WorkerState, reply: WorkerReply): void {
    if (reply.type === 'ready') {
      w.ready = true;
      if (w.running !== undefined) this.startTimers(w, w.running);
      return;
    }
    const run = w.running;
    if (reply.type === 'overdue') {
      if (run !== undefined && run.id === reply.chunk && !run.loading) this.timedOut(w, run, reply);
      return;
    }
    if (run === undefined || run.id !== reply.chunk) {
      // A lost MPI rank answering after all (its task was slow, not stuck) rejoins; its late results are dropped.
      if (w.lost && !w.stopping && reply.type !== 'started') {
        w.lost = false;
        this.idle.add(w);
        this.afterChange();
      }
      return;
    }
    if (reply.type === 'started') {
      run.loading = false;
      this.startTimers(w, run);
      return;
    }
    if (reply.type === 'missing') {
      // The worker forgot the function (or failed to load it before): send the chunk again, with it.
      w.loaded.delete(run.job.shipped.wire.id);
      this.release(w);
      run.job.dropped(run);
      if (run.job.settled || !this.send(w, run.job, run.start, run.end)) {
        this.idle.add(w);
        this.afterChange();
      }
      return;
    }
    this.stats_.busyMs += reply.busyMs;
    this.release(w);
    this.idle.add(w);
    const { job } = run;
    if (reply.type === 'done') {
      if (!run.carried) {
        const gap = Math.max(0, performance.now() - run.sentAt - reply.busyMs);
        this.overheadMs = this.overheadMs === undefined ? gap : this.overheadMs + (gap - this.overheadMs) / OVERHEAD_WINDOW;
      }
      this.estimates.get(job.shipped.wire.id)?.record(run.end - run.start, reply.busyMs);
      if (job.reordered) this.hintedEstimates.get(job.shipped.wire.id)?.record(job.hintedSize(run), reply.busyMs);
    }
    if (reply.type === 'failed') {
      // The worker names positions in the dispatch order; errors name tasks.
      const index = reply.index >= run.start && reply.index < run.end ? job.taskAt(reply.index) : reply.index;
      job.failed(run, index, taskFailedError(index, reply.error, `${this.options.kind} ${w.id}`));
    } else {
      let values: unknown[] = [];
      try {
        if (!job.settled && job.failure === undefined) values = decodeResults(reply.results);
      } catch (error) {
        job.dropped(run);
        job.settle(error);
      }
      job.completed(run, values, reply.taskMs);
    }
    this.afterChange();
  }

  /** The task-time estimate of a function, made on first use; the least recently used are forgotten. */
  private estimateOf(estimates: Map<string, TaskTimeEstimate>, fnId: string): TaskTimeEstimate {
    let estimate = estimates.get(fnId);
    if (estimate !== undefined) estimates.delete(fnId);
    else estimate = new TaskTimeEstimate();
    estimates.set(fnId, estimate);
    if (estimates.size > ESTIMATES_KEPT) estimates.delete(estimates.keys().next().value as string);
    return estimate;
  }

  /** Workers that take chunks (not lost to a timeout). */
  private usable(): number {
    let n = 0;
    for (const w of this.workers.values()) if (!w.lost) n++;
    return n;
  }

  /** Hands chunks to idle workers, oldest map first. */
  private pump(): void {
    while (this.idle.size > 0 && this.pending.length > 0) {
      const job = this.pending[0];
      const range = job.nextRange();
      if (range === undefined) {
        this.pending.shift();
        continue;
      }
      const w = this.idle.values().next().value as WorkerState;
      this.idle.delete(w);
      if (!this.send(w, job, range[0], range[1])) this.idle.add(w);
      if (!job.hasWork) this.pending.shift();
    }
  }

  private send(w: WorkerState, job: ScheduledJob, start: number, end: number): boolean {
    const fnId = job.shipped.wire.id;
    const carries = !w.loaded.has(fnId);
    const id = this.nextChunk;
    this.nextChunk = (this.nextChunk % 0x7fffffff) + 1;
    const { taskTimeout } = this.options;
    try {
      const picked = job.tasksOf(start, end);
      const tasks = encodeTasks(picked.tasks, picked.start, picked.end);
      const message: RunMessage = {
        type: 'run', chunk: id, fnId, first: start, tasks,
        ...(carries ? { wire: job.shipped.wire } : {}),
        ...(Number.isFinite(taskTimeout) ? { taskTimeout } : {}),
        ...(job.timesTasks ? { timeTasks: true } : {}),
      };
      this.transport.send(w.id, message, payloadTransfer(tasks));
    } catch (error) {
      const indices = job.taskIndices(start, end);
      job.settle(new TempestError('INVALID_ARGUMENT', `${describeTasksCapitalized(indices)} could not be sent to a ${this.options.kind}: ${(error as Error)?.message ?? String(error)}. Tasks must be cloneable: numbers, strings, arrays, plain objects, typed arrays.`, { index: indices[0], cause: error }));
      return false;
    }
    if (carries) w.loaded.add(fnId);
    const run: ChunkRun = { id, job, start, end, worker: w.id, loading: carries, carried: carries, sentAt: performance.now() };
    w.running = run;
    job.sent(run);
    this.stats_.chunks++;
    this.transport.busy?.(w.id, true);
    if (w.ready) this.startTimers(w, run);
    return true;
  }

  /**
   * With `taskTimeout`: a chunk that brought its function gets {@link LOAD_ALLOWANCE_MS} to load it
   * (importing a module is not charged to tasks); then each task is timed on its own, by the
   * scheduler through the worker's clock (threads) or by the worker's watchdog, which reports
   * `overdue`. A backstop timer on the whole chunk covers a watchdog that could not report.
   */
  private startTimers(w: WorkerState, run: ChunkRun): void {
    const limit = this.options.taskTimeout;
    if (!Number.isFinite(limit)) return;
    clearTimeout(w.timer);
    if (run.loading) {
      w.timer = setTimeout(() => this.loadTimedOut(w, run), LOAD_ALLOWANCE_MS);
    } else {
      const clock = this.transport.clock?.(w.id);
      if (clock !== undefined) this.watch!.watch(w.id, clock);
      const backstop = limit * (run.end - run.start + 1) + BACKSTOP_SLACK_MS;
      w.timer = setTimeout(() => this.timedOut(w, run, { chunk: run.id, index: run.start, weight: run.end - run.start, elapsedMs: backstop }, true), backstop);
    }
    // The transport keeps the process alive while a chunk is out (a ref'd worker, a pending receive).
    w.timer.unref?.();
  }

  private overdue(worker: number, task: OverdueTask): void {
    const w = this.workers.get(worker);
    if (w === undefined) return;
    this.receive(worker, { type: 'overdue', ...task });
  }

  private loadTimedOut(w: WorkerState, run: ChunkRun): void {
    if (w.running === run) this.abandon(w, run, loadTimeoutError(`${this.options.kind} ${w.id}`, run.job.taskIndices(run.start, run.end), this.options.afterTimeout));
  }

  private timedOut(w: WorkerState, run: ChunkRun, task: OverdueTask, backstop = false): void {
    if (w.running !== run) return;
    const { kind, afterTimeout, taskTimeout } = this.options;
    const { job } = run;
    // The worker names positions in the dispatch order (the late task and those awaited with it);
    // the error names their tasks.
    const first = Math.max(run.start, Math.min(task.index, run.end - 1));
    const last = Math.min(run.end, first + Math.max(1, task.weight));
    this.abandon(w, run, taskTimeoutError(`${kind} ${w.id}`, job.taskIndices(first, last), task, { taskTimeout, afterTimeout, backstop }));
  }

  /** Fails a timed-out chunk's map and takes its worker out of service (stopping it if the transport can). */
  private abandon(w: WorkerState, run: ChunkRun, error: TempestError): void {
    this.release(w);
    run.job.dropped(run);
    run.job.settle(error);
    w.lost = true;
    this.idle.delete(w);
    w.stopping = this.transport.abandon(w.id);
    this.afterChange();
  }

  private release(w: WorkerState): void {
    clearTimeout(w.timer);
    w.timer = undefined;
    this.watch?.unwatch(w.id);
    if (w.running !== undefined) {
      w.running = undefined;
      this.transport.busy?.(w.id, false);
    }
  }

  private afterChange(): void {
    if (!this.closing) {
      this.pump();
      this.checkStarved();
    }
    if (this.drained !== undefined && !this.busy) {
      const resolve = this.drained;
      this.drained = undefined;
      resolve();
    }
  }

  /** Every worker lost to a timeout and none coming back: nothing could ever run the waiting chunks. */
  private checkStarved(): void {
    if (this.pending.length === 0 || this.workers.size === 0) return;
    for (const w of this.workers.values()) if (!w.lost || w.stopping) return;
    for (const job of this.pending) {
      const range = job.nextRange();
      job.settle(starvedError(this.options.kind, job.taskIndices(range === undefined ? 0 : range[0], job.tasks.length), this.options.taskTimeout));
    }
    this.pending.length = 0;
  }
}
