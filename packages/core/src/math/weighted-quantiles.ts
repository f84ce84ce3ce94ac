/**
 * Weighted quantiles of one parameter's samples.
 *
 * Each sample i of weight w_i stands for the probability interval [C_{i-1}, C_i] of the weighted
 * empirical distribution (sorted by value, C the normalised cumulative weight); it is placed at
 * that interval's midpoint and the quantile function interpolates linearly between midpoints. This
 * is symmetric (the 16% and 84% quantiles of a symmetric sample mirror each other) and reduces to
 * the usual "(i + 0.5) / n" plotting positions for equal weights. Probabilities outside the first
 * or last midpoint return the smallest or largest value.
 *
 * @param values - sample values (finite)
 * @param weights - non-negative weights, same length, positive sum (need not be normalised)
 * @param probabilities - probabilities in [0, 1]
 * @returns one quantile per probability, in the given order
 * @example
 * ```ts
 * weightedQuantiles(new Float64Array([1, 2, 3]), new Float64Array([1, 1, 2]), [0.5]); // [2.5]
 * ```
 */
export function weightedQuantiles(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  probabilities: readonly number[],
): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);

  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  // Midpoint cumulative probability of each sorted sample; zero-weight samples are skipped so
  // they cannot stretch the interpolation.
  const positions = new Float64Array(n);
  const sorted = new Float64Array(n);
  let m = 0;
  let cumulative = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const w = weights[i];
    if (w <= 0) continue;
    positions[m] = (cumulative + 0.5 * w) / total;
    sorted[m] = values[i];
    cumulative += w;
    m++;
  }

  const out = new Float64Array(probabilities.length);
  for (let q = 0; q < probabilities.length; q++) {
    const p = probabilities[q];
    if (m === 0) out[q] = NaN;
    else if (p <= positions[0]) out[q] = sorted[0];
    else if (p >= positions[m - 1]) out[q] = sorted[m - 1];
    else {
      let lo = 0;
      let hi = m - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (positions[mid] <= p) lo = mid;
        else hi = mid;
      }
      const t = (p - positions[lo]) / (positions[hi] - positions[lo]);
      out[q] = sorted[lo] + t * (sorted[hi] - sorted[lo]);
    }
  }
  return out;
}
