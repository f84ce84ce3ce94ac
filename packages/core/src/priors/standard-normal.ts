// The standard normal CDF and quantile function through stdlib's complementary error function and
// its inverse (ports of Boost's), which keep their relative precision in the lower tail: stdlib's
// normal quantile goes through erfinv(2p − 1), which rounds to −∞ below p ≈ 1e-16, too early for
// a normal truncated far in its tail.
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';

/**
 * Φ(x), the standard normal CDF, with full relative precision for x far below 0.
 * @param x - any number
 * @returns P(Z ≤ x)
 */
export function standardNormalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Φ⁻¹(p), the standard normal quantile function, with full relative precision for p near 0
 * (down to the smallest subnormal, Φ⁻¹(5e-324) = −38.47).
 * @param p - a probability in [0, 1]
 * @returns the quantile (−∞ at 0, +∞ at 1)
 */
export function standardNormalQuantile(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p);
}
