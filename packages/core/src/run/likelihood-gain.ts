/**
 * How much the MCMC raised the particles' log-likelihood in one iteration, with its standard
 * error. An iteration resamples its starting points from the whole history reweighted to the
 * new temperature, and a kernel that leaves that temperature's target invariant preserves the
 * mean of any function of the position: if the starts are draws from the target, the mean gain
 * is zero whatever the chain length. A gain that stays positive over iterations means the
 * history lacks regions of high likelihood that the chains keep finding (the neck of a funnel,
 * a mode found late), so the evidence estimated from it is too low.
 *
 * Particles resampled from one stored particle share their start, so the error treats each
 * group of copies as one unit (a cluster-robust variance).
 * @param startLogl - each particle's log-likelihood before the MCMC
 * @param endLogl - after it
 * @param picks - the stored particle each one was resampled from
 * @returns mean gain and its standard error (0 and NaN when there is nothing to measure)
 */
export function likelihoodGain(startLogl: Float64Array, endLogl: Float64Array, picks: Int32Array): { gain: number; error: number } {
  const n = startLogl.length;
  let sum = 0;
  let count = 0;
  for (let k = 0; k < n; k++) {
    const g = endLogl[k] - startLogl[k];
    if (Number.isFinite(g)) {
      sum += g;
      count++;
    }
  }
  if (count < 2) return { gain: 0, error: NaN };
  const mean = sum / count;
  const groups = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const g = endLogl[k] - startLogl[k];
    if (Number.isFinite(g)) groups.set(picks[k], (groups.get(picks[k]) ?? 0) + g - mean);
  }
  let variance = 0;
  for (const total of groups.values()) variance += total * total;
  const G = groups.size;
  // Small-sample correction G / (G - 1) of the cluster-robust variance.
  const error = G > 1 ? Math.sqrt((variance * G) / (G - 1)) / count : NaN;
  return { gain: mean, error };
}
