import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { isFiniteNumber, requireParameter, type UnitTransform } from './unit-transform.js';

/**
 * The beta prior Beta(a, b) on [0, 1], or stretched to [low, high]: for fractions, efficiencies,
 * mixture weights (Beta(1, 1) is uniform; Beta(½, ½) is Jeffreys' prior of a probability). With
 * stdlib's inverse regularised incomplete beta function; exactly `low` and `high` at u = 0 and 1.
 * @param a - first shape parameter α (> 0)
 * @param b - second shape parameter β (> 0)
 * @param low - lower end of the support (default 0)
 * @param high - upper end of the support (default 1)
 * @returns the unit transform
 * @throws {TempestError} `INVALID_ARGUMENT` for shapes that are not positive, or low ≥ high
 * @example
 * ```ts
 * beta(2, 2)(0.5); // 0.5
 * ```
 */
export function beta(a: number, b: number, low = 0, high = 1): UnitTransform {
  const call = `beta(${a}, ${b}${low === 0 && high === 1 ? '' : `, ${low}, ${high}`})`;
  requireParameter(call, isFiniteNumber(a) && a > 0 && isFiniteNumber(b) && b > 0, 'both shape parameters must be positive numbers', `a ${a}, b ${b}`);
  requireParameter(call, isFiniteNumber(low) && isFiniteNumber(high) && low < high, 'low and high must be finite with low < high', `low ${low}, high ${high}`);
  const width = high - low;
  return (u) => (u <= 0 ? low : u >= 1 ? high : low + width * betaQuantile(u, a, b));
}
