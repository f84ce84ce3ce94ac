import { isFiniteNumber, requireParameter, type UnitTransform } from './unit-transform.js';

/**
 * The log-uniform (Jeffreys, reciprocal) prior on [low, high]: ln x uniform, for scale parameters
 * spanning decades (a noise level, an amplitude, a rate). x = low·(high/low)^u, exactly the bounds
 * at u = 0 and 1.
 * @param low - lower end (> 0)
 * @param high - upper end (> low)
 * @returns the unit transform
 * @throws {TempestError} `INVALID_ARGUMENT` unless 0 < low < high, both finite
 * @example
 * ```ts
 * logUniform(1e-3, 1e3)(0.5); // 1
 * ```
 */
export function logUniform(low: number, high: number): UnitTransform {
  const call = `logUniform(${low}, ${high})`;
  requireParameter(call, isFiniteNumber(low) && isFiniteNumber(high) && low > 0 && low < high, 'low and high must be finite with 0 < low < high (for a range reaching 0, use uniform, or a log-uniform from a small positive low)', `low ${low}, high ${high}`);
  const logLow = Math.log(low);
  const logWidth = Math.log(high) - logLow;
  return (u) => (u <= 0 ? low : u >= 1 ? high : Math.exp(logLow + logWidth * u));
}
