import { effectiveSampleSize, type ParameterMatrix } from '../src/index.js';

/** Weighted mean and variance of column j. */
export function weightedMoments(samples: ParameterMatrix, weights: Float64Array, j: number): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < samples.n; i++) mean += weights[i] * samples.get(i, j);
  let variance = 0;
  for (let i = 0; i < samples.n; i++) variance += weights[i] * (samples.get(i, j) - mean) ** 2;
  return { mean, variance };
}

/** Kish effective sample size of weights: the library's one (so the tests measure what users see). */
export const kishEss = (weights: Float64Array): number => effectiveSampleSize(weights);

/** An isotropic unit Gaussian likelihood centred at `mu`, normalised, for a U(-10, 10)^d prior. */
export function gaussianProblem(mu: number[]) {
  return { nDim: mu.length, priorTransform: boxPrior(10), logLikelihood: gaussianLogLikelihood(mu) };
}

/** log Z of {@link gaussianProblem}: mass outside the box is below 1e-20 for |mu_j| <= 3. */
export function gaussianLogZ(d: number): number {
  return -d * Math.log(20);
}

/** U(-half, half)^d as a unit-cube transform. */
export function boxPrior(half: number) {
  return (u: Float64Array) => u.map((v) => 2 * half * v - half);
}

/** Normalised isotropic unit Gaussian log-density centred at `mu`. */
export function gaussianLogLikelihood(mu: number[]) {
  const d = mu.length;
  const logNorm = -0.5 * d * Math.log(2 * Math.PI);
  return (x: Float64Array) => {
    let q = 0;
    for (let j = 0; j < d; j++) q += (x[j] - mu[j]) ** 2;
    return logNorm - 0.5 * q;
  };
}
