// Problems added in session 20 as a probe of shapes the sampler had never been run on, each with
// log Z in closed form (checked by quadrature in verify-logz.ts): a narrow Gaussian inside a wide
// one at the same centre (the phase change that defeats tempering), a max-norm pyramid and a
// Laplace product (peaks with a kink), a Cauchy product (tails heavier than any in the suite), a
// Gaussian 10,000 times narrower than its prior, twelve Gaussians of unequal width in a square,
// Himmelblau's four unequal minima, and an AR(1) Gaussian with neighbours correlated by 0.99.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { compositeGaussLegendre, LOG_2PI, logGamma, logSumExp, normalInterval } from '../numerics.js';
import { mulberry32 } from './period-search.js';
import { correlatedGaussian } from './gaussians.js';

/** The unit cube as the prior. */
const unitCube = (u: Float64Array): Float64Array => Float64Array.from(u);

/**
 * `concentric-d`: 0.5 N(0, s^2 I) + 0.5 N(0, I) under U(-5, 5)^d, s = 0.1: the spike holds half
 * the posterior in 1e-5 of the slab's volume (d = 5). Tempered, the spike's share is
 * 0.5 s^(d (1 - beta)) / (...), 1% at beta = 0.6 and 10% at 0.8, so an anneal must find a region
 * its particles hardly reach by moving: the phase change Skilling (2006, "Nested sampling for
 * general Bayesian computation", Bayesian Analysis 1(4)) uses to show where thermodynamic
 * integration fails and nested sampling does not.
 * Z = 10^-d (0.5 P_s + 0.5 P_1), P_w the mass of N(0, w^2 I) inside the box.
 */
export function concentricGaussians(d = 5, s = 0.1): AccuracyProblem {
  const logW = Math.log(0.5) - 0.5 * d * LOG_2PI;
  return {
    name: `concentric-${d}`,
    title: `${d}-D narrow Gaussian (width ${s}) inside a unit one, same centre, equal mass`,
    nDim: d,
    priorTransform: boxPrior(-5, 5),
    logLikelihood: rowwise((x, o) => {
      let r2 = 0;
      for (let j = 0; j < d; j++) r2 += x[o + j] * x[o + j];
      const spike = logW - d * Math.log(s) - (0.5 * r2) / (s * s);
      const slab = logW - 0.5 * r2;
      return Math.max(spike, slab) + Math.log1p(Math.exp(-Math.abs(spike - slab)));
    }),
    trueLogZ: -11.512926898227473,
    logZMethod: 'analytic: each component\'s normal mass inside the box; verify-logz: 1-D Gauss-Legendre per coordinate',
    source: 'the phase-change example of Skilling 2006 (a narrow Gaussian inside a wide one), as UltraNest\'s spike and slab but concentric',
    modes: {
      labels: ['spike', 'slab'],
      // A point is the spike's within r^2 < 9 s^2 d; each component's mass there is a chi-square
      // probability (the box's truncation of the slab, 6e-7, is left out).
      weights: [0.5 * (lowerGammaP(d / 2, 4.5 * d) + lowerGammaP(d / 2, 4.5 * s * s * d)), 0.5 * (2 - lowerGammaP(d / 2, 4.5 * d) - lowerGammaP(d / 2, 4.5 * s * s * d))],
      assign: (x) => {
        let r2 = 0;
        for (let j = 0; j < x.length; j++) r2 += x[j] * x[j];
        return r2 < 9 * s * s * x.length ? 0 : 1;
      },
    },
  };
}

/**
 * Regularised lower incomplete gamma P(a, x) by its power series (converges for every x; used
 * here with x < a + 30).
 */
export function lowerGammaP(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 1000 && term > sum * 1e-17; n++) {
    term *= x / (a + n);
    sum += term;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * sum;
}

/**
 * `pyramid-d`: L = exp(-max_j |x_j - 1/2| / s) on the unit cube, s = 0.02: level sets are cubes,
 * the peak a kink, and the posterior a hollow cube (the max-norm is Gamma(d, s), mean 0.2 at
 * d = 10). The cube of half-width r has volume (2r)^d, so
 * Z = int_0^(1/2) d 2^d r^(d-1) e^(-r/s) dr = (2s)^d d! P(d, 1 / (2s)).
 */
export function pyramid(d = 10, s = 0.02): AccuracyProblem {
  return {
    name: `pyramid-${d}`,
    title: `${d}-D max-norm pyramid, scale ${s}`,
    nDim: d,
    priorTransform: unitCube,
    logLikelihood: rowwise((x, o) => {
      let m = 0;
      for (let j = 0; j < d; j++) m = Math.max(m, Math.abs(x[o + j] - 0.5));
      return -m / s;
    }),
    trueLogZ: -17.084567176774314,
    logZMethod: 'analytic: (2s)^d d! P(d, 1/(2s)); verify-logz: Gauss-Legendre over the max-norm',
    source: 'UltraNest\'s pyramid test problem (level sets are cubes), here with an exponential fall-off',
  };
}

