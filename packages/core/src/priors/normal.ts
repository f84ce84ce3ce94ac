import { standardNormalQuantile } from './standard-normal.js';
import { clipUnit, isFiniteNumber, requireParameter, type UnitTransform } from './unit-transform.js';

/**
 * The normal prior N(mean, sd²): x = mean + sd·Φ⁻¹(u), with the standard normal quantile function
 * from stdlib's inverse complementary error function (relative error near machine precision). u is clipped to [2⁻⁵³, 1 − 2⁻⁵³] (see `UNIT_CLIP`), so
 * u = 0 and 1 give mean ∓ 8.21·sd rather than ±∞.
 * @param mean - the mean
 * @param sd - the standard deviation (> 0)
 * @returns the unit transform
 * @throws {TempestError} `INVALID_ARGUMENT` for a non-finite mean or a standard deviation that is not positive
 * @example
 * ```ts
 * normal(70, 5)(0.975); // 79.80 (70 + 1.96 × 5)
 * ```
 */
export function normal(mean: number, sd: number): UnitTransform {
  const call = `normal(${mean}, ${sd})`;
  requireParameter(call, isFiniteNumber(mean), 'the mean must be a finite number', mean);
  requireParameter(call, isFiniteNumber(sd) && sd > 0, 'the standard deviation must be a positive number (the second argument is sd, not the variance)', sd);
  return (u) => mean + sd * standardNormalQuantile(clipUnit(u));
}
