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

/**
 * UltraNest's box problem in d dimensions (Buchner's space-of-inference-spaces): a Gaussian of width
 * 0.1 in the corner of [0, 1]^d, plus 100 inside [0, 0.1]^d (10^-d of the prior), which tempering
 * finds only after the temperatures where it already holds most of the tempered mass. For d = 5,
 * log Z = 100 + 5 ln(0.1 sqrt(2 pi) (Phi(1) - 1/2)) = 87.707 (the Gaussian outside adds e^-95 of that).
 */
export function boxLogLikelihood(d: number): (x: Float64Array) => number {
  return (x) => {
    let q = 0;
    let max = -Infinity;
    for (let j = 0; j < d; j++) {
      q += (x[j] / 0.1) ** 2;
      max = Math.max(max, x[j]);
    }
    return -0.5 * q + (max < 0.1 ? 100 : 0);
  };
}

/** Runs `body` with TempestWarnings swallowed (a run expected not to converge warns). */
export async function quietly<T>(body: () => Promise<T>): Promise<T> {
  const listener = () => {};
  process.on('warning', listener);
  try {
    return await body();
  } finally {
    process.off('warning', listener);
  }
}

/** Neal's funnel in 10-D (v ~ N(0, 9), x_i ~ N(0, e^v)), normalised, in U(-10, 10)^10: log Z = -30.094608 by quadrature. */
export function nealFunnel(x: Float64Array): number {
  const m = x.length - 1;
  const v = x[0];
  let sq = 0;
  for (let j = 1; j < x.length; j++) sq += x[j] * x[j];
  return -0.5 * Math.log(2 * Math.PI) - Math.log(3) - 0.5 * m * Math.log(2 * Math.PI) - (v * v) / 18 - 0.5 * m * v - 0.5 * sq * Math.exp(-v);
}
