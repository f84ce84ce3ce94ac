/**
 * Standard error of log Z from the genealogy of the particles, in the spirit of Lee & Whiteley
 * (2018, "Variance estimation in the particle filter") adapted to Persistent Sampling.
 *
 * Every stored particle descends from one prior draw (its lineage, the "Eve" of the SMC
 * literature). Particles of one lineage are correlated through resampling and short MCMC
 * chains, so the naive importance-sampling variance (1/ESS) is far too small. With
 * `share_l` the fraction of the beta = 1 weight carried by lineage l, the probability that
 * two weighted particles have different lineages is `1 - sum_l share_l^2`; resampling alone
 * would merge two lines with probability `q` (each resampling from weights with effective
 * size ESS merges two lines with probability 1/ESS). Subtracting that expected merging leaves
 *
 *     Var(Z) / Z^2  ~  1 - (1 - sum_l share_l^2) / (1 - q),
 *
 * which reduces to the importance-sampling variance sum_s w_s^2 when nothing was resampled.
 * q is averaged over particles from each one's ancestry (`survival`). The result is floored at
 * that importance-sampling variance, the smallest the estimator can have.
 * @param logw - log importance weights of every history particle at beta = 1
 * @param lineage - lineage id of every particle, in [0, nLineages)
 * @param nLineages - number of prior draws that started lineages
 * @param survival - per particle, log-probability that resampling did not merge two lines through its ancestry
 * @returns the standard error of log Z (delta method, relative error of Z)
 */
export function lineageEvidenceError(logw: Float64Array, lineage: Int32Array, nLineages: number, survival: Float64Array): number {
  const n = logw.length;
  if (n === 0 || nLineages < 1) return Infinity;
  let max = -Infinity;
  for (let s = 0; s < n; s++) if (logw[s] > max) max = logw[s];
  if (max === -Infinity) return Infinity;
  const share = new Float64Array(nLineages);
  let total = 0;
  let sumSq = 0;
  let meanSurvival = 0;
  for (let s = 0; s < n; s++) {
    const w = Math.exp(logw[s] - max);
    share[lineage[s]] += w;
    total += w;
    sumSq += w * w;
    meanSurvival += w * Math.exp(survival[s]);
  }
  meanSurvival /= total;
  let sameLineage = 0;
  for (let l = 0; l < nLineages; l++) sameLineage += (share[l] / total) ** 2;
  const importanceVariance = sumSq / (total * total);
  const relativeVariance = 1 - (1 - sameLineage) / meanSurvival;
  return Math.sqrt(Math.max(relativeVariance, importanceVariance));
}

/**
 * Standard error of a self-normalised posterior mean sum_s W_s f_s from the genealogy, by
 * the same argument as {@link lineageEvidenceError}: with phi_s = f_s - mean, the variance is
 * sum_l (sum_{s in l} W_s phi_s)^2 / (1 - q), floored at the importance-sampling variance
 * sum_s W_s^2 phi_s^2.
 * @param weights - normalised weights of every history particle (sum 1)
 * @param values - f at every history particle
 * @param lineage - lineage id of every particle, in [0, nLineages)
 * @param nLineages - number of lineages
 * @param survival - per particle, log-probability that resampling did not merge two lines through its ancestry
 * @returns the weighted mean and its standard error
 */
export function lineageMeanError(weights: Float64Array, values: Float64Array, lineage: Int32Array, nLineages: number, survival: Float64Array): { mean: number; error: number } {
  const n = weights.length;
  let mean = 0;
  for (let s = 0; s < n; s++) mean += weights[s] * values[s];
  const perLineage = new Float64Array(nLineages);
  let importanceVariance = 0;
  let meanSurvival = 0;
  for (let s = 0; s < n; s++) {
    const t = weights[s] * (values[s] - mean);
    perLineage[lineage[s]] += t;
    importanceVariance += t * t;
    meanSurvival += weights[s] * Math.exp(survival[s]);
  }
  let sameLineage = 0;
  for (let l = 0; l < nLineages; l++) sameLineage += perLineage[l] * perLineage[l];
  return { mean, error: Math.sqrt(Math.max(sameLineage / meanSurvival, importanceVariance)) };
}
