import { splitChunks } from './split-chunks.js';

/**
 * How a `map`'s tasks are cut into chunks:
 * - `adaptive` (the default): adaptive factoring. Chunks are handed out in batches of one per
 *   worker as workers free up; each batch's chunks take `remaining / (x × workers)` tasks, where
 *   x ≥ 1 grows with how much the function's task times vary (measured from its earlier chunks)
 *   and with how few tasks remain. Tasks of equal cost get one chunk per worker (one message
 *   each, as a static split); tasks of uneven cost get chunks that shrink to single tasks as the
 *   map drains, so that a worker that drew slow tasks is not left finishing a large chunk while
 *   the others wait;
 * - `size`: chunks of at most `size` tasks, balanced (7 tasks at 3 give 3, 2, 2);
 * - `perWorker`: `workers × perWorker` chunks of nearly equal size, cut in advance.
 */
export type Chunking = AdaptiveChunking | SizedChunking | PerWorkerChunking;

/** Chunks sized from the measured variation of task times (see {@link Chunking}). */
export interface AdaptiveChunking {
  /** The chunking's kind. */
  readonly kind: 'adaptive';
}

/** Chunks of at most `size` tasks (see {@link Chunking}). */
export interface SizedChunking {
  /** The chunking's kind. */
  readonly kind: 'size';
  /** At most this many tasks per chunk. */
  readonly size: number;
}

/** `workers × perWorker` equal chunks (see {@link Chunking}). */
export interface PerWorkerChunking {
  /** The chunking's kind. */
  readonly kind: 'perWorker';
  /** Chunks per worker and map. */
  readonly perWorker: number;
}

/**
 * No chunk of vectors above this many bytes: very large messages are slower per byte (measured
 * over MPI: 1 MB tasks in 4 MB chunks went 2.3x faster than in 100 MB chunks).
 */
export const MAX_CHUNK_BYTES = 4 << 20;

/**
 * The variation (σ / mean) of task times assumed for a function before any of its chunks has
 * come back: moderate, so that a first map of uneven tasks is balanced, at the cost of a few more
 * messages for a first map of even ones.
 */
export const DEFAULT_TASK_VARIATION = 0.5;

/**
 * The factoring rule (Flynn Hummel, Schonberg and Flynn, "Factoring: a method for scheduling
 * parallel loops", 1992): with R tasks left on p workers whose task times have variation c, a batch
 * of p chunks of R / (x p) tasks each, where b = p c / (2 √R) and x = 1 + b² + b √(b² + 2), finishes
 * with high probability before the slowest chunk of the batch would have finished on its own.
 * c = 0 gives x = 1: one chunk per worker.
 * @param remaining - R
 * @param workers - p
 * @param variation - c
 * @returns the chunk size of the next batch (at least 1)
 */
export function factoringChunkSize(remaining: number, workers: number, variation: number): number {
  return Math.max(1, Math.ceil(remaining / (factoringDivisor(remaining, workers, variation) * workers)));
}

/**
 * The most tasks one chunk may hold: vectors up to {@link MAX_CHUNK_BYTES} a chunk (at least one),
 * any number of other tasks.
 * @param tasks - a map's tasks
 * @returns rows per chunk at most
 */
export function maxChunkRows(tasks: readonly unknown[]): number {
  const first = tasks[0];
  return first instanceof Float64Array ? Math.max(1, Math.floor(MAX_CHUNK_BYTES / Math.max(1, first.byteLength))) : Infinity;
}

/**
 * Whether chunks ending at `ends` (ascending, from position 0) cut the tasks into non-empty chunks
 * within {@link maxChunkRows}, as a static first batch must.
 * @param tasks - a map's tasks
 * @param ends - one past each chunk's last position
 * @returns true when every chunk fits
 */
export function staticEndsFit(tasks: readonly unknown[], ends: Int32Array): boolean {
  const maxRows = maxChunkRows(tasks);
  for (let b = 0, start = 0; b < ends.length; start = ends[b++]) if (!(ends[b] > start && ends[b] - start <= maxRows && ends[b] <= tasks.length)) return false;
  return true;
}

/** The factoring rule's x (see {@link factoringChunkSize}). */
function factoringDivisor(remaining: number, workers: number, variation: number): number {
  const b = (workers * variation) / (2 * Math.sqrt(remaining));
  return 1 + b * b + b * Math.sqrt(b * b + 2);
}

