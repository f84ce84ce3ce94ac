// Single Gaussian problems: a unit Gaussian, AR(1)-correlated Gaussians from 10 to 200
// dimensions, one with every pair correlated, one cut in half by the prior's bound, and one whose
// widths span three decades. Each likelihood is a normalised density, so log Z is the log of its
// mass inside the uniform prior box minus the log of the box's volume.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { ar1QuadraticForm, LOG_2PI, normalInterval } from '../numerics.js';

/**
 * N(mu, I) in d dimensions, mu alternating +0.5 / -0.5, under U(-10, 10)^d.
 * log Z = -d ln 20 + sum_j ln P(-10 < x_j < 10); each factor is 1 - O(Phi(-9.5)) = 1 - 1e-21.
 */
export function unitGaussian(d: number): AccuracyProblem {
  const mu = Float64Array.from({ length: d }, (_, j) => (j % 2 ? -0.5 : 0.5));
  const logNorm = -0.5 * d * LOG_2PI;
  return {
    name: `gauss-${d}`,
    title: `${d}-D unit Gaussian (baseline)`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < d; j++) q += (x[o + j] - mu[j]) ** 2;
      return logNorm - 0.5 * q;
    }),
    trueLogZ: -d * Math.log(20),
    logZMethod: 'analytic: normalised density inside the box; the box loses < 1e-20 of the mass (verify-logz: product of normal CDFs)',
    source: 'a Gaussian under a flat box as in dynesty tests/test_gau.py; this repository\'s evidence-calibration benchmark',
    quick: true,
  };
}

/**
 * N(0, C) with C_ij = rho^|i-j| (AR(1), unit variances) under U(-10, 10)^d. The precision matrix
 * is tridiagonal and log det C = (d - 1) ln(1 - rho^2), so the likelihood costs O(d).
 * log Z = -d ln 20 + ln P(box); P(box) >= 1 - 2 d Phi(-10) = 1 - 3e-21 at d = 200.
 */
export function correlatedGaussian(d: number, rho = 0.5): AccuracyProblem {
  const quadratic = ar1QuadraticForm(rho, d);
  const logNorm = -0.5 * d * LOG_2PI - 0.5 * (d - 1) * Math.log(1 - rho * rho);
  return {
    name: `corr-gauss-${d}`,
    title: `${d}-D Gaussian, covariance ${rho}^|i-j|`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => logNorm - 0.5 * quadratic(x, o)),
    trueLogZ: -d * Math.log(20),
    logZMethod: 'analytic: normalised density inside the box (box mass > 1 - 3e-21); normalisation cross-checked against scipy multivariate_normal (peers/verify_logz.py)',
    source: 'dynesty demos "25-D Correlated Normal" and "200-D Multivariate Normal" (here AR(1) correlation 0.5, as the issue specifies)',
    quick: d <= 25,
  };
}

/**
 * A Gaussian whose mode sits on the prior's edge: N(0, I) under U(0, 5)^d, so the posterior is a
 * half-normal in every coordinate, piled against the bound at 0 (a positive quantity measured
 * to be consistent with zero). Z = (P(0 < x < 5) / 5)^d.
 */
export function halfGaussian(d = 8): AccuracyProblem {
  const logNorm = -0.5 * d * LOG_2PI;
  return {
    name: `halfgauss-${d}`,
    title: `${d}-D Gaussian centred on the prior's lower bound (half-normal posterior)`,
    nDim: d,
    priorTransform: boxPrior(0, 5),
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < d; j++) q += x[o + j] * x[o + j];
      return logNorm - 0.5 * q;
    }),
    // verify-logz.ts: the closed form and Gauss–Legendre of the 1-D factor over [0, 5].
    trueLogZ: d * Math.log(normalInterval(0, 5) / 5),
    logZMethod: 'closed form: the normal mass of [0, 5] per coordinate',
    source: 'a posterior truncated by its prior at the mode (constructed for this suite)',
  };
}

/**
 * A Gaussian that constrains only some parameters: N(0, I) in the first `constrained`
 * coordinates under U(-10, 10)^d, the likelihood independent of the rest (nuisance parameters the
 * data say nothing about), so their posterior is their uniform prior, filling the cube to its
 * faces. Z = prod over the constrained coordinates of P(-10 < x_j < 10) / 20; each factor's box
 * loss is 1.5e-23.
 */
