/** Weighted mean, standard deviation and 5/50/95% quantiles of one parameter. */
export interface WeightedSummary {
  mean: number;
  sd: number;
  q05: number;
  q50: number;
  q95: number;
}

/**
 * Weighted quantiles by linear interpolation between the midpoints of each sample's cumulative
 * weight (with equal weights this is Hazen's definition, `(i - 0.5) / n`); probabilities below
 * the first midpoint or above the last give the smallest or largest value. Zero weights are ignored.
 * @param out - receives one quantile per probability
 * @param values - sample values
 * @param weights - non-negative weights (need not sum to 1)
 * @param probabilities - in [0, 1]
 * @returns `out`
 */
export function weightedQuantiles(out: Float64Array, values: ArrayLike<number>, weights: ArrayLike<number>, probabilities: ArrayLike<number>): Float64Array {
  // Zero-weight samples carry no mass; kept, they would stretch the interpolation towards them.
  let n = 0;
  const order = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) if (weights[i] > 0) order[n++] = i;
  order.subarray(0, n).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (let k = 0; k < n; k++) total += weights[order[k]];
  const mid = new Float64Array(n);
  let cumulative = 0;
  for (let k = 0; k < n; k++) {
    const w = weights[order[k]] / total;
    mid[k] = cumulative + w / 2;
    cumulative += w;
  }
  for (let j = 0; j < probabilities.length; j++) {
    const p = probabilities[j];
    if (n === 0) out[j] = NaN;
    else if (p <= mid[0]) out[j] = values[order[0]];
    else if (p >= mid[n - 1]) out[j] = values[order[n - 1]];
    else {
      // First k with mid[k] >= p (binary search), then interpolate from k - 1.
      let lo = 1;
      let hi = n - 1;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (mid[m] >= p) hi = m;
        else lo = m + 1;
      }
      const a = mid[lo - 1];
      const b = mid[lo];
      const t = b > a ? (p - a) / (b - a) : 0;
      out[j] = values[order[lo - 1]] + t * (values[order[lo]] - values[order[lo - 1]]);
    }
  }
  return out;
}

const PROBABILITIES = Float64Array.of(0.05, 0.5, 0.95);

/**
 * Weighted mean, standard deviation (of the weighted distribution, no small-sample correction:
 * the weights are importance weights, not counts) and 5/50/95% quantiles.
 * @param values - sample values
 * @param weights - non-negative weights (normalised here)
 * @returns the summary; NaN fields when there are no samples
 * @example
 * ```ts
 * weightedSummary(Float64Array.of(0, 1), Float64Array.of(0.5, 0.5)).mean; // 0.5
 * ```
 */
export function weightedSummary(values: ArrayLike<number>, weights: ArrayLike<number>): WeightedSummary {
  const n = values.length;
  let total = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    total += weights[i];
    sum += weights[i] * values[i];
  }
  const mean = sum / total;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += weights[i] * (values[i] - mean) ** 2;
  const q = weightedQuantiles(new Float64Array(3), values, weights, PROBABILITIES);
  return { mean, sd: Math.sqrt(squares / total), q05: q[0], q50: q[1], q95: q[2] };
}
