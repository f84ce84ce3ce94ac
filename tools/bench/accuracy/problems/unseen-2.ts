// Problems added in session 21 as a second probe of shapes the sampler had never been run on, each
// with log Z in closed form (checked by quadrature or by a second closed form in verify-logz.ts): a
// hard constraint (a likelihood that is 0 on a ball and -Infinity elsewhere), a skewed log-normal
// product piled against a bound, an exponential product with its peak on the prior's corner, a
// Gaussian standing on a flat plateau that holds most of the mass, two narrow spikes in one
// dimension, two ridges crossing at the centre, a Gaussian 1000 times thinner along the diagonal
// than across it, and a product of bimodal factors with 256 modes.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI } from '../numerics.js';
import { lowerGammaP } from './unseen.js';

/** The unit cube as the prior. */
const unitCube = (u: Float64Array): Float64Array => Float64Array.from(u);

/**
 * `ball-d`: L = 1 (log L = 0) inside the ball of radius r = 0.3 about the unit cube's centre and
 * 0 (log L = -Infinity) outside, the cube as the prior: a hard constraint, the posterior uniform
 * on the ball. The ball lies inside the cube (r < 1/2), so Z is its volume,
 * V_d(r) = pi^(d/2) r^d / Gamma(d/2 + 1), 0.0128 at d = 5: a set of 256 prior draws has none inside
 * about once in 27.
 */
export function ballConstraint(d = 5, r = 0.3): AccuracyProblem {
  return {
    name: `ball-${d}`,
    title: `${d}-D uniform on a ball of radius ${r} in the unit cube (log L 0 inside, -Infinity outside)`,
    nDim: d,
    priorTransform: unitCube,
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < d; j++) q += (x[o + j] - 0.5) ** 2;
      return q < r * r ? 0 : -Infinity;
    }),
    trueLogZ: -4.359012909353256,
    logZMethod: 'analytic: the ball\'s volume pi^(d/2) r^d / Gamma(d/2 + 1); verify-logz: the recursion V_d = 2 pi r^2 / d V_(d-2), and the likelihood along a ray; scipy: the volume by slices',
    source: 'a hard constraint (an indicator likelihood, as a truncation or an accept/reject rule gives): Z is the volume the constraint leaves, the prior-volume picture of Skilling 2006',
  };
}

/**
 * `lognormal-d`: prod_j LogNormal(x_j; 0, 1) under U(0, 20)^d: each factor skewed, its mode at
 * 1/e and its mean at e^(1/2), piled against the prior's lower bound (log L = -Infinity at
 * x_j <= 0, which the prior never reaches). Each factor's mass inside (0, 20] is Phi(ln 20), so
 * Z = (Phi(ln 20) / 20)^d.
 */
export function logNormalProduct(d = 10): AccuracyProblem {
  const logNorm = 0.5 * LOG_2PI;
  return {
    name: `lognormal-${d}`,
    title: `${d}-D product of log-normal densities (mu 0, sigma 1) in U(0, 20)`,
    nDim: d,
    priorTransform: boxPrior(0, 20),
    logLikelihood: rowwise((x, o) => {
      let l = 0;
      for (let j = 0; j < d; j++) {
        const v = x[o + j];
        if (v <= 0) return -Infinity;
        const y = Math.log(v);
        l += -y - logNorm - 0.5 * y * y;
      }
      return l;
    }),
    trueLogZ: -29.97102144887293,
    logZMethod: 'analytic: d (ln Phi(ln 20) - ln 20); verify-logz: Gauss-Legendre of one factor over [0, 20]; scipy: scipy.stats.lognorm CDF',
    source: 'a skewed positive-valued likelihood (the log-normal, as for a scale or a rate given a uniform prior), piled against the prior\'s bound',
  };
}

/**
 * `exp-corner-d`: prod_j Exp(x_j; rate 1/s) on the unit cube, s = 0.05: the likelihood is largest
 * on the corner x = 0, where the prior ends, so the peak is a kink at the bound. Each factor's
 * mass inside [0, 1] is 1 - e^(-1/s), so ln Z = d ln(1 - e^(-1/s)) = -2.1e-8.
 */
export function exponentialCorner(d = 10, s = 0.05): AccuracyProblem {
  const logNorm = -d * Math.log(s);
  return {
    name: `exp-corner-${d}`,
    title: `${d}-D product of exponential densities (scale ${s}) in the unit cube, the peak on a corner`,
    nDim: d,
    priorTransform: unitCube,
    logLikelihood: rowwise((x, o) => {
      let l = logNorm;
      for (let j = 0; j < d; j++) l -= x[o + j] / s;
      return l;
    }),
    trueLogZ: -2.061153624562735e-8,
    logZMethod: 'analytic: d ln(1 - e^(-1/s)); verify-logz: Gauss-Legendre of one factor over [0, 1]; scipy: scipy.stats.expon CDF',
    source: 'a mode on the prior\'s bound with a kink there: an exponential (waiting-time or decay-rate) likelihood',
  };
}

