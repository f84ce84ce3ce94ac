import { splitChunks } from './split-chunks.js';

/**
 * How a `map`'s tasks are cut into chunks:
 * - `guided` (the default): guided self-scheduling; each chunk handed to a worker that frees up
 *   takes a share of the tasks not yet handed out, `ceil(remaining / (2 × workers))`, so chunks
 *   start large (few messages) and shrink to single tasks as the map drains, and a worker that
 *   drew slow tasks is not left finishing a large chunk while the others wait;
 * - `size`: chunks of at most `size` tasks, balanced (7 tasks at 3 give 3, 2, 2);
 * - `perWorker`: `workers × perWorker` chunks of nearly equal size, cut in advance.
 */
export type Chunking =
  | { readonly kind: 'guided' }
  | { readonly kind: 'size'; readonly size: number }
  | { readonly kind: 'perWorker'; readonly perWorker: number };

/**
 * No chunk of vectors above this many bytes: very large messages are slower per byte (measured
 * over MPI: 1 MB tasks in 4 MB chunks went 2.3x faster than in 100 MB chunks).
 */
export const MAX_CHUNK_BYTES = 4 << 20;

/**
 * Guided chunks take this fraction of the remaining tasks per worker: 1 is classic guided
 * self-scheduling; 2 hands out half the remaining work per round of workers ("factoring"), which
 * in simulations of 32–128 workers with task costs varying tenfold kept 6–8 points more
 * efficiency for 40–60% more messages.
 */
const GUIDED_DIVISOR = 2;

/**
 * The chunks of one `map`, handed out in task order, one each time a worker is free.
 *
 * @example
 * ```ts
 * const plan = new ChunkPlan(tasks, { kind: 'guided' }, 8);
 * for (let r = plan.next(); r !== undefined; r = plan.next()) send(r[0], r[1]);
 * ```
 */
export class ChunkPlan {
  private cursor = 0;
  private readonly ranges: [number, number][] | undefined;
  private readonly maxRows: number;
  private index = 0;

  /**
   * @param tasks - the map's tasks
   * @param chunking - how to cut them
   * @param workers - how many workers share them
   */
  constructor(
    private readonly tasks: readonly unknown[],
    private readonly chunking: Chunking,
    private readonly workers: number,
  ) {
    const n = tasks.length;
    const first = tasks[0];
    this.maxRows = first instanceof Float64Array ? Math.max(1, Math.floor(MAX_CHUNK_BYTES / Math.max(1, first.byteLength))) : Infinity;
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
    const size = Math.min(this.maxRows, Math.max(1, Math.ceil(remaining / (GUIDED_DIVISOR * this.workers))));
    const start = this.cursor;
    this.cursor += size;
    return [start, this.cursor];
  }

  /** Hands out nothing more (a task before the remaining ones failed). */
  stop(): void {
    this.cursor = this.tasks.length;
    if (this.ranges !== undefined) this.index = this.ranges.length;
  }
}
