// Funnels: the width of most coordinates is set by one "neck" coordinate, so the posterior has
// a wide mouth and a narrow neck that samplers with one proposal scale fail to enter.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI } from '../numerics.js';

/**
 * The nautilus paper's Funnel_20 (Lange 2023, MNRAS 525, 3181, "nautilus: boosting Bayesian
 * importance nested sampling with deep learning"; its benchmark code paper/likelihoods/analytic.py
 * in github.com/johannesulf/nautilus): on [-10, 10]^d,
 *   v = x_0 ~ N(0, 1),  (x_1..x_{d-1}) | v ~ N(0, e^v S),  S = gamma 11^T + (1 - gamma) I, gamma = 0.95:
 * a funnel whose neck is also strongly correlated. As in nautilus, the likelihood is this density
 * times the box volume 20^d (its density in unit-cube coordinates), so Z is the density's mass
 * inside the box and log Z is just below 0.
 */
export function correlatedFunnel(d = 20, gamma = 0.95): AccuracyProblem {
  const m = d - 1;
  const c = 1 - gamma + m * gamma;
  const logDetS = (m - 1) * Math.log(1 - gamma) + Math.log(c);
  const constant = -0.5 * LOG_2PI - 0.5 * m * LOG_2PI - 0.5 * logDetS + d * Math.log(20);
  return {
    name: `funnel-${d}`,
    title: `${d}-D funnel with a correlated neck (nautilus Funnel_${d})`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      const v = x[o];
      let sum = 0;
      let sq = 0;
      for (let j = 1; j < d; j++) {
        sum += x[o + j];
        sq += x[o + j] * x[o + j];
      }
      // x^T S^-1 x with S^-1 = (I - gamma / c 11^T) / (1 - gamma).
      const q = (sq - (gamma * sum * sum) / c) / (1 - gamma);
      return constant - 0.5 * v * v - 0.5 * m * v - 0.5 * q * Math.exp(-v);
    }),
    // verify-logz.ts: x_j = e^{v/2}(sqrt(gamma) z_0 + sqrt(1 - gamma) z_j), so
    // P(box | v) = E_z0[(Phi((a - sqrt(gamma) z_0)/sqrt(1 - gamma)) - Phi((-a - ...)/...))^(d-1)],
    // a = 10 e^{-v/2}: a 2-D Gauss–Legendre quadrature over (v, z_0), -0.000381 at two resolutions
    // (the box cuts only 0.04% of the mass). peers/verify_logz.py: scipy agrees, and so does a
    // Monte Carlo estimate of the box mass.
    trueLogZ: -0.000381,
    logZMethod: '2-D quadrature over (v, z_0) of the box mass (exact reduction of the equicorrelated neck); cross-checked with scipy and Monte Carlo',
    source: 'nautilus paper benchmark Funnel_20 (Lange 2023, arXiv:2306.16923), after Neal (2003, Annals of Statistics 31, 705)',
  };
}

/**
 * Neal's funnel (Neal 2003, "Slice sampling", Annals of Statistics 31, 705, section 8): v ~ N(0, 3^2),
 * x_1..x_{d-1} | v ~ N(0, e^v) independent, under U(-10, 10)^d. Its neck is far narrower than
 * Funnel_20's (x sd e^{-3} = 0.05 at v = -6). log Z = ln P(box) - d ln 20 by a 1-D quadrature
 * over v: P(box | v) = erf(10 e^{-v/2} / sqrt 2)^(d-1).
 */
export function nealFunnel(d = 10): AccuracyProblem {
  const m = d - 1;
  const constant = -0.5 * LOG_2PI - Math.log(3) - 0.5 * m * LOG_2PI;
  return {
    name: `neal-funnel-${d}`,
    title: `${d}-D Neal funnel, v ~ N(0, 9)`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      const v = x[o];
      let sq = 0;
      for (let j = 1; j < d; j++) sq += x[o + j] * x[o + j];
      return constant - (v * v) / 18 - 0.5 * m * v - 0.5 * sq * Math.exp(-v);
    }),
    // verify-logz.ts: Gauss–Legendre 400x10 and 800x10: -30.094608; peers/verify_logz.py: scipy quad agrees.
    trueLogZ: -30.094608,
    logZMethod: '1-D quadrature over v of N(v; 0, 9) erf(10 e^{-v/2}/sqrt 2)^(d-1); cross-checked with scipy quad',
    source: 'Neal (2003), Annals of Statistics 31(3), 705, the funnel of section 8 (there 10-D)',
  };
}
