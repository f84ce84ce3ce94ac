// Statistics of a parameter that lives on a circle: a phase on [0, 2π), an orbital angle, a
// periodic prior range [low, high). Its linear mean is meaningless when the posterior straddles
// the seam (samples near 0 and near 2π average to π), so location and spread are taken from the
// mean resultant vector, and quantiles are read on an axis cut opposite the circular mean.

/** A periodic range: values x and x + (high − low) are the same point. */
export interface PeriodicRange {
  /** Lower end of the range (inclusive). */
  low: number;
  /** Upper end of the range (the same point as `low`). */
  high: number;
}

/** The weighted mean direction of values on a circle. */
export interface CircularMean {
  /** The circular mean, in [low, high). */
  mean: number;
  /**
   * Length of the mean resultant vector, in [0, 1]: 1 when all mass sits at one point, near 0 when
   * it is spread round the whole circle (then the mean direction is ill-defined).
   */
  resultantLength: number;
  /** Circular standard deviation √(−2 ln R), in the units of the values (period / 2π radians). */
  sd: number;
}

/**
 * The weighted circular mean, mean resultant length and circular standard deviation (Mardia &
 * Jupp, *Directional Statistics*, 2000, §2.3) of values on a periodic range.
 * @param values - sample values (anywhere: they are wrapped onto the range)
 * @param weights - non-negative weights, same length, positive sum
 * @param range - the periodic range
 * @returns mean, resultant length and circular sd (NaN when there is no mass)
 * @example
 * ```ts
 * circularMean([0.1, 2 * Math.PI - 0.1], [1, 1], { low: 0, high: 2 * Math.PI }).mean; // 0 (not π)
 * ```
 */
export function circularMean(values: ArrayLike<number>, weights: ArrayLike<number>, range: PeriodicRange): CircularMean {
  const period = range.high - range.low;
  const toAngle = (2 * Math.PI) / period;
  let c = 0;
  let s = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights[i];
    if (!(w > 0)) continue;
    const angle = (values[i] - range.low) * toAngle;
    c += w * Math.cos(angle);
    s += w * Math.sin(angle);
    total += w;
  }
  if (!(total > 0)) return { mean: NaN, resultantLength: NaN, sd: NaN };
  const resultantLength = Math.min(1, Math.hypot(c, s) / total);
  const angle = Math.atan2(s, c);
  return { mean: wrapInto(range.low + angle / toAngle, range), resultantLength, sd: Math.sqrt(-2 * Math.log(resultantLength)) / toAngle };
}

/**
 * A value wrapped onto [low, high).
 * @param value - any finite value
 * @param range - the periodic range
 * @returns the same point of the circle, in [low, high)
 */
export function wrapInto(value: number, range: PeriodicRange): number {
  const period = range.high - range.low;
  let t = (value - range.low) % period;
  if (t < 0) t += period;
  // Rounding can give exactly one period back.
  return t >= period ? range.low : range.low + t;
}

/**
 * Values moved by whole periods onto the window of one period centred on `center`,
 * [center − period/2, center + period/2): the axis on which a posterior around `center` is
 * contiguous, for quantiles, histograms and plot ranges.
 * @param out - receives the recentred values (may be `values` itself)
 * @param values - sample values
 * @param center - the centre of the window (the circular mean)
 * @param range - the periodic range
 * @returns `out`
 */
export function recentre(out: Float64Array, values: ArrayLike<number>, center: number, range: PeriodicRange): Float64Array {
  const period = range.high - range.low;
  const start = center - period / 2;
  for (let i = 0; i < values.length; i++) {
    let t = (values[i] - start) % period;
    if (t < 0) t += period;
    out[i] = start + (t >= period ? 0 : t);
  }
  return out;
}
