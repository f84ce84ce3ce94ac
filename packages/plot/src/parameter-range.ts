/**
 * Axis domain of one parameter in a corner plot: the weighted 0.5–99.5% quantile interval, widened
 * to include a reference value lying within one interval width of it, then padded by 10% on each
 * side so the 2σ contours and histogram tails are not cut by the frame — but never past the
 * samples' own extent (corner.py's default range), so a parameter with a hard prior edge, such as
 * a phase on [0, 2π), gets an axis that ends where its samples do. A reference value outside the
 * samples keeps its padding.
 *
 * A parameter with (numerically) no spread gets a window of ±5% of its magnitude (±0.5 around 0),
 * so its panels still have a width and ticks.
 *
 * @param low - weighted 0.5% quantile
 * @param high - weighted 99.5% quantile
 * @param truth - reference value, if any (ignored when far outside)
 * @param extent - smallest and largest sample value (of samples with positive weight), if known
 * @returns `[lo, hi]` with lo < hi
 * @example
 * ```ts
 * parameterRange(-2.6, 2.6); // [-3.12, 3.12]
 * parameterRange(0.03, 6.25, undefined, [0, 6.28]); // [0, 6.28]
 * parameterRange(5, 5); // [4.75, 5.25]
 * ```
 */
export function parameterRange(low: number, high: number, truth?: number, extent?: readonly [number, number]): [number, number] {
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
  // Clip the padding at the sample extent, unless a truth set that end of the interval.
  const floor = extent !== undefined && lo === low ? Math.min(extent[0], lo) : -Infinity;
  const ceiling = extent !== undefined && hi === high ? Math.max(extent[1], hi) : Infinity;
  return [Math.max(lo - pad, floor), Math.min(hi + pad, ceiling)];
}
