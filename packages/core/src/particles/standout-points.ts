/**
 * The highest-likelihood points of every proposal the chains evaluated, whether or not a chain
 * kept them. A history keeps only where each chain ended; a proposal that landed in a narrow mode
 * while the temperature was high, was accepted and then walked away again (at beta near 0 nearly
 * every move is accepted) leaves no trace there. On UltraNest's 2-D spike and slab, 2 of the 4
 * runs of 20 whose history never held a particle in the spike had made calls inside it at
 * beta = 0.02-0.04 (BENCHMARKS.md, session 19). The closing sample looks at these points for
 * regions its fitted mixture lacks where the history's particles show none (`closing-orphans.ts`).
 */
export class StandoutPoints {
  /** Points in the unit cube, `count` x d. */
  readonly u: Float64Array;
  /** Their log-likelihoods. */
  readonly logl: Float64Array;
  private size = 0;
  /** Slot of the lowest kept (the first of equals), so that most offers cost one comparison. */
  private lowest = 0;

  /**
   * @param d - dimension
   * @param capacity - most points kept
   */
  constructor(
    private readonly d: number,
    readonly capacity: number,
  ) {
    this.u = new Float64Array(capacity * d);
    this.logl = new Float64Array(capacity);
  }

  /** Points kept so far (at most the capacity). */
  get count(): number {
    return this.size;
  }

  /**
   * Keeps those of m evaluated points whose log-likelihood is among the highest seen (a point
   * replaces the lowest kept only when strictly higher, so the result does not depend on how
   * calls were batched).
   * @param u - the points in the unit cube, m x d
   * @param logl - their log-likelihoods
   * @param m - number of points
   */
  offer(u: Float64Array, logl: Float64Array, m: number): void {
    const d = this.d;
    for (let i = 0; i < m; i++) {
      const value = logl[i];
      if (!(value > -Infinity)) continue;
      let slot: number;
      if (this.size < this.capacity) slot = this.size++;
      else {
        slot = this.lowest;
        if (!(value > this.logl[slot])) continue;
      }
      this.logl[slot] = value;
      this.u.set(u.subarray(i * d, (i + 1) * d), slot * d);
      if (this.size === this.capacity) this.lowest = this.lowestSlot();
    }
  }

  private lowestSlot(): number {
    let slot = 0;
    for (let k = 1; k < this.size; k++) if (this.logl[k] < this.logl[slot]) slot = k;
    return slot;
  }

  /**
   * The kept points, for a state file.
   * @returns copies of the kept rows
   */
  snapshot(): { u: Float64Array; logl: Float64Array } {
    return { u: this.u.slice(0, this.size * this.d), logl: this.logl.slice(0, this.size) };
  }

  /**
   * Points read back from a state file (at most the capacity are kept).
   * @param u - their coordinates, n x d
   * @param logl - their log-likelihoods
   */
  restore(u: Float64Array, logl: Float64Array): void {
    this.size = 0;
    this.offer(u, logl, logl.length);
  }
}
