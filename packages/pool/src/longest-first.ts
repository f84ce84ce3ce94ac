/**
 * A static assignment of predicted costs to bins, longest processing time first (Graham, "Bounds
 * on multiprocessing timing anomalies", 1969): the tasks, dearest first, each go to the bin with
 * the least predicted cost so far (on ties, the one with fewest tasks, then the lowest-numbered). Its makespan is at most
 * 4/3 − 1/(3 × bins) of the best possible, and much closer when the tasks are many and the dearest
 * small against a bin's share.
 */
export interface LongestFirstAssignment {
  /**
   * The positions grouped by bin: bin 0's positions (ascending), then bin 1's, and so on. Bin b
   * holds position b first: the first `bins` positions, the dearest tasks, open one bin each.
   */
  readonly order: Int32Array;
  /** `ends[b]` is one past bin b's last entry in `order` (bins never empty while there are tasks). */
  readonly ends: Int32Array;
  /** Each bin's summed predicted cost. */
  readonly loads: Float64Array;
}

/**
 * Assigns tasks to `bins` bins longest first (see {@link LongestFirstAssignment}).
 * @param costs - each task's predicted cost (≥ 0), in dispatch order: dearest first
 * @param bins - the number of bins (≥ 1); at most `costs.length` are used
 * @returns positions grouped by bin, the bins' ends and their loads
 * @example
 * ```ts
 * const { order, ends, loads } = longestFirst(Float64Array.of(5, 4, 3, 3, 2), 2);
 * // order [0, 3, 1, 2, 4], ends [2, 5]: bin 0 holds positions 0 and 3 (load 8), bin 1 positions 1, 2 and 4 (load 9)
 * ```
 */
export function longestFirst(costs: Float64Array, bins: number): LongestFirstAssignment {
  const n = costs.length;
  const k = Math.max(1, Math.min(n, Math.floor(bins)));
  const loads = new Float64Array(k);
  const binOf = new Int32Array(n);
  const counts = new Int32Array(k);
  // A binary min-heap of bins by (load, tasks, bin): among equal loads (tasks of no cost), the bin
  // with fewest tasks, so that no bin stays empty.
  const heap = new Int32Array(k);
  for (let b = 0; b < k; b++) heap[b] = b;
  const less = (a: number, b: number) => loads[a] < loads[b] || (loads[a] === loads[b] && (counts[a] < counts[b] || (counts[a] === counts[b] && a < b)));
  for (let p = 0; p < n; p++) {
    const b = heap[0];
    binOf[p] = b;
    counts[b]++;
    loads[b] += costs[p];
    // Sift the root down: its load only grew.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const c = l + 1 < k && less(heap[l + 1], heap[l]) ? l + 1 : l;
      if (!less(heap[c], heap[i])) break;
      const t = heap[c];
      heap[c] = heap[i];
      heap[i] = t;
      i = c;
    }
  }
  const ends = new Int32Array(k);
  let end = 0;
  for (let b = 0; b < k; b++) ends[b] = end += counts[b];
  const order = new Int32Array(n);
  const fill = new Int32Array(k);
  for (let b = 1; b < k; b++) fill[b] = ends[b - 1];
  for (let p = 0; p < n; p++) order[fill[binOf[p]]++] = p;
  return { order, ends, loads };
}
