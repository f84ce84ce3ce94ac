import { RandomGenerator } from '@tempest/core';

/**
 * A straight-line fit with unknown noise (the README's quickstart model): 40 points
 * y = 1.5 x - 0.7 + N(0, 0.4^2), priors slope, intercept ~ U(-5, 5), log10 sigma ~ U(-2, 1).
 * Its log-likelihood spans ~1e6 in magnitude over the prior and the tempered posteriors are
 * funnel-shaped, which makes it a harder evidence test than a Gaussian.
 */
export function linearRegression() {
  const rng = new RandomGenerator(2024);
  const xs = Array.from({ length: 40 }, (_, i) => -2 + (4 * i) / 39);
  const ys = xs.map((x) => 1.5 * x - 0.7 + 0.4 * rng.normal());
  const n = xs.length;
  const priorTransform = (u: Float64Array) => [10 * u[0] - 5, 10 * u[1] - 5, 3 * u[2] - 2];
  const logLikelihood = (theta: Float64Array) => {
    const sigma = 10 ** theta[2];
    let chi2 = 0;
    for (let i = 0; i < n; i++) chi2 += ((ys[i] - theta[0] * xs[i] - theta[1]) / sigma) ** 2;
    return -0.5 * chi2 - n * Math.log(sigma * Math.sqrt(2 * Math.PI));
  };
  return { nDim: 3, priorTransform, logLikelihood, ...exactEvidence(xs, ys) };
}

/**
 * log Z by integrating slope and intercept analytically (the posterior is ~50 standard
 * deviations inside the prior box, so truncation is below 1e-300) and log10 sigma by the
 * midpoint rule on 2e5 points (error far below 1e-6 for this smooth, peaked integrand).
 */
function exactEvidence(xs: number[], ys: number[]) {
  const n = xs.length;
  let sx = 0, sxx = 0, sy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i];
    sxx += xs[i] ** 2;
    sy += ys[i];
    sxy += xs[i] * ys[i];
  }
  const det = n * sxx - sx * sx;
  const slope = (n * sxy - sx * sy) / det;
  const intercept = (sy - slope * sx) / n;
  let chi = 0;
  for (let i = 0; i < n; i++) chi += (ys[i] - slope * xs[i] - intercept) ** 2;
  const K = 200_000;
  const terms = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const s2 = 10 ** (2 * (-2 + (3 * (k + 0.5)) / K));
    // (1/3) d(log10 s) x (1/100) x (2 pi s^2)^(-n/2) exp(-chi / 2 s^2) x 2 pi s^2 / sqrt(det)
    terms[k] = Math.log(1 / K) - Math.log(100) - ((n - 2) / 2) * Math.log(2 * Math.PI * s2) - chi / (2 * s2) - 0.5 * Math.log(det);
  }
  let max = -Infinity;
  for (const t of terms) max = Math.max(max, t);
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return { trueLogZ: max + Math.log(sum), slope, intercept };
}
