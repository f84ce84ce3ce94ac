import { weightedQuantiles } from './weighted-quantiles.js';

/** Weighted mean, standard deviation and 5/50/95% quantiles of one parameter. */
export interface WeightedSummary {
  /** Weighted mean. */
  mean: number;
  /** Weighted standard deviation. */
  sd: number;
  /** Weighted 5% quantile. */
  q05: number;
  /** Weighted median. */
  q50: number;
  /** Weighted 95% quantile. */
  q95: number;
}

const PROBABILITIES = [0.05, 0.5, 0.95];

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
  const q = weightedQuantiles(values, weights, PROBABILITIES);
  return { mean, sd: Math.sqrt(squares / total), q05: q[0], q50: q[1], q95: q[2] };
}
