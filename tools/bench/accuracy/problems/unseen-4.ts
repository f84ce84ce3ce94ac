// Problems added in session 29 as a fifth probe, of model classes the suite had not held: angles on
// a torus (a bimodal bivariate von Mises whose modes wrap around 2 pi, beside a sharp and a nearly
// flat von Mises), the label switching of a mixture model's means (six modes that are copies of
// one another), ordered parameters (a hard constraint that keeps 1/120 of the prior, with the peak
// on its edge), and a logistic regression (a generalised linear model with Gaussian priors). Each
// log Z is in closed form or by quadrature, checked a second way in verify-logz.ts and again in
// peers/verify_logz.py.
import { priors } from '@tempest/core';
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI } from '../numerics.js';
import { mulberry32 } from './period-search.js';
import { boxMuller } from './unseen-3.js';

const TWO_PI = 2 * Math.PI;

/**
 * The torus problem's constants: the bivariate sine model (Singh, Hnizdo & Demchuk 2002) on the
 * first two angles, exp(k1 cos u + k2 cos v + lambda sin u sin v) with u = x0 - mu0, v = x1 - mu1,
 * bimodal because lambda^2 > k1 k2; then a von Mises of concentration 20 and one of 0.5.
 * `logNorm` is ln(2 pi I0(k) e^-k) of each von Mises (scipy.special.i0e), checked by quadrature
 * in verify-logz.ts.
 */
export const TORUS = {
  k1: 2,
  k2: 2,
  lambda: 8,
  mu: [0.3, 6.0],
  vonMises: [
    { kappa: 20, mu: 6.2, logNorm: -0.57251250534638043 },
    { kappa: 0.5, mu: 1.0, logNorm: 1.3994267855948268 },
  ],
} as const;

/**
 * `torus-4`: four angles in [0, 2 pi), all periodic. The first two follow the bivariate sine
 * model with k1 = k2 = 2 and lambda = 8, centred at (0.3, 6.0): two modes of equal weight at
 * u = v = +-1.318 (cos u = k / lambda), 4.5 nats above the saddle between them, the one at
 * (0.3 - 1.318, 6.0 - 1.318) wrapping around 0 in the first angle. The third is a von Mises of
 * concentration 20 at 6.2 (its mass straddles 0 = 2 pi), the fourth one of concentration 0.5 (nearly
 * flat: the posterior fills the circle). Z = C e^(-k1 - k2) / (2 pi)^4 with
 * C = 4 pi^2 sum_m binom(2m, m) (lambda^2 / (4 k1 k2))^m I_m(k1) I_m(k2).
 */
export function torus(): AccuracyProblem {
  const { k1, k2, lambda, mu, vonMises } = TORUS;
  return {
    name: 'torus-4',
    title: '4 angles: a bimodal bivariate von Mises (sine model) wrapping around 0, a sharp and a nearly flat von Mises',
    nDim: 4,
    priorTransform: boxPrior(0, TWO_PI),
    periodic: [0, 1, 2, 3],
    logLikelihood: rowwise((x, o) => {
      const u = x[o] - mu[0];
      const v = x[o + 1] - mu[1];
      let l = k1 * (Math.cos(u) - 1) + k2 * (Math.cos(v) - 1) + lambda * Math.sin(u) * Math.sin(v);
      vonMises.forEach((c, j) => {
        l += c.kappa * (Math.cos(x[o + 2 + j] - c.mu) - 1) - c.logNorm;
      });
      return l;
    }),
    trueLogZ: -2.313165158378,
    logZMethod: 'series for the sine model\'s normaliser (Singh et al. 2002) and the von Mises normalisers; verify-logz: periodic trapezoid rules (spectrally accurate) of the 2-D factor and of each von Mises; scipy: the same series with scipy.special.iv and a 2000^2 trapezoid',
    modes: {
      labels: ['u = v = +1.32', 'u = v = -1.32'],
      weights: [0.5, 0.5],
      // The model is symmetric under (u, v) -> (-u, -v), which swaps the modes.
      assign: (x) => (Math.sin(x[0] - mu[0]) + Math.sin(x[1] - mu[1]) > 0 ? 0 : 1),
    },
    source: 'angles on a torus, as protein dihedral angles: the bivariate von Mises sine model (Singh, Hnizdo & Demchuk 2002, Biometrika 89, 719; Mardia et al. 2007)',
  };
}

/** The label-switching problem's constants. */
export const LABEL_SWITCH = { n: 30, seed: 31, means: [-2.5, 0, 2.5], half: 10 } as const;

/** Its data: y_i = means[i mod 3] + z_i for i in turn, z_i by Box–Muller from mulberry32(31). */
export function labelSwitchData(): Float64Array {
  const { n, seed, means } = LABEL_SWITCH;
  const rng = mulberry32(seed);
  return Float64Array.from({ length: n }, (_, i) => means[i % 3] + boxMuller(rng));
}

/** The six orderings of three means, as the permutations a mode sorts them by. */
const ORDERINGS = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] as const;

/**
 * `label-switch-3`: the means of a three-component Gaussian mixture (equal weights, unit widths
 * known) from 30 points drawn at -2.5, 0 and 2.5, each mean under U(-10, 10). The likelihood is
 * the same under any relabelling of the components, so the posterior has 3! = 6 copies of one
 * mode, each with exactly 1/6 of the mass (Stephens 2000; Jasra, Holmes & Stephens 2005). A sampler
 * that finds one copy and not the others is right about the posterior up to relabelling and wrong
 * about Z (ln 6 low if it finds one). Z by a 3-D tensor Gauss–Legendre rule.
 */
