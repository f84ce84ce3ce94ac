import { standardNormalQuantile } from './standard-normal.js';
import { clipUnit, isFiniteNumber, requireParameter, type UnitTransform } from './unit-transform.js';

/**
 * The half-normal prior on x ≥ 0, |N(0, sd²)|: x = sd·Φ⁻¹((1 + u)/2), for a scale or a
 * dispersion expected near 0 (the usual weakly informative prior of a hierarchical model's
 * spread). Exactly 0 at u = 0; u is clipped below 1 as for `normal` (8.29·sd at u = 1).
 * @param sd - the scale σ of the underlying normal (> 0)
 * @returns the unit transform
 * @throws {TempestError} `INVALID_ARGUMENT` for a scale that is not positive
 * @example
 * ```ts
 * halfNormal(2)(0.6827); // 2.0 (68.27% of the mass lies below sd)
 * ```
 */
export function halfNormal(sd: number): UnitTransform {
  requireParameter(`halfNormal(${sd})`, isFiniteNumber(sd) && sd > 0, 'the scale must be a positive number', sd);
  // Φ⁻¹((1 + u)/2) = −Φ⁻¹((1 − u)/2): the second keeps its precision as u approaches 1.
  return (u) => (u <= 0 ? 0 : -sd * standardNormalQuantile((1 - clipUnit(u)) / 2));
}
