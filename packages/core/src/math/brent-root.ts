/**
 * Brent's root finder (inverse quadratic interpolation safeguarded by bisection, as in Numerical
 * Recipes' zbrent) on [a, b] with f(a), f(b) of opposite signs (or one zero).
 * @param f - the function whose root is wanted
 * @param a - one end of the bracket
 * @param b - the other end
 * @param fa - f(a)
 * @param fb - f(b), of the opposite sign to fa
 * @param xTolerance - absolute accuracy wanted in x
 * @returns x within about xTolerance of a root (after at most 200 evaluations)
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, fa: number, fb: number, xTolerance: number): number {
  let c = a;
  let fc = fa;
  let step = b - a;
  let previousStep = step;
  for (let iteration = 0; iteration < 200; iteration++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      step = b - a;
      previousStep = step;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xTolerance;
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tol || fb === 0) return b;
    if (Math.abs(previousStep) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * half * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const rb = fb / fc;
        p = s * (2 * half * qa * (qa - rb) - (b - a) * (rb - 1));
        q = (qa - 1) * (rb - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * half * q - Math.abs(tol * q), Math.abs(previousStep * q))) {
        previousStep = step;
        step = p / q;
      } else {
        step = half;
        previousStep = step;
      }
    } else {
      step = half;
      previousStep = step;
    }
    a = b;
    fa = fb;
    b += Math.abs(step) > tol ? step : half >= 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}
