// Problems added in session 22 as a third probe of shapes the sampler had never been run on, and the
// first whose priors are not uniform: the priors are built with @tempest/core's own `priors` helpers
// (normal, log-uniform), as a user writes them. Each has log Z in closed form or by a 1-D quadrature
// (checked a second way in verify-logz.ts): a Bayesian linear regression with Gaussian priors, data
// in tension with a Gaussian prior (the posterior in the prior's far tail, piled against the unit
// cube's bound), a likelihood of nested plateaus (a wedding cake), a 30-D multivariate Student-t,
// three unequal correlated Gaussians in 15-D, and a mean and a log-uniform scale from eight points.
import { priors } from '@tempest/core';
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI, logGamma } from '../numerics.js';
import { mulberry32 } from './period-search.js';
import { EIGHT_SCHOOLS } from './hierarchical.js';

const { normal, logUniform } = priors;

/** `priors.independentPrior`, whose rows are `Float64Array`s, typed as the suite's problems take it. */
const independentPrior = (...t: Parameters<typeof priors.independentPrior>) => priors.independentPrior(...t) as (u: Float64Array) => Float64Array;

/** One standard normal from two uniforms of `rng`, as the period search's data (Box–Muller on 1 - u1, the cosine branch). */
export function boxMuller(rng: () => number): number {
  const u1 = rng();
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/** The regression's sizes and constants. */
export const LINEAR_REGRESSION = { n: 30, p: 12, noise: 0.3, priorSd: 2, seed: 2024 } as const;

/**
 * The regression's data: `rng = mulberry32(2024)`; the design X (n x p, row-major) drawn first,
 * X_ij = 2 rng() - 1 row by row; then y_i = x_i . beta* + 0.3 z_i for i in turn, z_i by Box–Muller
 * (two draws each), with beta*_j = [-1, 0.5, 2][j mod 3].
 */
export function linearRegressionData(): { X: Float64Array; y: Float64Array; beta: Float64Array } {
  const { n, p, noise, seed } = LINEAR_REGRESSION;
  const rng = mulberry32(seed);
  const X = Float64Array.from({ length: n * p }, () => 2 * rng() - 1);
  const beta = Float64Array.from({ length: p }, (_, j) => [-1, 0.5, 2][j % 3]);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < p; j++) m += X[i * p + j] * beta[j];
    y[i] = m + noise * boxMuller(rng);
  }
  return { X, y, beta };
}

/**
 * `linreg-12`: Bayesian linear regression, 12 coefficients with N(0, 2^2) priors (the prior
 * transform `independentPrior(normal(0, 2), ...)`), 30 points with known noise 0.3. The posterior
 * is a correlated Gaussian about 20 times narrower than the prior in each coefficient. Z is the
 * marginal density of y, N(y; 0, 0.09 I + 4 X X^T).
 */
export function linearRegression(): AccuracyProblem {
  const { n, p, noise } = LINEAR_REGRESSION;
  const { X, y } = linearRegressionData();
  const logNorm = -n * (0.5 * LOG_2PI + Math.log(noise));
  return {
    name: `linreg-${p}`,
    title: `Bayesian linear regression: ${p} coefficients with N(0, 2^2) priors, ${n} points, known noise`,
    nDim: p,
    priorTransform: independentPrior(...Array.from({ length: p }, () => normal(0, LINEAR_REGRESSION.priorSd))),
    logLikelihood: rowwise((b, o) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        let m = 0;
        for (let j = 0; j < p; j++) m += X[i * p + j] * b[o + j];
        s += ((y[i] - m) / noise) ** 2;
      }
      return logNorm - 0.5 * s;
    }),
    trueLogZ: -35.35651231959049,
    logZMethod: 'analytic: ln N(y; 0, sigma^2 I + tau^2 X X^T) by an n x n Cholesky; verify-logz: the p x p posterior-precision form; scipy: multivariate_normal.logpdf',
    source: 'Bayesian linear regression with a conjugate Gaussian prior (Bishop, Pattern Recognition and Machine Learning, section 3.5): the textbook model whose evidence is known, here with the Gaussian priors scientists use through a quantile transform',
  };
}

/** The measured values of the prior-conflict problem: parameter j was measured at 2 + 0.5 j (prior N(0, 1), error 0.1). */
export const PRIOR_TAIL = { measured: [2, 2.5, 3, 3.5, 4, 4.5], error: 0.1 } as const;

/**
 * `prior-tail-6`: six parameters with N(0, 1) priors, each measured once with error 0.1 at 2, 2.5,
 * ..., 4.5 prior standard deviations: data in tension with the prior. The posteriors sit in the
 * prior's far tail, at u = Phi(4.46) = 1 - 4e-6 for the last: piled against the unit cube's bound
 * and skewed there. Z = prod_j N(m_j; 0, 1 + 0.1^2).
 */
