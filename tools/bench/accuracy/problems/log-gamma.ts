// The LogGamma problem: a product of skewed (log-gamma) and Gaussian factors on the unit cube,
// with two bimodal factors, so four modes of equal weight.
import { rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI, logAddExp, normalInterval } from '../numerics.js';

const SCALE = 1 / 30;

/** log density of the log-gamma distribution with shape 1 (scipy's loggamma(1, loc, scale)). */
function logGamma1(x: number, loc: number): number {
  const y = (x - loc) / SCALE;
  return y - Math.exp(y) - Math.log(SCALE);
}

function logNormal(x: number, mu: number): number {
  const z = (x - mu) / SCALE;
  return -0.5 * LOG_2PI - Math.log(SCALE) - 0.5 * z * z;
}

/** Mass of the shape-1 log-gamma density in [a, b]: its CDF is 1 - exp(-e^y). */
function logGammaMass(a: number, b: number, loc: number): number {
  const F = (x: number) => -Math.expm1(-Math.exp((x - loc) / SCALE));
  return F(b) - F(a);
}

function normalMass(a: number, b: number, mu: number): number {
  return normalInterval((a - mu) / SCALE, (b - mu) / SCALE);
}

/**
 * Beaujean & Caldwell (2013, arXiv:1304.7808) LogGamma, as in the nautilus paper's LogGamma_30
 * (paper/likelihoods/analytic.py of github.com/johannesulf/nautilus): on U(0, 1)^d,
 *   L = [g(x_0; 1/3) + g(x_0; 2/3)]/2 * [n(x_1; 1/3) + n(x_1; 2/3)]/2 * prod_{i=2}^{d/2} g(x_i; 2/3) * prod_{i>d/2} n(x_i; 2/3),
 * g a shape-1 log-gamma density and n a normal density, both of scale 1/30. (The literature puts
 * the log-gamma factors first and the Gaussian ones after; which coordinates carry which does
 * not change Z.) Z is the product of the factors' masses in [0, 1], known in closed form.
 */
export function logGammaProblem(d = 30): AccuracyProblem {
  const lastGamma = (d + 2) / 2 - 1;
  const logL = (x: Float64Array, o: number) => {
    let s = logAddExp(logGamma1(x[o], 1 / 3), logGamma1(x[o], 2 / 3)) - Math.LN2;
    s += logAddExp(logNormal(x[o + 1], 1 / 3), logNormal(x[o + 1], 2 / 3)) - Math.LN2;
    for (let i = 2; i < d; i++) s += i <= lastGamma ? logGamma1(x[o + i], 2 / 3) : logNormal(x[o + i], 2 / 3);
    return s;
  };
  let nGamma = 0;
  for (let i = 2; i < d; i++) if (i <= lastGamma) nGamma++;
  const nNormal = d - 2 - nGamma;
  const m1 = 0.5 * (logGammaMass(0, 1, 1 / 3) + logGammaMass(0, 1, 2 / 3));
  const m2 = 0.5 * (normalMass(0, 1, 1 / 3) + normalMass(0, 1, 2 / 3));
  const trueLogZ = Math.log(m1) + Math.log(m2) + nGamma * Math.log(logGammaMass(0, 1, 2 / 3)) + nNormal * Math.log(normalMass(0, 1, 2 / 3));
  // Mode weights: x_0 below or above 1/2 (log-gamma pair; the right component's long left tail
  // puts 0.3% of its mass below 1/2), times x_1 below or above 1/2 (Gaussian pair, symmetric).
  const low0 = (0.5 * (logGammaMass(0, 0.5, 1 / 3) + logGammaMass(0, 0.5, 2 / 3))) / m1;
  const low1 = (0.5 * (normalMass(0, 0.5, 1 / 3) + normalMass(0, 0.5, 2 / 3))) / m2;
  return {
    name: `loggamma-${d}`,
    title: `${d}-D LogGamma: skewed multimodal product, 4 modes`,
    nDim: d,
    priorTransform: (u) => Float64Array.from(u),
    logLikelihood: rowwise(logL),
    trueLogZ,
    logZMethod: `analytic: product of the factors' masses in [0, 1] from the closed-form CDFs (${trueLogZ.toExponential(4)}); cross-checked by scipy quad of each factor`,
    modes: {
      labels: ['x0<1/2, x1<1/2', 'x0<1/2, x1>1/2', 'x0>1/2, x1<1/2', 'x0>1/2, x1>1/2'],
      weights: [low0 * low1, low0 * (1 - low1), (1 - low0) * low1, (1 - low0) * (1 - low1)],
      assign: (x) => (x[0] < 0.5 ? 0 : 2) + (x[1] < 0.5 ? 0 : 1),
    },
    source: 'Beaujean & Caldwell (2013, arXiv:1304.7808); nautilus paper LogGamma_30 (Lange 2023); dynesty demo "Examples -- LogGamma"',
  };
}