export function partlyConstrainedGaussian(d = 10, constrained = 5): AccuracyProblem {
  const logNorm = -0.5 * constrained * LOG_2PI;
  return {
    name: `partial-gauss-${d}`,
    title: `${d}-D: a unit Gaussian in ${constrained} coordinates, the other ${d - constrained} unconstrained (posterior = prior)`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < constrained; j++) q += x[o + j] * x[o + j];
      return logNorm - 0.5 * q;
    }),
    trueLogZ: -constrained * Math.log(20),
    logZMethod: 'analytic: normalised density in the constrained coordinates, flat in the others (box loss 1.5e-23 per coordinate)',
    source: 'parameters the data do not constrain (constructed for this suite)',
  };
}

/**
 * A Gaussian whose widths span three decades: N(1, diag(s_j^2)) with s_j = 10^(-3 + 3 j / (d - 1))
 * under U(-5, 5)^d, as when a well-measured frequency and poorly measured amplitudes are fitted
 * together. The posterior is 1e-3 of the prior in its narrowest direction and 1/4 of it in the
 * widest. Z = prod_j P(-5 < x_j < 5) / 10^d.
 */
export function scaledGaussian(d = 20): AccuracyProblem {
  const s = Float64Array.from({ length: d }, (_, j) => 10 ** (-3 + (3 * j) / (d - 1)));
  let logNorm = -0.5 * d * LOG_2PI;
  let logMass = 0;
  for (let j = 0; j < d; j++) {
    logNorm -= Math.log(s[j]);
    logMass += Math.log(normalInterval(-6 / s[j], 4 / s[j]));
  }
  return {
    name: `scales-${d}`,
    title: `${d}-D Gaussian with widths from 0.001 to 1`,
    nDim: d,
    priorTransform: boxPrior(-5, 5),
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < d; j++) q += ((x[o + j] - 1) / s[j]) ** 2;
      return logNorm - 0.5 * q;
    }),
    // verify-logz.ts: the closed form and Gauss–Legendre of each 1-D factor over [-5, 5].
    trueLogZ: logMass - d * Math.log(10),
    logZMethod: 'closed form: normal masses inside the box, per coordinate',
    source: 'an ill-conditioned Gaussian (widths over three decades; constructed for this suite, after the UltraNest asymgauss problem\'s spread of widths)',
  };
}

/**
 * N(0, C) with every pair of coordinates correlated by rho (C = (1 - rho) I + rho 1 1^T, unit
 * variances) under U(-10, 10)^d: the correlated normal of dynesty's "Getting Started" example
 * (rho = 0.95), here in d dimensions, where one direction is sqrt(1 + (d - 1) rho) wide and the
 * others sqrt(1 - rho). C^-1 = (I - rho / (1 + (d - 1) rho) 1 1^T) / (1 - rho) and
 * det C = (1 - rho)^(d - 1) (1 + (d - 1) rho), so the likelihood costs O(d).
 * log Z = -d ln 20 + ln P(box); each marginal is N(0, 1), so P(box) >= 1 - 2 d Phi(-10).
 */
export function equicorrelatedGaussian(d = 10, rho = 0.95): AccuracyProblem {
  const k = rho / (1 + (d - 1) * rho);
  const logNorm = -0.5 * d * LOG_2PI - 0.5 * ((d - 1) * Math.log(1 - rho) + Math.log(1 + (d - 1) * rho));
  return {
    name: `equicorr-gauss-${d}`,
    title: `${d}-D Gaussian, every pair correlated by ${rho}`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let sum = 0;
      let sumSq = 0;
      for (let j = 0; j < d; j++) {
        sum += x[o + j];
        sumSq += x[o + j] * x[o + j];
      }
      return logNorm - (0.5 * (sumSq - k * sum * sum)) / (1 - rho);
    }),
    // verify-logz.ts: the normalisation against a dense Cholesky of C at a fixed point, and the
    // union bound on the box loss; peers/verify_logz.py: scipy's multivariate_normal.
    trueLogZ: -d * Math.log(20),
    logZMethod: 'analytic: normalised density inside the box (box mass > 1 - 2e-22); normalisation cross-checked by a dense Cholesky and scipy',
    source: 'dynesty "Getting Started" correlated normal (every pair correlated by 0.95), in 10 dimensions',
  };
}