export function priorTail(): AccuracyProblem {
  const { measured, error } = PRIOR_TAIL;
  const d = measured.length;
  const logNorm = -d * (0.5 * LOG_2PI + Math.log(error));
  return {
    name: `prior-tail-${d}`,
    title: `${d}-D: N(0, 1) priors, each parameter measured (error 0.1) at 2 to 4.5 prior sd`,
    nDim: d,
    priorTransform: independentPrior(...measured.map(() => normal(0, 1))),
    logLikelihood: rowwise((x, o) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((x[o + j] - measured[j]) / error) ** 2;
      return logNorm - 0.5 * s;
    }),
    trueLogZ: -39.08308615218358,
    logZMethod: 'analytic: sum_j ln N(m_j; 0, 1 + s^2); verify-logz: Gauss-Legendre of each factor over the clipped prior\'s range in u',
    source: 'prior-data conflict (Evans & Moshonov 2006, Bayesian Analysis 1, 893): a Gaussian prior and a measurement several prior standard deviations away, the posterior in the prior\'s tail',
  };
}

/** The wedding cake's constants: levels on n nested cubes, log L = -i^2 / (2 w^2) on level i. */
export const WEDDING_CAKE = { levels: 20, width: 3 } as const;

/** The level of a point of the unit cube: floor(n r) for r = 2 max_j |u_j - 1/2|, at most n - 1. */
export function weddingCakeLevel(x: Float64Array, o: number, d: number): number {
  let r = 0;
  for (let j = 0; j < d; j++) r = Math.max(r, Math.abs(x[o + j] - 0.5));
  return Math.min(Math.floor(2 * r * WEDDING_CAKE.levels), WEDDING_CAKE.levels - 1);
}

/**
 * `wedding-cake-d`: a likelihood constant on the shells between nested cubes about the unit cube's
 * centre (20 levels), log L = -i^2 / 18 on level i: plateaus everywhere, no gradient to follow,
 * most of the posterior on levels 4 to 9. Z = sum_i ((i + 1)^d - i^d) / 20^d e^(-i^2/18).
 */
export function weddingCake(d = 5): AccuracyProblem {
  const w2 = 2 * WEDDING_CAKE.width ** 2;
  return {
    name: `wedding-cake-${d}`,
    title: `${d}-D wedding cake: log L constant on 20 nested cube shells, -i^2/18 on shell i`,
    nDim: d,
    priorTransform: (u) => Float64Array.from(u),
    logLikelihood: rowwise((x, o) => -(weddingCakeLevel(x, o, d) ** 2) / w2),
    trueLogZ: -6.187532480370579,
    logZMethod: 'analytic: the shells\' volumes ((i + 1)^d - i^d) / n^d times their likelihoods; verify-logz: by parts, sum over the nested cubes\' volumes of the likelihood\'s drops',
    source: 'a likelihood of nested plateaus, after the wedding cake of Fowlie, Handley & Su (2021, MNRAS 503, 1199), which tests how a sampler treats ties in the likelihood',
  };
}

/** The multivariate Student-t's constants: degrees of freedom, box half-width, scales from 0.5 to 2. */
export const MULTI_STUDENT = { dof: 3, half: 20 } as const;

/** The scale of coordinate j of `mvt3-d`: 0.5 * 4^(j / (d - 1)). */
export const multiStudentScale = (j: number, d: number): number => 0.5 * 4 ** (j / (d - 1));

/**
 * `mvt3-d`: a d-dimensional multivariate Student-t with 3 degrees of freedom and diagonal scales
 * from 0.5 to 2, under U(-20, 20)^d: radially heavy-tailed (one shared scale variable, so not a
 * product of 1-D factors), the normalised density, so Z is its mass inside the box over 40^d,
 * a 1-D integral over the scale variable.
 */
export function multivariateStudent(d = 30): AccuracyProblem {
  const { dof, half } = MULTI_STUDENT;
  const scales = Float64Array.from({ length: d }, (_, j) => multiStudentScale(j, d));
  const logNorm = logGamma((dof + d) / 2) - logGamma(dof / 2) - (d / 2) * Math.log(dof * Math.PI) - scales.reduce((s, v) => s + Math.log(v), 0);
  return {
    name: `mvt3-${d}`,
    title: `${d}-D multivariate Student-t (3 dof, scales 0.5 to 2) in U(-20, 20)`,
    nDim: d,
    priorTransform: boxPrior(-half, half),
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < d; j++) q += (x[o + j] / scales[j]) ** 2;
      return logNorm - ((dof + d) / 2) * Math.log1p(q / dof);
    }),
    trueLogZ: -110.6731291267419,
    logZMethod: 'the box mass as a 1-D integral over g = chi2_3 / 3 of prod_j erf(20 sqrt(g) / (s_j sqrt 2)), Gauss-Legendre in ln g; verify-logz: the same integral in the variable 1 / sqrt(g); scipy: quad',
    source: 'the multivariate Student-t (Kotz & Nadarajah 2004), the heavy-tailed radial target of robust regression and of UltraNest\'s and nautilus\'s heavy-tail tests, here in 30-D',
  };
}