export function labelSwitching(): AccuracyProblem {
  const y = labelSwitchData();
  const logNorm = -0.5 * LOG_2PI - Math.log(3);
  return {
    name: 'label-switch-3',
    title: 'means of a 3-component Gaussian mixture from 30 points: 6 label-switched copies of one mode',
    nDim: 3,
    priorTransform: boxPrior(-LABEL_SWITCH.half, LABEL_SWITCH.half),
    logLikelihood: rowwise((x, o) => {
      let l = 0;
      for (let i = 0; i < y.length; i++) {
        const a = -0.5 * (y[i] - x[o]) ** 2;
        const b = -0.5 * (y[i] - x[o + 1]) ** 2;
        const c = -0.5 * (y[i] - x[o + 2]) ** 2;
        const m = Math.max(a, b, c);
        l += logNorm + m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m));
      }
      return l;
    }),
    trueLogZ: -68.802035989888,
    logZMethod: '3-D tensor Gauss-Legendre over the prior box (80 panels of 6 nodes and 60 of 8 per axis agree to 1e-12; scipy/numpy); verify-logz: the same rule written again, 60 panels of 6 nodes',
    modes: {
      labels: ORDERINGS.map((p) => `mu${p[0] + 1} < mu${p[1] + 1} < mu${p[2] + 1}`),
      weights: ORDERINGS.map(() => 1 / 6),
      assign: (x) => ORDERINGS.findIndex((p) => x[p[0]] <= x[p[1]] && x[p[1]] <= x[p[2]]),
    },
    source: 'label switching in mixture models (Stephens 2000, J. R. Statist. Soc. B 62, 795; Jasra, Holmes & Stephens 2005, Statist. Sci. 20, 50)',
  };
}

/**
 * `ordered-d`: d parameters in the unit cube that must be in increasing order (log L = -Infinity
 * otherwise), each with a N(0.5, 0.1^2) likelihood factor: the order statistics of d normal
 * draws. The allowed region is 1/d! of the prior (1/120 in 5-D) and the likelihood's peak lies on
 * its edge, where all parameters are equal. By symmetry Z = (Phi(5) - Phi(-5))^d / d!.
 */
export function orderedParameters(d = 5, s = 0.1): AccuracyProblem {
  const logNorm = -d * (0.5 * LOG_2PI + Math.log(s));
  return {
    name: `ordered-${d}`,
    title: `${d} ordered parameters (x1 < ... < x${d}, 1/${d}! of the prior), each measured as 0.5 with error ${s}`,
    nDim: d,
    priorTransform: boxPrior(0, 1),
    logLikelihood: rowwise((x, o) => {
      let l = logNorm;
      for (let j = 0; j < d; j++) {
        if (j > 0 && !(x[o + j] > x[o + j - 1])) return -Infinity;
        l -= 0.5 * ((x[o + j] - 0.5) / s) ** 2;
      }
      return l;
    }),
    trueLogZ: -4.787494609299,
    logZMethod: 'closed form by symmetry: d ln(Phi(5) - Phi(-5)) - ln d!; verify-logz: the nested integral G_k(t) = int_0^t f G_(k-1), by cumulative Gauss-Legendre',
    source: 'ordered parameters, as for change points, ordered mixture locations or order statistics, written as a hard constraint in the likelihood',
  };
}

/** The logistic regression's constants. */
export const LOGISTIC = { n: 40, seed: 77, beta: [0.5, 4, -3], priorSd: 5 } as const;

/**
 * Its data: `rng = mulberry32(77)`; the features (n x 2, row-major) drawn first, 2 rng() - 1;
 * then y_i = 1 when rng() < sigmoid(beta0 + beta1 x_i1 + beta2 x_i2), else 0, for i in turn.
 */
export function logisticData(): { X: Float64Array; y: Float64Array } {
  const { n, seed, beta } = LOGISTIC;
  const rng = mulberry32(seed);
  const X = Float64Array.from({ length: 2 * n }, () => 2 * rng() - 1);
  const y = Float64Array.from({ length: n }, (_, i) => (rng() < 1 / (1 + Math.exp(-(beta[0] + beta[1] * X[2 * i] + beta[2] * X[2 * i + 1])))) ? 1 : 0);
  return { X, y };
}

/** ln(1 + e^t) without overflow. */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/**
 * `logistic-3`: a logistic regression with an intercept and two slopes, each under N(0, 5^2)
 * (`priors.normal`, as a user writes it), from 40 points: a skewed posterior (slopes 3.5 ± 1.2 and
 * -1.8 ± 1.0) with no closed form. Z by a 3-D tensor Gauss–Legendre rule around the posterior mode.
 */
export function logisticRegression(): AccuracyProblem {
  const { X, y } = logisticData();
  const prior = priors.independentPrior(priors.normal(0, LOGISTIC.priorSd), priors.normal(0, LOGISTIC.priorSd), priors.normal(0, LOGISTIC.priorSd)) as (u: Float64Array) => Float64Array;
  return {
    name: 'logistic-3',
    title: 'logistic regression: intercept and two slopes under N(0, 5^2) priors, 40 binary points',
    nDim: 3,
    priorTransform: prior,
    logLikelihood: rowwise((b, o) => {
      let l = 0;
      for (let i = 0; i < y.length; i++) {
        const eta = b[o] + b[o + 1] * X[2 * i] + b[o + 2] * X[2 * i + 1];
        l += y[i] * eta - softplus(eta);
      }
      return l;
    }),
    trueLogZ: -24.394713431507,
    logZMethod: '3-D tensor Gauss-Legendre over the mode +- 12 and +- 16 posterior sd per axis (60 panels of 8, 100 of 6; agree to 1e-11; numpy); verify-logz: the same rule written again, +- 12 sd, 40 panels of 6',
    source: 'Bayesian logistic regression, the generalised linear model of applied work (Gelman et al., Bayesian Data Analysis, ch. 16), with normal priors',
  };
}
