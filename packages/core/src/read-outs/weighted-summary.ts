import { circularMean, recentre, type PeriodicRange } from '../math/circular-statistics.js';
import { weightedQuantiles } from '../math/weighted-quantiles.js';

/**
 * Weighted mean, standard deviation and 5/16/50/84/95% quantiles of one parameter; for a
 * periodic parameter, their circular counterparts.
 */
export interface WeightedSummary {
  /** Weighted mean; for a periodic parameter the circular mean, in its range. */
  mean: number;
  /** Weighted standard deviation; for a periodic parameter the circular standard deviation √(−2 ln R). */
  sd: number;
  /** Weighted 5% quantile. */
  q05: number;
  /** Weighted 16% quantile (the lower end of the central 68% interval, the 1σ of a Gaussian). */
  q16: number;
  /** Weighted median. */
  q50: number;
  /** Weighted 84% quantile. */
  q84: number;
  /** Weighted 95% quantile. */
  q95: number;
  /**
   * Present for a periodic parameter: its range and the mean resultant length R (near 1: the
   * posterior is concentrated; near 0: spread round the circle, and the mean says little). The
   * quantiles are read on the axis recentred on the circular mean, [mean − period/2, mean +
   * period/2), so a posterior straddling the seam keeps one interval: on [0, 2π) a q05 of 6.1 and
   * a q95 of 6.5 mean 6.1 to 2π and on to 0.22.
   */
  circular?: PeriodicRange & {
    /** Mean resultant length R of the weighted samples, 0 to 1. */
    resultantLength: number;
  };
}

const PROBABILITIES = [0.05, 0.16, 0.5, 0.84, 0.95];

/**
 * Weighted mean, standard deviation (of the weighted distribution, no small-sample correction:
 * the weights are importance weights, not counts) and 5/16/50/84/95% quantiles; with `periodic`,
 * the circular mean and standard deviation and the quantiles on the axis recentred on that mean.
 * @param values - sample values
 * @param weights - non-negative weights (normalised here)
 * @param periodic - the range of a periodic parameter, whose values wrap round
 * @returns the summary; NaN fields when there are no samples
 * @example
 * ```ts
 * weightedSummary(Float64Array.of(0, 1), Float64Array.of(0.5, 0.5)).mean; // 0.5
 * weightedSummary(Float64Array.of(0.1, 6.2), Float64Array.of(0.5, 0.5), { low: 0, high: 2 * Math.PI }).mean; // 0.0084: near 0 = 2π, not 3.15
 * ```
 */
export function weightedSummary(values: ArrayLike<number>, weights: ArrayLike<number>, periodic?: PeriodicRange): WeightedSummary {
  if (periodic !== undefined) {
    const { mean, sd, resultantLength } = circularMean(values, weights, periodic);
    const axis = Number.isFinite(mean) ? recentre(new Float64Array(values.length), values, mean, periodic) : Float64Array.from(values);
    const q = weightedQuantiles(axis, weights, PROBABILITIES);
    return { mean, sd, q05: q[0], q16: q[1], q50: q[2], q84: q[3], q95: q[4], circular: { low: periodic.low, high: periodic.high, resultantLength } };
  }
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
  return { mean, sd: Math.sqrt(squares / total), q05: q[0], q16: q[1], q50: q[2], q84: q[3], q95: q[4] };
}
