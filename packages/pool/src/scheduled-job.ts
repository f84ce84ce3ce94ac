import { ChunkPlan, staticEndsFit, type Chunking } from './chunk-plan.js';
import { longestFirst } from './longest-first.js';
import { splitChunks } from './split-chunks.js';
import { staticBatchPays, type ScheduleEstimates } from './static-batch.js';
import type { MapOptions } from './pool.js';
import type { ShippedFunction } from './shipped-function.js';

/** @returns whether every estimate a static batch needs has been measured */
function measured(estimates: ScheduleEstimates): boolean {
  return estimates.variation() !== undefined && estimates.taskMs() !== undefined && estimates.overheadMs() !== undefined && estimates.masterMs() !== undefined;
}

/** One chunk of a job on its way to, or on, a worker. */
export interface ChunkRun {
  /** Unique in its scheduler; the worker names it in replies and in its task clock. */
  readonly id: number;
  readonly job: ScheduledJob;
  /**
   * The chunk's positions `[start, end)` in the job's dispatch order (the task indices themselves
   * unless the job has cost hints: see {@link ScheduledJob.taskAt}). Workers see positions; the
   * scheduler turns them into task indices for results and errors.
   */
  readonly start: number;
  readonly end: number;
  readonly worker: number;
  /** The chunk brought its function and the worker has not said it is loaded. */
  loading: boolean;
  /** Whether the chunk brought its function (its round trip then includes loading it). */
  readonly carried: boolean;
  /** When it was sent (`performance.now()`). */
  readonly sentAt: number;
}

/**
 * The bookkeeping of one `map` on a scheduler: the chunks still to hand out, the results in task
 * order, and the failure rule: when tasks fail, the one with the lowest index is reported, once
 * every chunk that could hold a lower failing task is back (a serial loop would have stopped at
 * the same task), so the error never depends on which worker finished first.
 *
 * With cost hints (and more than one worker), tasks are handed out dearest first: positions in
 * the dispatch order map to task indices through a permutation, each chunk's tasks in ascending
 * index order (so a worker that stops at a failing task has run every lower task of its chunk).
 * A failure then waits for every chunk that holds a lower task, handed out or not.
 *
 * With adaptive chunking, a map whose round trips are measured to cost more than the adaptive
 * chunks would gain goes out as one static batch instead: one chunk per worker, balanced longest
 * first by the hints (equal counts without hints); see {@link staticBatchPays}.
 */
export class ScheduledJob {
  /** Results so far, by task index. */
  readonly results: unknown[];
  /** Whether the job has resolved or rejected. */
  settled = false;
  /** The failing task with the lowest index so far. */
  failure: { readonly index: number; readonly error: unknown } | undefined;
  private remaining: number;
  private readonly plan: ChunkPlan;
  private readonly inFlight = new Set<ChunkRun>();
  /** Position in the dispatch order → task index; undefined for task order. */
  private readonly order: Int32Array | undefined;
  /** With an order: the cost hint at each position, in units of the mean hint. */
  private readonly relativeCosts: Float64Array | undefined;
  /** Filled with each task's milliseconds when the map asked for them. */
  private readonly durations: Float64Array | undefined;