/** The three components of `gauss-mix-15`: weight, centre pattern, scale, AR(1) correlation. */
export const GAUSS_MIX = [
  { weight: 0.2, centre: (_j: number) => -3, scale: 0.5, rho: 0.9 },
  { weight: 0.3, centre: (_j: number) => 3, scale: 0.8, rho: -0.5 },
  { weight: 0.5, centre: (j: number) => (j % 2 ? -3 : 3), scale: 1, rho: 0 },
] as const;

/**
 * `gauss-mix-d`: three Gaussians of weights 0.2, 0.3, 0.5 in U(-10, 10)^d, at (-3, ..., -3),
 * (3, ..., 3) and (3, -3, 3, ...), each of its own shape: AR(1) correlations 0.9, -0.5 and 0 with
 * scales 0.5, 0.8 and 1. Each lies 7 of its scales or more inside the box, so Z = 20^-d to within
 * 1e-10, and the mode weights are the components' weights.
 */
export function threeShapedGaussians(d = 15): AccuracyProblem {
  const parts = GAUSS_MIX.map(({ weight, centre, scale, rho }) => ({
    centre: Float64Array.from({ length: d }, (_, j) => centre(j)),
    scale,
    rho,
    // ln w - d/2 ln 2 pi - ln det: the AR(1) covariance scale^2 C has ln det 2 d ln s + (d - 1) ln(1 - rho^2).
    logConst: Math.log(weight) - 0.5 * d * LOG_2PI - d * Math.log(scale) - 0.5 * (d - 1) * Math.log1p(-rho * rho),
  }));
  const nearest = (x: Float64Array, o: number): number => {
    let best = 0;
    let bestDist = Infinity;
    parts.forEach((c, k) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[o + j] - c.centre[j]) ** 2;
      if (s < bestDist) [best, bestDist] = [k, s];
    });
    return best;
  };
  return {
    name: `gauss-mix-${d}`,
    title: `${d}-D: three Gaussians of weights 0.2/0.3/0.5, each correlated differently, in U(-10, 10)`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      const terms = parts.map((c) => {
        // The AR(1) quadratic form of (x - mu) / s: tridiagonal inverse, O(d).
        const a = 1 - c.rho * c.rho;
        let q = 0;
        for (let j = 0; j < d; j++) {
          const v = (x[o + j] - c.centre[j]) / c.scale;
          q += ((j === 0 || j === d - 1 ? 1 : 1 + c.rho * c.rho) / a) * v * v;
          if (j + 1 < d) q += (2 * -c.rho / a) * v * ((x[o + j + 1] - c.centre[j + 1]) / c.scale);
        }
        return c.logConst - 0.5 * q;
      });
      const m = Math.max(...terms);
      return m + Math.log(terms.reduce((s, t) => s + Math.exp(t - m), 0));
    }),
    trueLogZ: -44.93598410331946,
    logZMethod: 'analytic: -d ln 20 (every component 7 scales or more inside the box; the union bound on the loss is below 1e-10); verify-logz: dense Cholesky of each covariance against the likelihood',
    modes: {
      labels: ['w0.2 rho0.9', 'w0.3 rho-0.5', 'w0.5 rho0'],
      weights: GAUSS_MIX.map((c) => c.weight),
      assign: (x) => nearest(x, 0),
    },
    source: 'separated modes of unequal weight and shape in many dimensions (the nautilus and dynesty Gaussian-mixture tests, in 15-D and with three correlation structures)',
  };
}

/** The mean-and-scale problem's constants. */
export const MEAN_SCALE = { n: 8, seed: 99, mean: 3, sd: 1.5, priorSd: 10, scaleLow: 0.01, scaleHigh: 100 } as const;

/** Its data: y_i = 3 + 1.5 z_i for i in turn, z_i by Box–Muller from mulberry32(99). */
export function meanScaleData(): Float64Array {
  const rng = mulberry32(MEAN_SCALE.seed);
  return Float64Array.from({ length: MEAN_SCALE.n }, () => MEAN_SCALE.mean + MEAN_SCALE.sd * boxMuller(rng));
}

