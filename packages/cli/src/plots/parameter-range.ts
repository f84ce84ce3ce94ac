/**
 * Axis domain of one parameter in a corner plot: the weighted 0.5–99.5% quantile interval, widened
 * to include a reference value lying within one interval width of it, then padded by 10% on each
 * side so the 2σ contours and histogram tails are not cut by the frame.
 *
 * A parameter with (numerically) no spread gets a window of ±5% of its magnitude (±0.5 around 0),
 * so its panels still have a width and ticks.
 *
 * @param low - weighted 0.5% quantile
 * @param high - weighted 99.5% quantile
 * @param truth - reference value, if any (ignored when far outside)
 * @returns `[lo, hi]` with lo < hi
 * @example
 * ```ts
 * parameterRange(-2.6, 2.6); // [-3.12, 3.12]
 * parameterRange(5, 5); // [4.75, 5.25]
 * ```
 */
export function parameterRange(low: number, high: number, truth?: number): [number, number] {
  let lo = low;
  let hi = high;
  const width = hi - lo;
  if (truth !== undefined && Number.isFinite(truth) && truth >= lo - width && truth <= hi + width) {
    lo = Math.min(lo, truth);
    hi = Math.max(hi, truth);
  }
  const magnitude = Math.max(Math.abs(lo), Math.abs(hi));
  if (!(hi - lo > 1e-9 * magnitude) || hi - lo < Number.MIN_VALUE * 1e3) {
    const center = 0.5 * (lo + hi);
    const half = magnitude > 0 ? 0.05 * magnitude : 0.5;
    return [center - half, center + half];
  }
  const pad = 0.1 * (hi - lo);
  return [lo - pad, hi + pad];
}