/**
 * `plateau-3`: L = max(N(x; 0, I), c), c = N's value at radius 2, under U(-5, 5)^3: a Gaussian
 * standing on a flat plateau. Inside the ball of radius 2 the Gaussian is above c, outside it L is
 * c everywhere, so 1000 Z = P(chi^2_3 < 4) + c (1000 - 32 pi / 3): the ball holds 8.2% of the
 * posterior and the plateau 91.8%, spread over 97% of the prior at one likelihood value.
 */
export function gaussianOnPlateau(): AccuracyProblem {
  const d = 3;
  const r = 2;
  const logc = -1.5 * LOG_2PI - 0.5 * r * r;
  const inBall = lowerGammaP(1.5, (r * r) / 2);
  const flat = Math.exp(logc) * (1000 - (4 / 3) * Math.PI * r ** 3);
  const total = inBall + flat;
  return {
    name: 'plateau-3',
    title: '3-D unit Gaussian on a plateau at its value at radius 2, in U(-5, 5)',
    nDim: d,
    priorTransform: boxPrior(-5, 5),
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < d; j++) q += x[o + j] ** 2;
      return Math.max(-1.5 * LOG_2PI - 0.5 * q, logc);
    }),
    trueLogZ: -4.7057075460578766,
    logZMethod: 'analytic: the chi-square CDF for the ball plus the plateau\'s constant times the rest of the box; verify-logz: radial Gauss-Legendre of max(N, c) over the ball; scipy: scipy.stats.chi2 and quad',
    source: 'a likelihood plateau (many points of one likelihood value), the case Fowlie, Handley & Su 2021 (MNRAS 503, 1199, "Nested sampling with plateaus") show biases nested sampling',
    modes: {
      labels: ['ball', 'plateau'],
      weights: [inBall / total, flat / total],
      assign: (x) => (x[0] ** 2 + x[1] ** 2 + x[2] ** 2 < r * r ? 0 : 1),
    },
  };
}

/**
 * `twin-spikes-1`: 0.3 N(-0.5, s^2) + 0.7 N(0.6, s^2) under U(-1, 1), s = 0.002: one dimension,
 * two spikes each 1000 times narrower than the prior. The density is normalised and the nearer
 * bound is 200 widths from a spike, so Z = 1/2.
 */
export function twinSpikes(): AccuracyProblem {
  const s = 0.002;
  const logA = Math.log(0.3);
  const logB = Math.log(0.7);
  return {
    name: 'twin-spikes-1',
    title: `1-D, two spikes of width ${s} with weights 0.3 / 0.7 in U(-1, 1)`,
    nDim: 1,
    priorTransform: boxPrior(-1, 1),
    logLikelihood: rowwise((x, o) => {
      const v = x[o];
      const a = logA - 0.5 * ((v + 0.5) / s) ** 2;
      const b = logB - 0.5 * ((v - 0.6) / s) ** 2;
      const m = Math.max(a, b);
      return m + Math.log(Math.exp(a - m) + Math.exp(b - m)) - Math.log(s) - 0.5 * LOG_2PI;
    }),
    trueLogZ: -0.6931471805599453,
    logZMethod: 'analytic: a normalised density whose mass outside the prior is below 1e-8000; verify-logz: Gauss-Legendre; scipy: normal masses',
    source: 'separated narrow modes of unequal weight (the Gaussian-mixture tests of the nested-sampling literature), in one dimension',
    modes: { labels: ['left', 'right'], weights: [0.3, 0.7], assign: (x) => (x[0] < 0 ? 0 : 1) },
  };
}

/**
 * `x-cross-2`: 0.5 N(0, C+) + 0.5 N(0, C-), C+- unit variances with correlation +-0.99, under
 * U(-10, 10)^2: two ridges of width 0.1 crossing at the centre, an X. Each component's marginals
 * are unit normals, so the mass outside the box is below 4 Phi(-10) = 3e-23 and
 * ln Z = -ln 400. The modes are the same-sign and opposite-sign quadrants, 0.5 / 0.5 by the
 * reflection y -> -y, which swaps the components (each puts acos(0.99) / pi = 4.5% in the other's).
 */
