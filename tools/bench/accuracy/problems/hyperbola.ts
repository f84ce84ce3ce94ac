// A product degeneracy: the data fix x_1 x_2, not either factor.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI } from '../numerics.js';

/**
 * `hyperbola-d`: the likelihood N(x_1 x_2; 1, 0.05) times N(0, 1) in the other d - 2 coordinates,
 * under U(-5, 5)^d. The data measure a product (an amplitude times a distance, a mass times a
 * coupling), so the posterior is two thin curved ridges along x_1 x_2 = 1, one per sign, each
 * running to the prior's bounds at (0.2, 5) and (5, 0.2), 0.01 wide at one end and 0.25 at the
 * other, its mass spread evenly in log x_1. Z by one quadrature over x_1 (the integral over x_2 is a
 * normal interval divided by |x_1|) and normal masses for the rest; modes 0.5 / 0.5 by symmetry.
 */
export function hyperbolaRidge(d = 10, width = 0.05): AccuracyProblem {
  const constant = -0.5 * LOG_2PI - Math.log(width) - 0.5 * (d - 2) * LOG_2PI;
  return {
    name: `hyperbola-${d}`,
    title: `${d}-D pair of hyperbolic ridges x_1 x_2 = 1 (a product degeneracy), width ${width}`,
    nDim: d,
    priorTransform: boxPrior(-5, 5),
    logLikelihood: rowwise((x, o) => {
      let q = ((x[o] * x[o + 1] - 1) / width) ** 2;
      for (let j = 2; j < d; j++) q += x[o + j] ** 2;
      return constant - 0.5 * q;
    }),
    // verify-logz.ts: Gauss-Legendre over x_1 at two resolutions; scipy quad agrees.
    trueLogZ: d === 10 && width === 0.05 ? -21.163286 : Number.NaN,
    logZMethod: 'x_2 integrated in closed form for each x_1 (a normal interval over |x_1|), x_1 by Gauss-Legendre, the other coordinates normal masses; scipy quad agrees',
    modes: { labels: ['x1 > 0', 'x1 < 0'], weights: [0.5, 0.5], assign: (x) => (x[0] > 0 ? 0 : 1) },
    source: 'constructed here (session 16): a product degeneracy, as between an amplitude and a distance',
  };
}
