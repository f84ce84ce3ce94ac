import { TempestError } from '../tempest-error.js';

/**
 * Computes the weighted mean μ = Σ w_i x_i / Σ w_i of n points in d dimensions.
 *
 * @param out - length-d output μ
 * @param data - n×d points, row-major
 * @param n - number of points, at least 1
 * @param d - dimension
 * @param weights - n nonnegative weights in any scale (normalised internally); equal weights when omitted
 * @returns nothing; μ is written to `out`
 * @throws {@link TempestError} `INVALID_ARGUMENT` when n < 1, or a weight is negative or not
 *   finite, or the weights sum to 0
 *
 * @example
 * ```ts
 * weightedMean(mean, u, nParticles, nDim, w);
 * weightedCovariance(cov, u, nParticles, nDim, mean, w);
 * ```
 */
export function weightedMean(
  out: Float64Array,
  data: Float64Array,
  n: number,
  d: number,
  weights?: ArrayLike<number>,
): void {
  const total = weightTotal(n, weights);
  for (let j = 0; j < d; j++) out[j] = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    if (w === 0) continue;
    const r = i * d;
    for (let j = 0; j < d; j++) out[j] += w * data[r + j];
  }
  const inv = 1 / total;
  for (let j = 0; j < d; j++) out[j] *= inv;
}

/**
 * Computes the weighted population covariance Σ w_i (x_i − μ)(x_i − μ)ᵀ / Σ w_i of n points.
 *
 * This is the biased (maximum-likelihood) estimator: there is no n/(n − 1) or Bessel-style
 * correction for weights. The result is exactly symmetric.
 *
 * @param out - d×d output, row-major; must not overlap `data` or `mean`
 * @param data - n×d points, row-major
 * @param n - number of points, at least 1
 * @param d - dimension
 * @param mean - length-d centre μ, normally from {@link weightedMean} with the same weights
 * @param weights - n nonnegative weights in any scale (normalised internally); equal weights when omitted
 * @returns nothing; the covariance is written to `out`
 * @throws {@link TempestError} `INVALID_ARGUMENT` when n < 1, or a weight is negative or not
 *   finite, or the weights sum to 0
 */
export function weightedCovariance(
  out: Float64Array,
  data: Float64Array,
  n: number,
  d: number,
  mean: Float64Array,
  weights?: ArrayLike<number>,
): void {
  const total = weightTotal(n, weights);
  const dd = d * d;
  for (let k = 0; k < dd; k++) out[k] = 0;
  // Accumulate the lower triangle only, then mirror it. Each point's deviation is formed once.
  const dev = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    if (w === 0) continue;
    const r = i * d;
    for (let j = 0; j < d; j++) dev[j] = data[r + j] - mean[j];
    for (let j = 0; j < d; j++) {
      const wdj = w * dev[j];
      const rj = j * d;
      for (let k = 0; k <= j; k++) out[rj + k] += wdj * dev[k];
    }
  }
  const inv = 1 / total;
  for (let j = 0; j < d; j++) {
    for (let k = 0; k <= j; k++) {
      const v = out[j * d + k] * inv;
      out[j * d + k] = v;
      out[k * d + j] = v;
    }
  }
}

/** Validates n and the weights, and returns their sum (n when there are none). */
function weightTotal(n: number, weights: ArrayLike<number> | undefined): number {
  if (!(n >= 1)) {
    throw new TempestError('INVALID_ARGUMENT', `weighted moments need at least one point; got n = ${n}.`, {
      option: 'n',
      value: n,
    });
  }
  if (weights === undefined) return n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0 && w < Infinity)) {
      throw new TempestError(
        'INVALID_ARGUMENT',
        `weights must be nonnegative and finite; got ${w} at index ${i}. Check how the weights were computed.`,
        { option: 'weights', value: w, index: i },
      );
    }
    total += w;
  }
  if (!(total > 0 && total < Infinity)) {
    throw new TempestError(
      'INVALID_ARGUMENT',
      `weights must have a positive, finite sum; got ${total}. Give at least one point a positive weight, or rescale the weights.`,
      { option: 'weights', value: total },
    );
  }
  return total;
}
