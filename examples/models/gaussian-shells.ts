// A model file for the `tempest` command: two thin Gaussian rings ("shells") in 2-D, the classic
// multimodal test of nested-sampling papers (Feroz & Hobson 2008). Each ring has radius 2 and
// width 0.1; the centres are (-3.5, 0) and (+3.5, 0); x, y ~ U(-6, 6). Each ring integrates to
// 2 pi r, so the evidence is exact: log Z = ln(2 * 2 pi * 2 / 144) = ln(pi / 18) = -1.7430, and
// each ring holds half of the posterior mass. Clustering (on by default) finds both rings.
//
//   npx tempest run examples/models/gaussian-shells.ts --seed 1 --out shells-out

const RADIUS = 2;
const WIDTH = 0.1;
const CENTRE = 3.5;

export const nDim = 2;
export const parameterNames = ['x', 'y'];

/** x, y ~ U(-6, 6). */
export function priorTransform(u: Float64Array): Float64Array {
  return u.map((v) => 12 * v - 6);
}

/** log of the sum of two normalised rings (computed stably with log-sum-exp). */
export function logLikelihood(p: Float64Array): number {
  const ring = (cx: number) => {
    const rho = Math.hypot(p[0] - cx, p[1]);
    return -0.5 * Math.log(2 * Math.PI) - Math.log(WIDTH) - (rho - RADIUS) ** 2 / (2 * WIDTH * WIDTH);
  };
  const a = ring(-CENTRE);
  const b = ring(CENTRE);
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** The exact log-evidence, for comparison with the run's log Z ± error. */
export const trueLogZ = Math.log(Math.PI / 18);