export function crossingRidges(): AccuracyProblem {
  const rho = 0.99;
  const det = 1 - rho * rho;
  const lg = (x: number, y: number, r: number) => -LOG_2PI - 0.5 * Math.log(det) - (x * x - 2 * r * x * y + y * y) / (2 * det);
  return {
    name: 'x-cross-2',
    title: `two 2-D Gaussians with correlations +${rho} and -${rho} crossing at the centre, in U(-10, 10)`,
    nDim: 2,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      const a = lg(x[o], x[o + 1], rho);
      const b = lg(x[o], x[o + 1], -rho);
      const m = Math.max(a, b);
      return m + Math.log(0.5 * Math.exp(a - m) + 0.5 * Math.exp(b - m));
    }),
    trueLogZ: -5.991464547107982,
    logZMethod: 'analytic: a normalised mixture, mass outside the box below 3e-23; verify-logz: 2-D Gauss-Legendre through the likelihood; scipy: quad with the conditional normal in closed form',
    source: 'a Gaussian mixture whose components overlap and cross (an X), the crossing-ridge degeneracy of two alternative linear constraints',
    modes: { labels: ['same sign', 'opposite'], weights: [0.5, 0.5], assign: (x) => (x[0] * x[1] > 0 ? 0 : 1) },
  };
}

/**
 * `pancake-d`: N(0, I - (1 - t^2) u u^T), u = (1, ..., 1) / sqrt(d), t = 1e-3, under U(-10, 10)^d:
 * unit width across the diagonal and 1e-3 along it, a pancake whose thin direction no coordinate
 * axis follows (a near-exact constraint on the parameters' sum). The covariance's determinant is
 * t^2 and every marginal variance is below 1, so the mass outside the box is below
 * 2 d Phi(-10) = 2e-22 and ln Z = -d ln 20.
 */
export function thinDiagonalGaussian(d = 10, thin = 1e-3): AccuracyProblem {
  const inv = 1 / (thin * thin);
  const logNorm = -0.5 * d * LOG_2PI - Math.log(thin);
  return {
    name: `pancake-${d}`,
    title: `${d}-D unit Gaussian ${1 / thin} times thinner along the diagonal, in U(-10, 10)`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      let s = 0;
      for (let j = 0; j < d; j++) {
        q += x[o + j] ** 2;
        s += x[o + j];
      }
      const t = s / Math.sqrt(d);
      return logNorm - 0.5 * (q - t * t) - 0.5 * t * t * inv;
    }),
    trueLogZ: -29.957322735539908,
    logZMethod: 'analytic: a normalised density inside the box (mass outside below 2e-22); normalisation cross-checked by a dense Cholesky and scipy',
    source: 'an ill-conditioned Gaussian with an oblique thin direction (condition number 1e6), as a tight constraint on a sum of parameters gives',
  };
}

/**
 * `bimodal-product-d`: each coordinate 0.3 N(-2, s^2) + 0.7 N(2, s^2), s = 0.3, under
 * U(-10, 10)^d: 2^d modes (256 at d = 8) of weights 0.3^k 0.7^(d-k), from 5.8% down to 7e-5.
 * Each factor is normalised and the bounds are 27 widths away, so ln Z = -d ln 20. The mode split
 * is on the first coordinate's sign, 0.3 / 0.7 (misassignment 1e-11).
 */
export function bimodalProduct(d = 8): AccuracyProblem {
  const s = 0.3;
  const logA = Math.log(0.3);
  const logB = Math.log(0.7);
  return {
    name: `bimodal-product-${d}`,
    title: `${d}-D product of bimodal factors 0.3 N(-2, ${s}^2) + 0.7 N(2, ${s}^2), ${2 ** d} modes, in U(-10, 10)`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let l = 0;
      for (let j = 0; j < d; j++) {
        const v = x[o + j];
        const a = logA - 0.5 * ((v + 2) / s) ** 2;
        const b = logB - 0.5 * ((v - 2) / s) ** 2;
        const m = Math.max(a, b);
        l += m + Math.log(Math.exp(a - m) + Math.exp(b - m)) - Math.log(s) - 0.5 * LOG_2PI;
      }
      return l;
    }),
    trueLogZ: -23.965858188431927,
    logZMethod: 'analytic: a product of normalised mixtures (mass outside the box below 1e-150); verify-logz: Gauss-Legendre of one factor; scipy: normal masses',
    source: 'a product of 1-D mixtures, as the LogGamma problem\'s bimodal factors (Beaujean & Caldwell 2013) but in every coordinate: exponentially many modes of unequal weight',
    modes: { labels: ['x0<0', 'x0>0'], weights: [0.3, 0.7], assign: (x) => (x[0] < 0 ? 0 : 1) },
  };
}
