/**
 * Standard error of log Z from the spread between ancestral lineages.
 *
 * Every stored particle descends from one particle of the first iteration (its lineage).
 * Particles of one lineage are correlated through resampling and short MCMC chains; those of
 * different lineages are nearly independent. Treating the lineages' shares of the evidence,
 * S_l = sum of the unnormalised beta = 1 weights of the particles descending from l, as
 * n0 exchangeable replicates gives Var(Z)/Z^2 ~ n0/(n0 - 1) * sum_l (S_l/S - 1/n0)^2, which
 * (unlike 1/ESS) grows when a few lineages carry the mass.
 * @param logw - log importance weights of every history particle at beta = 1
 * @param lineage - lineage id of every particle, in [0, nLineages)
 * @param nLineages - number of first-iteration particles n0
 * @returns the standard error of log Z (delta method)
 */
export function lineageEvidenceError(logw: Float64Array, lineage: Int32Array, nLineages: number): number {
  const n = logw.length;
  if (n === 0 || nLineages < 2) return Infinity;
  let max = -Infinity;
  for (let s = 0; s < n; s++) if (logw[s] > max) max = logw[s];
  if (max === -Infinity) return Infinity;
  const share = new Float64Array(nLineages);
  let total = 0;
  for (let s = 0; s < n; s++) {
    const w = Math.exp(logw[s] - max);
    share[lineage[s]] += w;
    total += w;
  }
  const mean = 1 / nLineages;
  let sq = 0;
  for (let l = 0; l < nLineages; l++) {
    const dev = share[l] / total - mean;
    sq += dev * dev;
  }
  const relativeVariance = (nLineages / (nLineages - 1)) * sq;
  return Math.sqrt(relativeVariance);
}
