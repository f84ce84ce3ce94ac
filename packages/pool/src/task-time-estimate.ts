/**
 * A running estimate of how much the run times of a function's tasks vary, from the busy times of
 * its chunks (so the workers report one number per chunk, not one per task). A chunk of k tasks
 * that took B ms gives a mean y = B / k whose variance is σ² / k; weighting each chunk by k, the
 * mean per task is ΣB / Σk and σ² is estimated by Σ k (y − mean)² / (chunks − 1). Older chunks
 * weigh less (by `DECAY` per chunk), so the estimate follows a cost that changes during a run (a
 * sampler's particles move into cheaper or dearer regions).
 */
const DECAY = 0.99;

/** Running estimate of the variation of one function's task times (see the file's comment). */
export class TaskTimeEstimate {
  private weight = 0;
  private tasks = 0;
  private sum = 0;
  private sumSqOverK = 0;

  /**
   * Records a chunk that ran to the end.
   * @param tasks - its size
   * @param busyMs - the worker's time on it
   */
  record(tasks: number, busyMs: number): void {
    if (!(tasks > 0) || !(busyMs >= 0)) return;
    this.weight = DECAY * this.weight + 1;
    this.tasks = DECAY * this.tasks + tasks;
    this.sum = DECAY * this.sum + busyMs;
    this.sumSqOverK = DECAY * this.sumSqOverK + (busyMs * busyMs) / tasks;
  }

  /** @returns the mean time of one task in milliseconds, or undefined before any chunk */
  get meanMs(): number | undefined {
    return this.tasks > 0 ? this.sum / this.tasks : undefined;
  }

  /**
   * @returns the coefficient of variation (σ / mean) of one task's time, or undefined before
   *   two chunks (or when tasks take no measurable time)
   */
  get variation(): number | undefined {
    if (this.weight < 2 || !(this.sum > 0)) return undefined;
    const mean = this.sum / this.tasks;
    const variance = Math.max(0, this.sumSqOverK - (this.sum * this.sum) / this.tasks) / (this.weight - 1);
    return Math.sqrt(variance) / mean;
  }
}