/**
 * `cauchy-d`: prod_j Cauchy(x_j; 0, g) under U(-10, 10)^d, g = 0.1: tails heavier than any other
 * problem's (6% of each coordinate's posterior beyond 10 widths). Each factor's box mass is
 * (2 / pi) atan(10 / g).
 */
export function cauchyProduct(d = 5, g = 0.1): AccuracyProblem {
  const logNorm = Math.log(g / Math.PI);
  return {
    name: `cauchy-${d}`,
    title: `${d}-D product of Cauchy densities, width ${g}, in U(-10, 10)`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let l = 0;
      for (let j = 0; j < d; j++) l += logNorm - Math.log(x[o + j] * x[o + j] + g * g);
      return l;
    }),
    trueLogZ: -15.010593041889347,
    logZMethod: 'analytic: ((2/pi) atan(10/g) / 20)^d; verify-logz: Gauss-Legendre',
    source: 'heavy tails as in Jarner & Roberts 2007; a Student-t with one degree of freedom',
  };
}

/**
 * `laplace-d`: prod_j Laplace(x_j; m_j, b) under U(-10, 10)^d, m_j alternating +1 / -1, b = 0.3:
 * a peak with a kink in every coordinate. Each factor's box mass is
 * 1 - e^(-(10 - 1) / b) / 2 - e^(-(10 + 1) / b) / 2.
 */
export function laplaceProduct(d = 10, b = 0.3): AccuracyProblem {
  const m = Array.from({ length: d }, (_, j) => (j % 2 ? -1 : 1));
  return {
    name: `laplace-${d}`,
    title: `${d}-D product of Laplace densities, scale ${b}`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let l = -d * Math.log(2 * b);
      for (let j = 0; j < d; j++) l -= Math.abs(x[o + j] - m[j]) / b;
      return l;
    }),
    trueLogZ: -29.95732273554037,
    logZMethod: 'analytic: each factor\'s mass inside the box; verify-logz: Gauss-Legendre with a panel edge at the kink',
    source: 'a double-exponential (L1) likelihood, as in robust regression',
  };
}

/**
 * `narrow-gauss-d`: N(mu, s^2 I) on the unit cube, s = 1e-4: the posterior is 10^4 times
 * narrower than the prior per coordinate, 31 nats of information at d = 4. log Z = ln P(cube) = 0
 * (the nearest bound is 1700 widths away).
 */
export function narrowGaussian(d = 4, s = 1e-4): AccuracyProblem {
  const mu = [0.31, 0.62, 0.47, 0.83, 0.55, 0.21, 0.74, 0.38].slice(0, d);
  const logNorm = -d * Math.log(s) - 0.5 * d * LOG_2PI;
  return {
    name: `narrow-gauss-${d}`,
    title: `${d}-D Gaussian of width ${s} in the unit cube`,
    nDim: d,
    priorTransform: unitCube,
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < d; j++) q += ((x[o + j] - mu[j]) / s) ** 2;
      return logNorm - 0.5 * q;
    }),
    trueLogZ: 0,
    logZMethod: 'analytic: a normalised density whose mass outside the cube is below 1e-600',
    source: 'a tightly constrained measurement (large prior-to-posterior compression)',
  };
}

/** The twelve Gaussians of `many-modes-2`: centres at least 0.18 apart, widths 0.01-0.03, one weight at 1.2%. */
export function manyModesComponents(): { centres: number[][]; widths: number[]; weights: number[] } {
  const rng = mulberry32(7);
  const centres: number[][] = [];
  const widths: number[] = [];
  const weights: number[] = [];
  while (centres.length < 12) {
    const c = [0.08 + 0.84 * rng(), 0.08 + 0.84 * rng()];
    if (centres.some((q) => Math.hypot(q[0] - c[0], q[1] - c[1]) < 0.18)) continue;
    centres.push(c);
    widths.push(0.01 + 0.02 * rng());
    weights.push(0.02 + rng());
  }
  weights[0] = 0;
  const rest = weights.reduce((a, w) => a + w, 0);
  for (let k = 1; k < weights.length; k++) weights[k] *= (1 - 0.012) / rest;
  weights[0] = 0.012;
  return { centres, widths, weights };
}

/**
 * `many-modes-2`: twelve isotropic Gaussians of widths 0.01-0.03 at random, separated centres in
 * the unit square, weights drawn at random with the lightest set to 1.2% (three particles' worth
 * of 256): many modes of unequal size and weight, as in the mixture benchmarks of the
 * nested-sampling literature. Z = sum_k w_k P_k(square).
 */
