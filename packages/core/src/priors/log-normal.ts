import { standardNormalQuantile } from './standard-normal.js';
import { clipUnit, isFiniteNumber, requireParameter, type UnitTransform } from './unit-transform.js';

/**
 * The log-normal prior: ln x ~ N(mu, sigma²), x = exp(mu + sigma·Φ⁻¹(u)), for positive parameters
 * known to a factor (a mass to ±30%: mu = ln m, sigma = 0.3). u is clipped as for `normal`.
 * @param mu - mean of ln x
 * @param sigma - standard deviation of ln x (> 0)
 * @returns the unit transform
 * @throws {TempestError} `INVALID_ARGUMENT` for a non-finite mu or a sigma that is not positive
 * @example
 * ```ts
 * logNormal(0, 1)(0.5); // 1 (the median is e^mu)
 * ```
 */
export function logNormal(mu: number, sigma: number): UnitTransform {
  const call = `logNormal(${mu}, ${sigma})`;
  requireParameter(call, isFiniteNumber(mu), 'mu (the mean of ln x) must be a finite number', mu);
  requireParameter(call, isFiniteNumber(sigma) && sigma > 0, 'sigma (the standard deviation of ln x) must be a positive number', sigma);
  return (u) => Math.exp(mu + sigma * standardNormalQuantile(clipUnit(u)));
}
