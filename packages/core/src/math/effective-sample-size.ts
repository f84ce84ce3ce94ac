import { TempestError } from '../tempest-error.js';

/**
 * Computes the Kish effective sample size (Σw)² / Σw² of nonnegative, unnormalised weights.
 *
 * Weights are scaled by their maximum before squaring, so huge or tiny weights neither overflow
 * nor underflow. For any set with a nonzero weight the result lies in [1, n], where n is the
 * number of weights in the range; it equals n for equal weights and is invariant to scaling.
 *
 * @param weights - nonnegative finite weights, in any scale
 * @param start - first index of the range (inclusive), default 0
 * @param end - end of the range (exclusive), default `weights.length`
 * @returns the effective sample size; 0 when every weight is zero or the range is empty
 * @throws {@link TempestError} `INVALID_ARGUMENT` when a weight is negative, `NaN` or infinite
 *
 * @example
 * ```ts
 * effectiveSampleSize([1, 1, 1, 1]); // 4
 * effectiveSampleSize([1, 0, 0, 0]); // 1
 * ```
 */
export function effectiveSampleSize(weights: ArrayLike<number>, start = 0, end: number = weights.length): number {
  let max = 0;
  for (let i = start; i < end; i++) {
    const w = weights[i];
    if (!(w >= 0 && w < Infinity)) {
      throw new TempestError(
        'INVALID_ARGUMENT',
        `weights must be nonnegative and finite; got ${w} at index ${i}. Check how the weights were computed, or use effectiveSampleSizeFromLogWeights for log-weights.`,
        { option: 'weights', value: w, index: i },
      );
    }
    if (w > max) max = w;
  }
  if (max === 0) return 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < end; i++) {
    // Divide rather than multiply by 1/max: 1/max overflows when max is subnormal.
    const w = weights[i] / max;
    s1 += w;
    s2 += w * w;
  }
  return essFromSums(s1, s2, end - start);
}

/**
 * Computes the effective sample size (Σw)² / Σw² from log-weights, w = exp(logw), stably.
 *
 * The largest log-weight is subtracted before exponentiating, so log-weights of any magnitude
 * work. `-Infinity` is a weight of zero.
 *
 * @param logw - log-weights, in any additive offset
 * @param start - first index of the range (inclusive), default 0
 * @param end - end of the range (exclusive), default `logw.length`
 * @returns the effective sample size; 0 when every log-weight is `-Infinity` or the range is empty
 * @throws {@link TempestError} `INVALID_ARGUMENT` when a log-weight is `NaN` or `+Infinity`
 *
 * @example
 * ```ts
 * effectiveSampleSizeFromLogWeights([-1000, -1000]); // 2
 * ```
 */
export function effectiveSampleSizeFromLogWeights(
  logw: ArrayLike<number>,
  start = 0,
  end: number = logw.length,
): number {
  let max = -Infinity;
  for (let i = start; i < end; i++) {
    const l = logw[i];
    if (!(l < Infinity)) {
      throw new TempestError(
        'INVALID_ARGUMENT',
        `log-weights must be finite or -Infinity; got ${l} at index ${i}. A NaN log-weight usually comes from a NaN log-likelihood.`,
        { option: 'logw', value: l, index: i },
      );
    }
    if (l > max) max = l;
  }
  if (max === -Infinity) return 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < end; i++) {
    const w = Math.exp(logw[i] - max);
    s1 += w;
    s2 += w * w;
  }
  return essFromSums(s1, s2, end - start);
}

/**
 * (s1)²/s2 for weights scaled so the largest is 1, which makes s2 ≤ s1 and the result ≥ 1 exactly;
 * rounding can push near-equal weights a few ulps above n, so the result is capped at n.
 */
function essFromSums(s1: number, s2: number, n: number): number {
  const ess = (s1 * s1) / s2;
  return ess > n ? n : ess;
}