  /**
   * @param shipped - the function
   * @param tasks - the tasks
   * @param chunking - how to cut them
   * @param workers - workers of the pool
   * @param estimates - what the scheduler has measured of the function's tasks and of its chunks'
   *   costs (the variation sizes adaptive chunks: see {@link ChunkPlan}; all of them decide whether
   *   the map goes out as one static batch: see {@link staticBatchPays})
   * @param resolve - resolves the map
   * @param reject - rejects the map
   * @param options - the map's cost hints (used with more than one worker) and durations array
   */
  constructor(
    readonly shipped: ShippedFunction,
    readonly tasks: readonly unknown[],
    chunking: Chunking,
    workers: number,
    estimates: ScheduleEstimates,
    private readonly resolve: (results: unknown[]) => void,
    private readonly reject: (error: unknown) => void,
    options: MapOptions = {},
  ) {
    const n = tasks.length;
    this.results = new Array<unknown>(n);
    this.remaining = n;
    this.durations = options.durations;
    this.durations?.fill(NaN);
    const hints = options.costHints;
    const variation = () => estimates.variation();
    if (hints !== undefined && workers > 1 && n > 1) {
      const cost = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const h = Number(hints[i]);
        cost[i] = Number.isFinite(h) && h > 0 ? h : 0;
      }
      const order = new Int32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      // Dearest first; equal costs in task order (the sort is stable).
      order.sort((a, b) => cost[b] - cost[a] || a - b);
      let costs = new Float64Array(n);
      for (let p = 0; p < n; p++) costs[p] = cost[order[p]];
      let total = 0;
      for (let p = 0; p < n; p++) total += costs[p];
      let staticEnds: Int32Array | undefined;
      if (chunking.kind === 'adaptive' && total > 0 && measured(estimates)) {
        // One chunk per worker, balanced longest first, when that is predicted to lose less than
        // the adaptive chunks' messages (see staticBatchPays). The bins become contiguous runs of
        // positions, each opened by one of the `workers` dearest tasks, dearest bin first.
        const bins = longestFirst(costs, workers);
        const relative = bins.loads.map((load) => (load * n) / total);
        if (this.staticPays(tasks, costs, bins.ends, relative, chunking, workers, estimates)) {
          const byBin = new Int32Array(n);
          const costsByBin = new Float64Array(n);
          for (let q = 0; q < n; q++) {
            byBin[q] = order[bins.order[q]];
            costsByBin[q] = costs[bins.order[q]];
          }
          order.set(byBin);
          costs = costsByBin;
          staticEnds = bins.ends;
        }
      }
      this.order = order;
      this.relativeCosts = total > 0 ? costs.map((c) => (c * n) / total) : undefined;
      this.plan = new ChunkPlan(tasks, chunking, workers, variation, costs, staticEnds);
    } else {
      this.order = undefined;
      this.relativeCosts = undefined;
      let staticEnds: Int32Array | undefined;
      if (chunking.kind === 'adaptive' && workers > 1 && n > 1 && measured(estimates)) {
        // Without hints the static batch is one equal chunk per worker, in task order.
        const ends = Int32Array.from(splitChunks(n, workers), ([, end]) => end);
        const loads = ends.map((end, b) => end - (b > 0 ? ends[b - 1] : 0));
        if (this.staticPays(tasks, undefined, ends, Float64Array.from(loads), chunking, workers, estimates)) staticEnds = ends;
      }
      this.plan = new ChunkPlan(tasks, chunking, workers, variation, undefined, staticEnds);
    }
  }

  /**
   * @returns whether the static batch (chunks ending at `ends`, predicted loads `loads` in mean
   *   tasks) is predicted to finish the map sooner than the adaptive plan (see {@link staticBatchPays})
   */
  private staticPays(tasks: readonly unknown[], costs: Float64Array | undefined, ends: Int32Array, loads: Float64Array, chunking: Chunking, workers: number, estimates: ScheduleEstimates): boolean {
    const variation = estimates.variation()!;
    const taskMs = estimates.taskMs()!;
    const overheadMs = estimates.overheadMs()!;
    const masterMs = estimates.masterMs()!;
    // A batch the plan would refuse (a chunk of vectors above MAX_CHUNK_BYTES) is not worth weighing.
    if (!staticEndsFit(tasks, ends)) return false;
    const adaptive = new ChunkPlan(tasks, chunking, workers, () => variation, costs);
    let adaptiveChunks = 0;
    while (adaptive.next() !== undefined) adaptiveChunks++;
    return staticBatchPays({ loads, adaptiveChunks, variation, taskMs, overheadMs, masterMs });
  }

  /** @returns whether the map asked for each task's time (workers then measure and send them) */
  get timesTasks(): boolean {
    return this.durations !== undefined;
  }

  /** @returns whether tasks go out in an order of their own (cost hints), not in task order */
  get reordered(): boolean {
    return this.order !== undefined;
  }

  /**
   * @param run - a chunk
   * @returns its size counted in predicted cost, in units of the map's mean hint (its number of
   *   tasks without hints): a chunk that took this many times the mean time was predicted exactly
   */
  hintedSize(run: { readonly start: number; readonly end: number }): number {
    const c = this.relativeCosts;
    if (c === undefined) return run.end - run.start;
    let size = 0;
    for (let p = run.start; p < run.end; p++) size += c[p];
    return size;
  }

  /**
   * @param position - a position in the dispatch order (as in a {@link ChunkRun})
   * @returns the index of the task at that position
   */
  taskAt(position: number): number {
    return this.order === undefined ? position : this.order[position];
  }

  /**
   * @param start - first position in the dispatch order
   * @param end - one past the last
   * @returns the task indices at those positions, ascending
   */
  taskIndices(start: number, end: number): number[] {
    const out = new Array<number>(end - start);
    for (let p = start; p < end; p++) out[p - start] = this.taskAt(p);
    return out.sort((a, b) => a - b);
  }

  /** @returns the next chunk to hand out, or undefined when there is none (all out, failed or settled) */
  nextRange(): [number, number] | undefined {
    if (this.settled) return undefined;
    const range = this.plan.next();
    // A chunk's tasks run in ascending index order (see the class comment).
    if (range !== undefined && this.order !== undefined) this.order.subarray(range[0], range[1]).sort();
    return range;
  }

  /**
   * @param start - first position
   * @param end - one past the last
   * @returns the tasks at positions `[start, end)`, for encoding (the job's own array in task order)
   */
  tasksOf(start: number, end: number): { readonly tasks: readonly unknown[]; readonly start: number; readonly end: number } {
    if (this.order === undefined) return { tasks: this.tasks, start, end };
    const picked = new Array<unknown>(end - start);
    for (let p = start; p < end; p++) picked[p - start] = this.tasks[this.order[p]];
    return { tasks: picked, start: 0, end: end - start };
  }

  /** @returns whether chunks remain to hand out */
  get hasWork(): boolean {
    return !this.settled && this.plan.remaining > 0;
  }

  /**
   * Records that a chunk went out.
   * @param run - the chunk
   */
  sent(run: ChunkRun): void {
    this.inFlight.add(run);
  }

  /**
   * Records a chunk's results; resolves the map when they were the last.
   * @param run - the chunk
   * @param values - its results, in order
   * @param taskMs - each task's milliseconds, in chunk order, when the worker measured them
   */
  completed(run: ChunkRun, values: readonly unknown[], taskMs?: Float64Array): void {
    this.inFlight.delete(run);
    if (this.settled) return;
    if (this.failure === undefined) {
      for (let i = 0; i < values.length; i++) this.results[this.taskAt(run.start + i)] = values[i];
      const durations = this.durations;
      if (durations !== undefined && taskMs !== undefined && taskMs.length === values.length) {
        for (let i = 0; i < taskMs.length; i++) durations[this.taskAt(run.start + i)] = taskMs[i];
      }
      this.remaining -= run.end - run.start;
      if (this.remaining === 0) this.settle(undefined);
      return;
    }
    this.reportFailure();
  }

  /**
   * Records a failing task of a chunk; rejects the map with the lowest failing task once no chunk
   * before it is still out.
   * @param run - the chunk
   * @param index - the failing task (its index in the map, not its position)
   * @param error - what to reject with
   */
  failed(run: ChunkRun, index: number, error: unknown): void {
    this.inFlight.delete(run);
    if (this.settled) return;
    if (this.failure === undefined || index < this.failure.index) this.failure = { index, error };
    // Tasks after the failure need not run: a serial loop would never have reached them. In
    // dispatch order, lower tasks may still be waiting to go out: they must run first.
    if (this.lowestWaiting() > this.failure.index) this.plan.stop();
    this.reportFailure();
  }

  /**
   * Forgets a chunk that will not come back (its job settled another way, e.g. by a timeout).
   * @param run - the chunk
   */
  dropped(run: ChunkRun): void {
    this.inFlight.delete(run);
  }

  /**
   * Resolves (no error) or rejects the map, once.
   * @param error - the rejection, or undefined to resolve with the results
   */
  settle(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.plan.stop();
    if (error === undefined) this.resolve(this.results);
    else this.reject(error);
  }

  private reportFailure(): void {
    const failure = this.failure!;
    // A chunk's tasks are in ascending order, so its first is its lowest.
    for (const run of this.inFlight) if (this.taskAt(run.start) < failure.index) return;
    if (this.lowestWaiting() < failure.index) return;
    this.settle(failure.error);
  }

  /** @returns the lowest task not handed out yet (Infinity when none is left) */
  private lowestWaiting(): number {
    if (this.order === undefined) return this.plan.remaining > 0 ? this.tasks.length - this.plan.remaining : Infinity;
    let lowest = Infinity;
    for (let p = this.tasks.length - this.plan.remaining; p < this.tasks.length; p++) lowest = Math.min(lowest, this.order[p]);
    return lowest;
  }
}
