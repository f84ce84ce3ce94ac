import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile';
import { clipUnit, isFiniteNumber, requireParameter, type UnitTransform } from './unit-transform.js';

/**
 * The gamma prior with shape k and scale θ (mean kθ; NumPy's and SciPy's parametrisation), for
 * positive rates and precisions. With stdlib's inverse regularised incomplete gamma function;
 * exactly 0 at u = 0, and u is clipped below 1 as for `normal`.
 * @param shape - shape k (> 0)
 * @param scale - scale θ (> 0; the rate is 1/θ). Default 1
 * @returns the unit transform
 * @throws {TempestError} `INVALID_ARGUMENT` for a shape or scale that is not positive
 * @example
 * ```ts
 * gamma(1, 2)(1 - Math.exp(-1)); // 2 (an exponential of mean 2 at its mean)
 * ```
 */
export function gamma(shape: number, scale = 1): UnitTransform {
  const call = `gamma(${shape}, ${scale})`;
  requireParameter(call, isFiniteNumber(shape) && shape > 0, 'the shape must be a positive number', shape);
  requireParameter(call, isFiniteNumber(scale) && scale > 0, 'the scale must be a positive number (the rate is 1 / scale)', scale);
  const rate = 1 / scale;
  return (u) => (u <= 0 ? 0 : gammaQuantile(clipUnit(u), shape, rate));
}
