// Weighted binning on a fixed range. Samples outside the range are dropped rather than piled into
// the edge bins, which would draw a spurious spike at the plot border.

/**
 * Adds each sample's weight to its bin: `out[k]` receives the weight of samples in
 * `[lo + k·h, lo + (k+1)·h)` with h = (hi − lo) / out.length; the value `hi` itself falls in the
 * last bin.
 *
 * @param out - bins to fill (overwritten); its length is the number of bins
 * @param values - sample values
 * @param weights - sample weights, same length as `values`
 * @param lo - lower edge of the first bin
 * @param hi - upper edge of the last bin (> lo)
 * @returns `out`
 */
export function weightedHistogram(
  out: Float64Array,
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  lo: number,
  hi: number,
): Float64Array {
  const bins = out.length;
  out.fill(0);
  const scale = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const k = binIndex(values[i], lo, scale, bins);
    if (k >= 0) out[k] += weights[i];
  }
  return out;
}

/**
 * Weighted 2-D histogram on a `nx` × `ny` grid, row-major with x varying fastest:
 * `out[ix + iy·nx]`, iy = 0 at `yRange[0]`. This is the layout Observable Plot's contour mark
 * (and d3-contour) expects.
 *
 * @param out - grid to fill (overwritten), length nx·ny
 * @param xs - x value of each sample
 * @param ys - y value of each sample
 * @param weights - sample weights
 * @param nx - bins along x
 * @param ny - bins along y
 * @param xRange - `[lo, hi]` along x
 * @param yRange - `[lo, hi]` along y
 * @returns `out`
 */
export function weightedHistogram2d(
  out: Float64Array,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  weights: ArrayLike<number>,
  nx: number,
  ny: number,
  xRange: readonly [number, number],
  yRange: readonly [number, number],
): Float64Array {
  out.fill(0);
  const sx = nx / (xRange[1] - xRange[0]);
  const sy = ny / (yRange[1] - yRange[0]);
  for (let i = 0; i < xs.length; i++) {
    const ix = binIndex(xs[i], xRange[0], sx, nx);
    if (ix < 0) continue;
    const iy = binIndex(ys[i], yRange[0], sy, ny);
    if (iy < 0) continue;
    out[ix + iy * nx] += weights[i];
  }
  return out;
}

/** Bin of `value`, or -1 when it lies outside the range; the upper edge belongs to the last bin. */
function binIndex(value: number, lo: number, scale: number, bins: number): number {
  const t = (value - lo) * scale;
  if (!(t >= 0) || t > bins) return -1;
  return t === bins ? bins - 1 : Math.floor(t);
}
