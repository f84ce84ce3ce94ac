// A model file for the `tempest` command: the 2-D Rosenbrock "banana"
//   log L(x, y) = -[(1 - x)^2 + 100 (y - x^2)^2] / 2,   x, y ~ U(-5, 5),
// a narrow curved ridge along y = x^2 that defeats samplers with a single Gaussian proposal.
//
//   npx tempest run examples/models/rosenbrock.ts --seed 1
//
// A model file is a plain module: it needs no Tempest import, so it runs under the command line,
// in a script (`import * as model from './models/rosenbrock.js'`) and in pool workers alike.

/** Number of parameters. */
export const nDim = 2;

/** Names used in the summary table, samples.csv and the corner plot. */
export const parameterNames = ['x', 'y'];

/** The prior as a map from the unit square: x, y ~ U(-5, 5). */
export function priorTransform(u: Float64Array): Float64Array {
  return u.map((v) => 10 * v - 5);
}

/** Log-likelihood of one parameter vector. */
export function logLikelihood(p: Float64Array): number {
  const [x, y] = p;
  return -0.5 * ((1 - x) ** 2 + 100 * (y - x * x) ** 2);
}

/** The likelihood's peak, drawn as lines on the corner plot. */
export const truths = [1, 1];

/** Default sampler options for this model (command-line flags override them). */
export const options = { nParticles: 256 };
