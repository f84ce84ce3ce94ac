import { standardNormalCdf, standardNormalQuantile } from './standard-normal.js';
import { clipUnit, isFiniteNumber, requireParameter, type UnitTransform } from './unit-transform.js';

/**
 * The normal prior N(mean, sd²) truncated to [low, high]: x = F⁻¹(F(low) + u·(F(high) − F(low))),
 * with F the normal CDF. Exactly `low` and `high` at u = 0 and 1 when they are finite (an
 * infinite bound is approached as for `normal`). A range above the mean is mapped through its
 * mirror image below it, where the CDF keeps its relative precision, so a truncation far in a
 * tail (low = mean + 10·sd) stays accurate.
 * @param mean - mean of the untruncated normal
 * @param sd - its standard deviation (> 0)
 * @param low - lower bound (may be -Infinity)
 * @param high - upper bound (> low; may be Infinity)
 * @returns the unit transform
 * @throws {TempestError} `INVALID_ARGUMENT` for bad parameters, or a range so far in a tail
 *   (beyond about 37 sd) that the normal puts no representable mass in it
 * @example
 * ```ts
 * truncatedNormal(0, 1, 0, Infinity)(0.5); // 0.674 (the half-normal's median)
 * ```
 */
export function truncatedNormal(mean: number, sd: number, low: number, high: number): UnitTransform {
  const call = `truncatedNormal(${mean}, ${sd}, ${low}, ${high})`;
  requireParameter(call, isFiniteNumber(mean), 'the mean must be a finite number', mean);
  requireParameter(call, isFiniteNumber(sd) && sd > 0, 'the standard deviation must be a positive number', sd);
  requireParameter(call, typeof low === 'number' && typeof high === 'number' && !Number.isNaN(low) && !Number.isNaN(high) && low < high && low !== Infinity && high !== -Infinity, 'the bounds must satisfy low < high (either may be infinite)', `low ${low}, high ${high}`);
  // Work on the side of the mean where the CDF is small: x → 2·mean − x mirrors a range above it.
  const mirrored = low - mean > mean - high;
  const a = mirrored ? 2 * mean - high : low;
  const b = mirrored ? 2 * mean - low : high;
  const fa = standardNormalCdf((a - mean) / sd);
  const fb = standardNormalCdf((b - mean) / sd);
  requireParameter(call, fb - fa > 0, `the range lies so far in the normal's tail that it holds no representable probability (${mirrored ? 'low' : 'high'} is ${Math.abs(((mirrored ? low : high) - mean) / sd).toFixed(1)} sd from the mean); use an exponential or uniform prior there, or widen the range`, `low ${low}, high ${high}`);
  const bounded = Number.isFinite(a) && Number.isFinite(b);
  const map = (u: number): number => {
    if (u <= 0 && Number.isFinite(a)) return a;
    if (u >= 1 && Number.isFinite(b)) return b;
    // An infinite bound is approached as `normal` approaches it; the probability itself is never
    // clipped, since a range in the far tail lives entirely below 2^-53.
    const p = fa + (bounded ? u : clipUnit(u)) * (fb - fa);
    return Math.min(b, Math.max(a, mean + sd * standardNormalQuantile(p)));
  };
  return mirrored ? (u) => 2 * mean - map(1 - u) : map;
}
