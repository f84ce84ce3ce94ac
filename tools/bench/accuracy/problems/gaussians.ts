// Gaussian problems: a unit Gaussian, AR(1)-correlated Gaussians from 10 to 200 dimensions, and
// two separated Gaussians of unequal weight. Each likelihood is a normalised density whose
// mass lies inside the uniform prior box up to a negligible tail, so log Z = -d ln(width).
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI, logAddExp, normalInterval } from '../numerics.js';

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
  const a = 1 - rho * rho;
  const diagEnd = 1 / a;
  const diagMid = (1 + rho * rho) / a;
  const off = -rho / a;
  const logNorm = -0.5 * d * LOG_2PI - 0.5 * (d - 1) * Math.log(a);
  return {
    name: `corr-gauss-${d}`,
    title: `${d}-D Gaussian, covariance ${rho}^|i-j|`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < d; j++) {
        const v = x[o + j];
        q += (j === 0 || j === d - 1 ? diagEnd : diagMid) * v * v;
        if (j + 1 < d) q += 2 * off * v * x[o + j + 1];
      }
      return logNorm - 0.5 * q;
    }),
    trueLogZ: -d * Math.log(20),
    logZMethod: 'analytic: normalised density inside the box (box mass > 1 - 3e-21); normalisation cross-checked against scipy multivariate_normal (peers/verify_logz.py)',
    source: 'dynesty demos "25-D Correlated Normal" and "200-D Multivariate Normal" (here AR(1) correlation 0.5, as the issue specifies)',
    quick: d <= 25,
  };
}

/**
 * Two unit-covariance Gaussians centred at +2 and -2 in every coordinate (separation 4 sqrt(d)
 * standard deviations) with weights 0.33 and 0.67, under U(-10, 10)^d: log Z = -d ln 20. A sample
 * belongs to the mode whose centre is nearer, i.e. by the sign of sum_j x_j; the chance that a
 * draw of one component lands on the other side is Phi(-2 sqrt(d)) = 1.3e-10 at d = 10, so the
 * true mode weights are 0.33 and 0.67.
 */
export function twoGaussians(d: number, small = 0.33): AccuracyProblem {
  const logW = [Math.log(small), Math.log(1 - small)];
  const centre = [2, -2];
  const logNorm = -0.5 * d * LOG_2PI;
  return {
    name: `two-gauss-${d}`,
    title: `two ${d}-D Gaussians, weights ${small} / ${(1 - small).toFixed(2)}`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let q0 = 0;
      let q1 = 0;
      for (let j = 0; j < d; j++) {
        q0 += (x[o + j] - centre[0]) ** 2;
        q1 += (x[o + j] - centre[1]) ** 2;
      }
      return logNorm + logAddExp(logW[0] - 0.5 * q0, logW[1] - 0.5 * q1);
    }),
    trueLogZ: -d * Math.log(20),
    logZMethod: 'analytic: normalised mixture inside the box (box mass 1 - O(Phi(-8)) per coordinate)',
    modes: {
      labels: [`+2 (weight ${small})`, `-2 (weight ${(1 - small).toFixed(2)})`],
      weights: [small, 1 - small],
      assign: (x) => (x.reduce((s, v) => s + v, 0) > 0 ? 0 : 1),
    },
    source: 'the spec\'s 10-D two-Gaussian failure case of the reference package (weights 1/3, 2/3); layout of test-fixtures/models/multimodal.ts',
    quick: true,
  };
}

/**
 * Two Gaussians of unequal width in d dimensions: weight 0.2 with width 0.5 at -4 e1 and weight 0.8
 * with width 1.5 at +4 e1, under U(-10, 10)^d. The narrow mode's share of the tempered mass,
 * (0.2 / 0.8)^beta 3^(-d (1 - beta)), is negligible until beta is near 1 (1e-9 at beta = 0.1 and
 * 0.004 at beta = 0.8 for d = 20): the case in which tempering mixes torpidly between modes
 * (Woodard, Schmidler & Huber 2009). Z = (0.2 m_narrow + 0.8 m_wide) / 20^d with each component's
 * normal mass m inside the box.
 */
export function unequalGaussians(d = 20): AccuracyProblem {
  const logW = [Math.log(0.2), Math.log(0.8)];
  const sigma = [0.5, 1.5];
  const centre = [-4, 4];
  const logNorm = sigma.map((s) => -0.5 * d * LOG_2PI - d * Math.log(s));
  /** log of component c's weight times its density at row `o` of x. */
  const weighted = (x: Float64Array, o: number, c: number) => {
    let q = ((x[o] - centre[c]) / sigma[c]) ** 2;
    for (let j = 1; j < d; j++) q += (x[o + j] / sigma[c]) ** 2;
    return logW[c] + logNorm[c] - 0.5 * q;
  };
  const mass = (c: number, s: number) => normalInterval((-10 - c) / s, (10 - c) / s) * normalInterval(-10 / s, 10 / s) ** (d - 1);
  const m = [mass(centre[0], sigma[0]), mass(centre[1], sigma[1])];
  const z = 0.2 * m[0] + 0.8 * m[1];
  return {
    name: `unequal-gauss-${d}`,
    title: `two ${d}-D Gaussians of widths 0.5 and 1.5, weights 0.2 / 0.8 (torpid tempering)`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => logAddExp(weighted(x, o, 0), weighted(x, o, 1))),
    // verify-logz.ts: the closed form and Gauss–Legendre of each component's 1-D factors; the wide
    // component loses 3.2e-5 of its mass at x1 = 10 (4 widths away), nothing else measurable.
    trueLogZ: d === 20 ? -59.914671 : Number.NaN,
    logZMethod: 'closed form: normalised Gaussians, their masses inside the box',
    modes: {
      labels: ['narrow (-4, weight 0.2)', 'wide (+4, weight 0.8)'],
      weights: [(0.2 * m[0]) / z, (0.8 * m[1]) / z],
      // The component of larger posterior density (they overlap by less than 1e-6 of the mass).
      assign: (x) => (weighted(x, 0, 0) > weighted(x, 0, 1) ? 0 : 1),
    },
    source: 'mixture of unequal-width Gaussians, the torpid-mixing case of tempering (Woodard, Schmidler & Huber 2009, "Sufficient conditions for torpid mixing of parallel and simulated tempering", Electron. J. Probab. 14, 780)',
  };
}
