/** Rows remembered: the most recent evaluations whose times were measured. */
export const COST_MODEL_ROWS = 1024;

/** Neighbours averaged for a prediction. */
export const COST_MODEL_NEIGHBOURS = 3;

/**
 * Below this variation of the measured times (the standard deviation of their logarithms, which
 * is σ / mean for small variations) the model predicts nothing
 * (and costs nothing but remembering rows). With W workers each running k calls between two
 * barriers, the slowest worker exceeds the mean by about c √(2 ln W / k); a cost-aware order can
 * win back at most that. Under 0.1, times vary mostly by noise that no parameter predicts (timer
 * and scheduling jitter: the benchmark's uniform 20 ms calls measure c ≈ 0.01), so the
 * neighbour search would be paid for nothing.
 */
export const COST_VARIATION_THRESHOLD = 0.1;

/**
 * Hints are given only while the model's predictions (made before each call, scored after it)
 * explain at least this share of the variance of the times (R², "skill"): with less, the order is
 * close to random, and a previous attempt whose predictions missed by more than the costs varied
 * gained nothing.
 */
export const COST_SKILL_THRESHOLD = 0.25;

/** Rows needed before predicting, and scored predictions before trusting them; also the fewest rows a prediction searches. */
const MIN_ROWS = 64;

/**
 * The share of a map's time that predicting its costs may take: the search is cut to the most
 * recent rows that fit (1% at most, so that what the order wins is not lost to predicting it).
 */
export const COST_PREDICTION_SHARE = 0.01;

/** Weight kept per scored row: the skill follows the last ~1000 predictions. */
const SCORE_DECAY = 0.999;

/**
 * A small model of how long the likelihood takes at a point of the unit cube: k-nearest-neighbour
 * regression over the last {@link COST_MODEL_ROWS} rows whose times the pool measured, in log
 * time (costs vary by factors, and a call stretched tenfold by a pause of its thread must not
 * swamp the rest): a prediction is the geometric mean of the neighbours' times, and the variation
 * and skill below are those of log times. It lets a
 * pool hand out the dearest calls first (see `MapOptions.costHints`). Memory is bounded (a ring of
 * rows); a prediction costs O(rows × d) per point, and {@link CostModel.predict} searches only as
 * many of the most recent rows as fit in a time budget. The model also scores itself: each prediction
 * is compared with the time then measured, and {@link CostModel.advises} only while the times
 * vary ({@link COST_VARIATION_THRESHOLD}) and the predictions explain them
 * ({@link COST_SKILL_THRESHOLD}).
 *
 * @example
 * ```ts
 * const model = new CostModel(nDim);
 * const hints = model.wantsPredictions ? model.predict(u, m) : undefined;
 * const durations = new Float64Array(m);
 * await pool.map(fn, tasks, { ...(model.advises ? { costHints: hints } : {}), durations });
 * model.record(u, m, durations, hints);
 * ```
 */
export class CostModel {
  private readonly points: Float64Array;
  private readonly times: Float64Array;
  private rows = 0;
  private next = 0;
  // Decayed sums over recorded times (for the variation) and over scored predictions (for the skill).
  private w = 0;
  private sum = 0;
  private sumSq = 0;
  private scored = 0;
  private scoredN = 0;
  private sumScored = 0;
  private sumSqScored = 0;
  private sumResidualSq = 0;
  // Scratch of the neighbour search.
  private readonly bestD = new Float64Array(COST_MODEL_NEIGHBOURS);
  private readonly bestT = new Float64Array(COST_MODEL_NEIGHBOURS);
  /** Milliseconds per (row × coordinate) of the neighbour search, as last measured. */
  private msPerRowCoordinate = 0;

  /**
   * @param nDim - coordinates per row
   * @param capacity - rows remembered (default {@link COST_MODEL_ROWS})
   */
  constructor(
    private readonly nDim: number,
    private readonly capacity = COST_MODEL_ROWS,
  ) {
    this.points = new Float64Array(capacity * nDim);
    this.times = new Float64Array(capacity);
  }

  /** @returns the standard deviation of the recorded log times (about σ / mean for small variations; 0 before two rows) */
  get variation(): number {
    if (this.w < 2) return 0;
    const mean = this.sum / this.w;
    return Math.sqrt(Math.max(0, this.sumSq / this.w - mean * mean));
  }