export function manyModes(): AccuracyProblem {
  const { centres, widths, weights } = manyModesComponents();
  const logW = weights.map((w, k) => Math.log(w) - LOG_2PI - 2 * Math.log(widths[k]));
  const mass = centres.map((c, k) => normalInterval(-c[0] / widths[k], (1 - c[0]) / widths[k]) * normalInterval(-c[1] / widths[k], (1 - c[1]) / widths[k]));
  const z = weights.reduce((a, w, k) => a + w * mass[k], 0);
  const terms = new Float64Array(12);
  return {
    name: 'many-modes-2',
    title: '12 Gaussians of unequal width and weight in the unit square',
    nDim: 2,
    priorTransform: unitCube,
    logLikelihood: rowwise((x, o) => {
      for (let k = 0; k < 12; k++) terms[k] = logW[k] - (0.5 * ((x[o] - centres[k][0]) ** 2 + (x[o + 1] - centres[k][1]) ** 2)) / (widths[k] * widths[k]);
      return logSumExp(terms);
    }),
    trueLogZ: -1.4300107066987754e-5,
    logZMethod: 'analytic: each component\'s normal mass inside the square; verify-logz: 2-D Gauss-Legendre',
    source: 'Gaussian-mixture test problems of the nested-sampling literature (e.g. Feroz & Hobson 2008), with random unequal widths',
    modes: {
      labels: centres.map((_, k) => `m${k + 1}`),
      weights: weights.map((w, k) => (w * mass[k]) / z),
      assign: (x) => {
        let best = 0;
        let nearest = Infinity;
        centres.forEach((c, k) => {
          const r = Math.hypot(x[0] - c[0], x[1] - c[1]) / widths[k];
          if (r < nearest) {
            nearest = r;
            best = k;
          }
        });
        return best;
      },
    },
  };
}

/** Himmelblau's function, whose four minima (value 0) differ in curvature. */
export function himmelblauFunction(x: number, y: number): number {
  return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2;
}

/** Himmelblau's minima. */
export const HIMMELBLAU_MINIMA: readonly (readonly [number, number])[] = [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]];

/** The minimum nearest to (x, y). */
export function nearestHimmelblauMinimum(x: number, y: number): number {
  let best = 0;
  let nearest = Infinity;
  HIMMELBLAU_MINIMA.forEach(([a, b], k) => {
    const r = Math.hypot(x - a, y - b);
    if (r < nearest) {
      nearest = r;
      best = k;
    }
  });
  return best;
}

/** log Z and the minima's posterior masses of `himmelblau-2` by a composite Gauss-Legendre rule. */
export function himmelblauQuadrature(panels: number): { logz: number; weights: number[] } {
  const g = compositeGaussLegendre(-6, 6, panels, 10);
  const parts = [0, 0, 0, 0];
  let z = 0;
  for (let i = 0; i < g.nodes.length; i++) {
    for (let j = 0; j < g.nodes.length; j++) {
      const v = g.weights[i] * g.weights[j] * Math.exp(-himmelblauFunction(g.nodes[i], g.nodes[j]));
      z += v;
      parts[nearestHimmelblauMinimum(g.nodes[i], g.nodes[j])] += v;
    }
  }
  return { logz: Math.log(z / 144), weights: parts.map((p) => p / z) };
}

/**
 * `himmelblau-2`: L = exp(-f(x, y)), f Himmelblau's function, under U(-6, 6)^2: four modes of
 * unequal weight (0.34, 0.22, 0.16, 0.28) and shape. log Z by 2-D quadrature.
 */
export function himmelblau(): AccuracyProblem {
  return {
    name: 'himmelblau-2',
    title: 'exp(-Himmelblau), four unequal modes',
    nDim: 2,
    priorTransform: boxPrior(-6, 6),
    logLikelihood: rowwise((x, o) => -himmelblauFunction(x[o], x[o + 1])),
    trueLogZ: -5.868492511848273,
    logZMethod: 'Gauss-Legendre, 400 panels of 10 nodes per axis; verify-logz: 300 panels; numpy on a 6001-point grid agrees to 1e-12',
    source: 'Himmelblau\'s test function of optimisation, as a likelihood',
    modes: {
      labels: ['(3, 2)', '(-2.81, 3.13)', '(-3.78, -3.28)', '(3.58, -1.85)'],
      weights: [0.3408126, 0.2145584, 0.1591874, 0.2854416],
      assign: (x) => nearestHimmelblauMinimum(x[0], x[1]),
    },
  };
}

/**
 * `ar99-gauss-d`: N(0, C), C_ij = 0.99^|i-j|, under U(-10, 10)^d: the AR(1) Gaussian with
 * neighbours correlated by 0.99, whose widths span a factor 200 (condition number 4e4).
 * log Z = -d ln 20 + ln P(box), P(box) > 1 - 2 d Phi(-10).
 */
export function stronglyCorrelatedGaussian(d = 10, rho = 0.99): AccuracyProblem {
  return {
    ...correlatedGaussian(d, rho),
    name: `ar99-gauss-${d}`,
    logZMethod: 'analytic: normalised density inside the box; normalisation cross-checked by a dense Cholesky and scipy',
    source: 'an ill-conditioned Gaussian (strongly correlated neighbours, as in a random walk\'s increments)',
  };
}
