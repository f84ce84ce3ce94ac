/** What a scheduler has measured so far, for cutting a map (each undefined until measured). */
export interface ScheduleEstimates {
  /** σ / mean of one task's time (for a map with cost hints: of the hints' errors). */
  variation(): number | undefined;
  /** Mean milliseconds of one task (for a map with cost hints: per unit of the map's mean hint). */
  taskMs(): number | undefined;
  /**
   * Mean milliseconds a worker loses to each chunk's round trip: from the master sending the
   * chunk to the master handling its reply, less the worker's own time on it.
   */
  overheadMs(): number | undefined;
  /** Mean milliseconds of the master's own time per chunk (cutting, encoding, sending, handling the reply). */
  masterMs(): number | undefined;
}

/** The two ways of handing out a map that {@link staticBatchPays} compares. */
export interface StaticBatchCase {
  /** Predicted load of each worker under the static assignment, in units of the map's mean task. */
  readonly loads: ArrayLike<number>;
  /** Chunks the adaptive (factoring) plan would send for the same map. */
  readonly adaptiveChunks: number;
  /** σ / mean of one task's time around its prediction. */
  readonly variation: number;
  /** Mean milliseconds of one task. */
  readonly taskMs: number;
  /** Milliseconds a worker loses per chunk (see {@link ScheduleEstimates.overheadMs}). */
  readonly overheadMs: number;
  /** Milliseconds of the master's own time per chunk (see {@link ScheduleEstimates.masterMs}). */
  readonly masterMs: number;
}

/**
 * Whether a map should go out as one static batch, one chunk per worker (balanced longest first
 * when costs are hinted), rather than in adaptive chunks. The adaptive plan corrects the workers'
 * loads as their chunks come back, at the price of its extra chunks: each costs the master
 * `masterMs` of its own time, which is serial (a reply waits while the master handles another),
 * and the worker that gets it `overheadMs`, spread over the workers; so the map is predicted to
 * lose `(adaptiveChunks − workers) × (masterMs + overheadMs / workers)`. The static batch sends nothing more, and its makespan exceeds the mean load by the
 * packing's own imbalance (its fullest bin over the mean) plus the error of the predictions: a
 * worker's load of s mean tasks is off by σ = variation × √s tasks, and the largest of `workers`
 * such errors is about σ √(2 ln workers). The static batch is chosen when it is predicted to lose
 * less. Messages that cost little against the tasks (one core per worker, tens of µs a round trip)
 * keep the adaptive plan; a round trip that costs a sizeable share of a task (many workers on few
 * cores, a slow network) gets one message per worker.
 * @param c - the map's static loads, the adaptive plan's chunk count, and the measured estimates
 * @returns true when the static batch is predicted to finish the map sooner
 * @example
 * ```ts
 * // 64 workers of 4 tasks each, 20 ms tasks known to 7%, 150 adaptive chunks at 10 ms a round trip:
 * staticBatchPays({ loads: new Float64Array(64).fill(4), adaptiveChunks: 150, variation: 0.07, taskMs: 20, overheadMs: 10, masterMs: 0.05 }); // true
 * ```
 */
export function staticBatchPays(c: StaticBatchCase): boolean {
  const workers = c.loads.length;
  if (workers < 2 || !(c.adaptiveChunks > workers) || !(c.overheadMs >= 0) || !(c.masterMs >= 0) || !(c.taskMs > 0) || !(c.variation >= 0)) return false;
  let total = 0;
  let max = 0;
  for (let b = 0; b < workers; b++) {
    total += c.loads[b];
    max = Math.max(max, c.loads[b]);
  }
  const mean = total / workers;
  const staticExcessMs = c.taskMs * (max - mean + c.variation * Math.sqrt(mean) * Math.sqrt(2 * Math.log(workers)));
  const adaptiveExcessMs = (c.adaptiveChunks - workers) * (c.masterMs + c.overheadMs / workers);
  return staticExcessMs < adaptiveExcessMs;
}