  /** @returns the share of the log times' variance the predictions explained (R²; -Infinity before enough were scored) */
  get skill(): number {
    if (this.scoredN < MIN_ROWS || !(this.scored > 0)) return -Infinity;
    const mean = this.sumScored / this.scored;
    const variance = this.sumSqScored / this.scored - mean * mean;
    return variance > 0 ? 1 - this.sumResidualSq / this.scored / variance : -Infinity;
  }

  /** @returns whether predictions are worth making (enough rows, times that vary) */
  get wantsPredictions(): boolean {
    return this.rows >= MIN_ROWS && this.variation > COST_VARIATION_THRESHOLD;
  }

  /** @returns whether predictions should be given to the pool as hints (they vary and are skilful) */
  get advises(): boolean {
    return this.wantsPredictions && this.skill >= COST_SKILL_THRESHOLD;
  }

  /**
   * Predicts the time of each row: the mean time of its nearest recorded rows (Euclidean distance
   * in the unit cube).
   * @param out - receives m predictions (milliseconds)
   * @param u - m × nDim unit-cube rows
   * @param m - rows
   * @param budgetMs - the time the search may take: it searches the most recent rows that fit (at
   *   least 64), by the speed it measured last time; default no limit
   * @returns out
   */
  predict(out: Float64Array, u: Float64Array, m: number, budgetMs = Infinity): Float64Array {
    const t0 = performance.now();
    const d = this.nDim;
    const fit = this.msPerRowCoordinate > 0 ? Math.floor(budgetMs / (this.msPerRowCoordinate * m * d)) : Infinity;
    const n = Math.min(this.rows, Math.max(MIN_ROWS, fit));
    const k = Math.min(COST_MODEL_NEIGHBOURS, n);
    const { points, times, bestD, bestT, capacity } = this;
    // The n most recent rows: the ring's slots from `next - n` on.
    const from = (this.next - n + capacity) % capacity;
    for (let i = 0; i < m; i++) {
      bestD.fill(Infinity);
      const off = i * d;
      let worst = Infinity;
      for (let q = 0; q < n; q++) {
        const r = from + q < capacity ? from + q : from + q - capacity;
        const p = r * d;
        let dist = 0;
        for (let j = 0; j < d && dist < worst; j++) {
          const diff = u[off + j] - points[p + j];
          dist += diff * diff;
        }
        if (dist >= worst) continue;
        // Insert into the k best (sorted ascending); the last one drops out.
        let s = k - 1;
        while (s > 0 && bestD[s - 1] > dist) {
          bestD[s] = bestD[s - 1];
          bestT[s] = bestT[s - 1];
          s--;
        }
        bestD[s] = dist;
        bestT[s] = times[r];
        worst = bestD[k - 1];
      }
      let t = 0;
      for (let s = 0; s < k; s++) t += bestT[s];
      out[i] = k > 0 ? Math.exp(t / k) : NaN;
    }
    if (n > 0 && m > 0) this.msPerRowCoordinate = (performance.now() - t0) / (n * m * d);
    return out;
  }

  /**
   * Remembers measured rows (NaN or negative times are skipped), scoring the predictions made
   * for them, if any.
   * @param u - m × nDim unit-cube rows
   * @param m - rows
   * @param times - their measured times (milliseconds)
   * @param predicted - what {@link predict} said for them before they ran, or undefined
   */
  record(u: Float64Array, m: number, times: Float64Array, predicted?: Float64Array): void {
    const d = this.nDim;
    for (let i = 0; i < m; i++) {
      // Log times, with a floor of 1 µs so that a call too short to time counts as that.
      const t = Math.log(Math.max(times[i], 1e-3));
      if (!(times[i] >= 0)) continue;
      this.points.set(u.subarray(i * d, (i + 1) * d), this.next * d);
      this.times[this.next] = t;
      this.next = (this.next + 1) % this.capacity;
      this.rows = Math.min(this.capacity, this.rows + 1);
      // The variation over about the rows remembered.
      const decay = 1 - 1 / this.capacity;
      this.w = decay * this.w + 1;
      this.sum = decay * this.sum + t;
      this.sumSq = decay * this.sumSq + t * t;
      const p = predicted === undefined ? NaN : Math.log(Math.max(predicted[i], 1e-3));
      if (Number.isFinite(p)) {
        this.scored = SCORE_DECAY * this.scored + 1;
        this.scoredN++;
        this.sumScored = SCORE_DECAY * this.sumScored + t;
        this.sumSqScored = SCORE_DECAY * this.sumSqScored + t * t;
        this.sumResidualSq = SCORE_DECAY * this.sumResidualSq + (t - p) * (t - p);
      }
    }
  }
}
