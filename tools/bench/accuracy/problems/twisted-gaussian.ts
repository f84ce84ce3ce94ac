// Haario's twisted Gaussian: a Gaussian bent into a banana by a volume-preserving map.
import { rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI } from '../numerics.js';

/** The prior box of the twisted Gaussian: y_1 in [-40, 40], y_2 in [-20, 160], the rest in [-10, 10]. */
export const TWISTED_BOX = { lo: [-40, -20], hi: [40, 160], rest: 10 } as const;

/**
 * `twisted-gauss-d`: Haario, Saksman & Tamminen's twisted Gaussian (Bernoulli 5, 223, 1999;
 * "strongly twisted", b = 0.1): x ~ N(0, diag(100, 1, ..., 1)) mapped by y_2 = x_2 + b (x_1^2 - 100),
 * the other coordinates unchanged. The map has Jacobian 1, so the density of y is normalised:
 * Z = its mass inside the box / the box's volume, a 1-D integral over y_1 (the box cuts less than
 * 1e-4 of it, where |y_1| > 40). The banana's arms climb 150 units in y_2 over 4 widths of y_1.
 */
export function twistedGaussian(d = 10, b = 0.1): AccuracyProblem {
  const { lo, hi, rest } = TWISTED_BOX;
  const width = (j: number) => (j < 2 ? hi[j] - lo[j] : 2 * rest);
  const low = (j: number) => (j < 2 ? lo[j] : -rest);
  const constant = -0.5 * d * LOG_2PI - Math.log(10);
  return {
    name: `twisted-gauss-${d}`,
    title: `${d}-D twisted Gaussian (Haario et al. 1999, b = ${b})`,
    nDim: d,
    priorTransform: (u) => {
      const x = new Float64Array(u.length);
      for (let i = 0; i < u.length; i++) x[i] = low(i % d) + width(i % d) * u[i];
      return x;
    },
    logLikelihood: rowwise((x, o) => {
      const y1 = x[o];
      const x2 = x[o + 1] - b * (y1 * y1 - 100);
      let q = (y1 / 10) ** 2 + x2 * x2;
      for (let j = 2; j < d; j++) q += x[o + j] ** 2;
      return constant - 0.5 * q;
    }),
    // verify-logz.ts: Gauss-Legendre over y_1 at two resolutions; scipy quad agrees.
    trueLogZ: d === 10 && b === 0.1 ? -33.540905 : Number.NaN,
    logZMethod: 'density normalised (the twist has Jacobian 1); its mass in the box by 1-D Gauss-Legendre over y_1 with normal intervals for y_2 and the rest; scipy quad agrees',
    source: 'Haario, Saksman & Tamminen (1999), Bernoulli 5, 223 ("adaptive proposal distribution for random walk Metropolis"); a standard MCMC test',
  };
}