/**
 * The chunks of one `map`, handed out in order, one each time a worker is free. With `costs` (the
 * predicted cost of each task, in the order handed out: the scheduler sorts them dearest first),
 * adaptive chunks are cut by predicted cost instead of by count: each chunk of a batch takes
 * tasks until it holds `remaining cost / (x × workers)`, so dear tasks travel alone and cheap
 * ones together.
 *
 * @example
 * ```ts
 * const plan = new ChunkPlan(tasks, { kind: 'adaptive' }, 8, () => estimate.variation);
 * for (let r = plan.next(); r !== undefined; r = plan.next()) send(r[0], r[1]);
 * ```
 */
export class ChunkPlan {
  private cursor = 0;
  private readonly ranges: [number, number][] | undefined;
  private readonly maxRows: number;
  private index = 0;
  private batchSize = 0;
  private batchLeft = 0;
  private batchBudget = 0;
  private costLeft = 0;
  /** Ends of the chunks of a static first batch (see the constructor), handed out before any adaptive one. */
  private readonly staticEnds: Int32Array | undefined;
  private staticIndex = 0;

  /**
   * @param tasks - the map's tasks
   * @param chunking - how to cut them
   * @param workers - how many workers share them
   * @param variation - with `adaptive`: the current estimate of the variation (σ / mean) of the
   *   function's task times, read at each batch; undefined for {@link DEFAULT_TASK_VARIATION}
   * @param costs - with `adaptive`: the predicted cost of each task in the order handed out (≥ 0),
   *   to cut chunks by cost rather than by count
   * @param staticEnds - with `adaptive`: a first batch cut in advance, as the ends of its chunks
   *   (ascending, from position 0); adaptive chunks follow for the positions after it. Ignored
   *   when a chunk of it would hold more than {@link MAX_CHUNK_BYTES} of vectors
   */
  constructor(
    private readonly tasks: readonly unknown[],
    chunking: Chunking,
    private readonly workers: number,
    private readonly variation: () => number | undefined = () => undefined,
    private readonly costs?: Float64Array,
    staticEnds?: Int32Array,
  ) {
    if (costs !== undefined) for (let i = 0; i < costs.length; i++) this.costLeft += costs[i];
    const n = tasks.length;
    this.maxRows = maxChunkRows(tasks);
    this.staticEnds = staticEnds !== undefined && chunking.kind === 'adaptive' && staticEndsFit(tasks, staticEnds) ? staticEnds : undefined;
    if (chunking.kind === 'size') this.ranges = splitChunks(n, Math.ceil(n / chunking.size));
    else if (chunking.kind === 'perWorker') this.ranges = splitChunks(n, Math.max(workers * chunking.perWorker, Math.ceil(n / this.maxRows)));
  }

  /** @returns the number of tasks not handed out yet */
  get remaining(): number {
    return this.tasks.length - this.cursor;
  }

  /** @returns the next chunk as `[start, end)`, or undefined when every task has been handed out */
  next(): [number, number] | undefined {
    if (this.ranges !== undefined) {
      const r = this.ranges[this.index++];
      if (r !== undefined) this.cursor = r[1];
      return r;
    }
    const remaining = this.remaining;
    if (remaining === 0) return undefined;
    const fixed = this.staticEnds;
    if (fixed !== undefined && this.staticIndex < fixed.length) {
      const start = this.cursor;
      this.cursor = fixed[this.staticIndex++];
      if (this.costs !== undefined) for (let p = start; p < this.cursor; p++) this.costLeft -= this.costs[p];
      this.costLeft = Math.max(0, this.costLeft);
      return [start, this.cursor];
    }
    const byCost = this.costs !== undefined && this.costLeft > 0;
    if (this.batchLeft === 0) {
      const variation = this.variation() ?? DEFAULT_TASK_VARIATION;
      this.batchSize = factoringChunkSize(remaining, this.workers, variation);
      if (byCost) this.batchBudget = this.costLeft / (factoringDivisor(remaining, this.workers, variation) * this.workers);
      this.batchLeft = this.workers;
    }
    this.batchLeft--;
    const start = this.cursor;
    if (!byCost) {
      this.cursor += Math.min(remaining, this.maxRows, this.batchSize);
      return [start, this.cursor];
    }
    const costs = this.costs!;
    const limit = start + Math.min(remaining, this.maxRows);
    let sum = costs[start];
    let end = start + 1;
    // Round to the nearest: a task joins while the chunk is closer to the budget with it than without.
    while (end < limit && sum + costs[end] / 2 <= this.batchBudget) sum += costs[end++];
    this.costLeft = Math.max(0, this.costLeft - sum);
    this.cursor = end;
    return [start, end];
  }

  /** Hands out nothing more (a task before the remaining ones failed). */
  stop(): void {
    this.cursor = this.tasks.length;
    if (this.ranges !== undefined) this.index = this.ranges.length;
  }
}
