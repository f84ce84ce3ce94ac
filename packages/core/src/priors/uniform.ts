import { isFiniteNumber, requireParameter, type UnitTransform } from './unit-transform.js';

/**
 * The uniform prior U(low, high): x = low + (high − low)·u, exactly `low` at u = 0 and `high` at u = 1.
 * @param low - lower end
 * @param high - upper end (> low)
 * @returns the unit transform
 * @throws {TempestError} `INVALID_ARGUMENT` unless low < high, both finite
 * @example
 * ```ts
 * uniform(-5, 5)(0.25); // -2.5
 * ```
 */
export function uniform(low: number, high: number): UnitTransform {
  const call = `uniform(${low}, ${high})`;
  requireParameter(call, isFiniteNumber(low) && isFiniteNumber(high) && low < high, 'low and high must be finite numbers with low < high', `low ${low}, high ${high}`);
  const width = high - low;
  return (u) => (u >= 1 ? high : low + width * u);
}