/**
 * `mean-scale-2`: the mean and standard deviation of eight normal points, mu ~ N(0, 10^2) and
 * sigma ~ LogUniform(0.01, 100) (`independentPrior(normal(0, 10), logUniform(0.01, 100))`): a
 * scale over four decades and a posterior skewed in it. Z integrates mu in closed form and sigma
 * by quadrature in ln sigma.
 */
export function meanAndScale(): AccuracyProblem {
  const y = meanScaleData();
  const n = y.length;
  return {
    name: 'mean-scale-2',
    title: 'mean (N(0, 10^2) prior) and log-uniform scale (0.01 to 100) of 8 normal points',
    nDim: 2,
    priorTransform: independentPrior(normal(0, MEAN_SCALE.priorSd), logUniform(MEAN_SCALE.scaleLow, MEAN_SCALE.scaleHigh)),
    logLikelihood: rowwise((x, o) => {
      const mu = x[o];
      const sigma = x[o + 1];
      let s = 0;
      for (let i = 0; i < n; i++) s += ((y[i] - mu) / sigma) ** 2;
      return -n * (0.5 * LOG_2PI + Math.log(sigma)) - 0.5 * s;
    }),
    trueLogZ: -13.95585872824174,
    logZMethod: 'mu integrated in closed form (a normal marginal with covariance sigma^2 I + 100 J), ln sigma by Gauss-Legendre; verify-logz: 2-D Gauss-Legendre over (mu, ln sigma); scipy: dblquad',
    source: 'the first example of every Bayesian text (the mean and scale of normal data; Gelman et al., Bayesian Data Analysis, section 3.2), with the Jeffreys prior on the scale truncated to four decades',
  };
}

/** The priors of `eight-schools-nc`: mu ~ N(0, 5^2), tau ~ HalfCauchy(0, 5), theta_j ~ N(mu, tau^2). */
export const EIGHT_SCHOOLS_NC_PRIOR = { muSd: 5, tauScale: 5 } as const;

/**
 * `eight-schools-nc`: Rubin's eight schools with the priors of the Stan and PyMC case studies,
 * mu ~ N(0, 5^2), tau ~ HalfCauchy(0, 5) and theta_j ~ N(mu, tau^2), written as a user writes the
 * hierarchy in a prior transform: theta_j = mu + tau Phi^-1(u_j), the non-centred form. The
 * transform mixes coordinates (theta_j moves with u_mu and u_tau), the half-Cauchy is unbounded
 * and heavy-tailed, and the posterior of every u_j is nearly its prior when tau is small. Z
 * integrates the thetas and mu in closed form and tau by quadrature.
 */
export function eightSchoolsStandardPriors(): AccuracyProblem {
  const { y, sigma } = EIGHT_SCHOOLS;
  const { muSd, tauScale } = EIGHT_SCHOOLS_NC_PRIOR;
  const J = y.length;
  const toMu = normal(0, muSd);
  const toZ = normal(0, 1);
  const logNorm = sigma.reduce((s, sj) => s - 0.5 * LOG_2PI - Math.log(sj), 0);
  return {
    name: 'eight-schools-nc',
    title: "Rubin's eight schools with N(0, 5^2), HalfCauchy(5) and N(mu, tau^2) priors, non-centred in the transform",
    nDim: J + 2,
    priorTransform: (u) => {
      const x = new Float64Array(J + 2);
      x[0] = toMu(u[0]);
      // The half-Cauchy's quantile function; u = 1 gives tan(pi/2) = 1.6e16 in doubles, finite.
      x[1] = tauScale * Math.tan((Math.PI / 2) * u[1]);
      for (let j = 0; j < J; j++) x[2 + j] = x[0] + x[1] * toZ(u[2 + j]);
      return x;
    },
    logLikelihood: rowwise((x, o) => {
      let s = logNorm;
      for (let j = 0; j < J; j++) s -= 0.5 * ((y[j] - x[o + 2 + j]) / sigma[j]) ** 2;
      return s;
    }),
    trueLogZ: -31.31134735229278,
    logZMethod: 'the thetas and mu integrated in closed form (y ~ N(0, diag(sigma^2 + tau^2) + 25 J)), tau by Gauss-Legendre in the half-Cauchy\'s own quantile u; verify-logz: the same in ln tau; scipy: quad',
    source: 'Rubin (1981); the priors of the Stan case study (Betancourt, "Diagnosing biased inference with divergences") and of PyMC\'s example, in the non-centred form (Papaspiliopoulos, Roberts & Skold 2007)',
  };
}
