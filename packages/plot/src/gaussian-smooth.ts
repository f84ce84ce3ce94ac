/**
 * Smooths a row-major `nx` × `ny` grid in place with a separable Gaussian kernel of standard
 * deviation `sigma` bins (truncated at 3σ), as corner.py's and getdist's 2-D marginals do: a raw
 * histogram of a few thousand weighted samples gives ragged contours.
 *
 * Mass that the kernel would push past the border is dropped (zero padding). The plotting range is
 * padded beyond the 0.5–99.5% quantiles, so that loss is negligible and contours are never pulled
 * toward the edge.
 *
 * With `ny` = 1 it smooths a 1-D histogram (corner.py's `smooth1d`).
 *
 * @param grid - values `grid[ix + iy·nx]`, overwritten with the smoothed grid
 * @param nx - columns
 * @param ny - rows
 * @param sigma - kernel standard deviation in bins; 0 leaves the grid unchanged
 * @returns `grid`
 */
export function gaussianSmooth2d(grid: Float64Array, nx: number, ny: number, sigma: number): Float64Array {
  if (!(sigma > 0)) return grid;
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    kernel[k + radius] = Math.exp((-0.5 * k * k) / (sigma * sigma));
    sum += kernel[k + radius];
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] /= sum;

  const line = new Float64Array(Math.max(nx, ny));
  // Along x, one row at a time.
  for (let iy = 0; iy < ny; iy++) {
    const row = iy * nx;
    for (let ix = 0; ix < nx; ix++) line[ix] = grid[row + ix];
    for (let ix = 0; ix < nx; ix++) {
      let acc = 0;
      const from = Math.max(0, ix - radius);
      const to = Math.min(nx - 1, ix + radius);
      for (let j = from; j <= to; j++) acc += kernel[j - ix + radius] * line[j];
      grid[row + ix] = acc;
    }
  }
  // Along y, one column at a time (a single row, a 1-D histogram, has nothing to smooth along y).
  for (let ix = 0; ix < nx && ny > 1; ix++) {
    for (let iy = 0; iy < ny; iy++) line[iy] = grid[ix + iy * nx];
    for (let iy = 0; iy < ny; iy++) {
      let acc = 0;
      const from = Math.max(0, iy - radius);
      const to = Math.min(ny - 1, iy + radius);
      for (let j = from; j <= to; j++) acc += kernel[j - iy + radius] * line[j];
      grid[ix + iy * nx] = acc;
    }
  }
  return grid;
}
