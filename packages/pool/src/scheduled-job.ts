import { ChunkPlan, type Chunking } from './chunk-plan.js';
import type { ShippedFunction } from './shipped-function.js';

/** One chunk of a job on its way to, or on, a worker. */
export interface ChunkRun {
  /** Unique in its scheduler; the worker names it in replies and in its task clock. */
  readonly id: number;
  readonly job: ScheduledJob;
  readonly start: number;
  readonly end: number;
  readonly worker: number;
  /** The chunk brought its function and the worker has not said it is loaded. */
  loading: boolean;
}

/**
 * The bookkeeping of one `map` on a scheduler: the chunks still to hand out, the results in task
 * order, and the failure rule: when tasks fail, the one with the lowest index is reported, once
 * every chunk that could hold a lower failing task is back (a serial loop would have stopped at
 * the same task), so the error never depends on which worker finished first.
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

  /**
   * @param shipped - the function
   * @param tasks - the tasks
   * @param chunking - how to cut them
   * @param workers - workers of the pool
   * @param variation - the current estimate of the variation of the function's task times (see {@link ChunkPlan})
   * @param resolve - resolves the map
   * @param reject - rejects the map
   */
  constructor(
    readonly shipped: ShippedFunction,
    readonly tasks: readonly unknown[],
    chunking: Chunking,
    workers: number,
    variation: () => number | undefined,
    private readonly resolve: (results: unknown[]) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.results = new Array<unknown>(tasks.length);
    this.remaining = tasks.length;
    this.plan = new ChunkPlan(tasks, chunking, workers, variation);
  }

  /** @returns the next chunk to hand out, or undefined when there is none (all out, failed or settled) */
  nextRange(): [number, number] | undefined {
    return this.settled ? undefined : this.plan.next();
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
   */
  completed(run: ChunkRun, values: readonly unknown[]): void {
    this.inFlight.delete(run);
    if (this.settled) return;
    if (this.failure === undefined) {
      for (let i = 0; i < values.length; i++) this.results[run.start + i] = values[i];
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
   * @param index - the failing task
   * @param error - what to reject with
   */
  failed(run: ChunkRun, index: number, error: unknown): void {
    this.inFlight.delete(run);
    if (this.settled) return;
    if (this.failure === undefined || index < this.failure.index) this.failure = { index, error };
    // Tasks after the failure need not run: a serial loop would never have reached them.
    this.plan.stop();
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
    for (const run of this.inFlight) if (run.start < failure.index) return;
    this.settle(failure.error);
  }
}
