/**
 * Contour levels of a gridded density that enclose given fractions of its mass (highest
 * posterior density regions): for a fraction f, the level L such that the cells with value ≥ L
 * hold a fraction f of the total.
 *
 * Cells are sorted by value, highest first, and their values accumulated. The level is
 * interpolated between the two cells whose cumulative mass brackets f, so it moves smoothly
 * with f instead of jumping from one cell value to the next. The 2-D Gaussian's 1σ and 2σ
 * contours enclose 1 − e^{−1/2} ≈ 39.3% and 1 − e^{−2} ≈ 86.5% of the mass.
 *
 * @param grid - non-negative cell masses (or densities on equal cells), any layout
 * @param fractions - mass fractions in (0, 1)
 * @returns one level per fraction in the given order; all 0 when the grid holds no mass. Levels
 *   for increasing fractions are non-increasing.
 * @example
 * ```ts
 * const [oneSigma, twoSigma] = hpdLevels(grid, [1 - Math.exp(-0.5), 1 - Math.exp(-2)]);
 * ```
 */
export function hpdLevels(grid: ArrayLike<number>, fractions: readonly number[]): Float64Array {
  const n = grid.length;
  const sorted = Float64Array.from(grid).sort().reverse();
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i];
  const levels = new Float64Array(fractions.length);
  if (!(total > 0)) return levels;

  for (let q = 0; q < fractions.length; q++) {
    const target = fractions[q] * total;
    let cumulative = 0;
    let level = sorted[n - 1];
    for (let i = 0; i < n; i++) {
      const next = cumulative + sorted[i];
      if (next >= target) {
        // The enclosed mass grows by sorted[i] as the level drops from sorted[i - 1] to sorted[i];
        // interpolate linearly inside that step.
        const above = i > 0 ? sorted[i - 1] : sorted[0];
        const t = sorted[i] > 0 ? (target - cumulative) / sorted[i] : 1;
        level = above + t * (sorted[i] - above);
        break;
      }
      cumulative = next;
    }
    levels[q] = level;
  }
  return levels;
}
