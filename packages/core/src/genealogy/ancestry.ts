/**
 * The ancestry the evidence error needs, kept per particle in two history columns: `lineage`,
 * the prior draw a particle descends from, and `survival`, the log-probability that two lines
 * through its ancestry were not merged by any resampling. See `lineage-error.ts` for their use.
 */

/**
 * Lineage ids of fresh prior draws: each starts its own lineage.
 * @param n - number of draws
 * @param firstId - the number of lineages started before (ids are consecutive from it)
 * @returns ids firstId, firstId + 1, ...
 */
export function newLineages(n: number, firstId: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => firstId + i);
}

/**
 * Probability that two of the resampled particles share a parent, from the realised offspring
 * counts c_s: sum_s c_s (c_s - 1) / (n (n - 1)). For multinomial resampling its expectation is
 * 1/ESS; systematic resampling merges fewer lines, and the counts say by how much. Capped just
 * below 1 so that its log-complement stays finite.
 * @param picks - the parent (history index) of every resampled particle
 * @param historySize - number of history particles the parents index
 * @returns the merge probability, in [0, 1)
 */
export function mergeProbability(picks: Int32Array, historySize: number): number {
  const n = picks.length;
  if (n < 2) return 0;
  const counts = new Int32Array(historySize);
  let pairs = 0;
  for (let k = 0; k < n; k++) pairs += counts[picks[k]]++;
  return Math.min((2 * pairs) / (n * (n - 1)), 1 - 1e-12);
}

/**
 * The term one resampling adds to each resampled particle's `survival`: log(1 - merge probability).
 * @param picks - the parent of every resampled particle
 * @param historySize - number of history particles the parents index
 * @returns a non-positive log-probability
 */
export function resamplingSurvival(picks: Int32Array, historySize: number): number {
  return Math.log1p(-mergeProbability(picks, historySize));
}
