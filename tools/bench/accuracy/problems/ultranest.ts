// Problems from UltraNest's problem set for nested samplers (J. Buchner, "space of inference
// spaces", github.com/JohannesBuchner/space-of-inference-spaces, image/problems.py): posteriors
// that break tempering in ways the rest of the suite does not: a likelihood step in a needle of
// the prior (a phase transition), a narrow spike beside a broad slab, densities that diverge at
// the prior's bounds, and widths that differ by eight orders of magnitude.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI, logAddExp, logBeta, normalInterval } from '../numerics.js';

const identity = (u: Float64Array) => u.slice();

/**
 * `asymgauss`: a Gaussian on the unit cube whose widths fall log-uniformly from 0.1 to
 * 10^(-10 + sqrt(d)/2) (1e-8 at d = 16), centred at (sin(j/2)(1 - 5 sigma_j) + 1)/2. Normalised, so
 * Z is the Gaussian's mass inside the cube: a product of normal intervals.
 */
export function asymmetricGaussian(d = 16): AccuracyProblem {
  const sigmaMin = 10 ** (-10 + Math.sqrt(d) / 2);
  const sigma = Array.from({ length: d }, (_, j) => 10 ** (-1 + (j / (d - 1)) * (Math.log10(sigmaMin) + 1)));
  const centre = sigma.map((s, j) => (Math.sin(j / 2) * Math.max(1e-20, 1 - 5 * s) + 1) / 2);
  const norm = sigma.reduce((a, s) => a - 0.5 * LOG_2PI - Math.log(s), 0);
  return {
    name: `asymgauss-${d}`,
    title: `${d}-D Gaussian, widths 0.1 to ${sigmaMin.toExponential(0)} (UltraNest asymgauss)`,
    nDim: d,
    priorTransform: identity,
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 0; j < d; j++) q += ((x[o + j] - centre[j]) / sigma[j]) ** 2;
      return norm - 0.5 * q;
    }),
    // verify-logz.ts: the product of normal intervals, -0.002493, and Gauss–Legendre of each
    // factor's density; peers/verify_logz.py: scipy agrees. Only the widest coordinate loses mass.
    trueLogZ: d === 16 ? -0.002493 : Number.NaN,
    logZMethod: 'product of the normal masses inside [0, 1] per coordinate (closed form); Gauss–Legendre per coordinate',
    source: 'UltraNest problem set, get_asymgauss (Buchner, github.com/JohannesBuchner/space-of-inference-spaces)',
  };
}

/**
 * The shape parameters of UltraNest's 10-D beta problem: 10^U(-1, 1) drawn by numpy's
 * RandomState(10), a first then b (printed with numpy 1.24 and pinned here). Seven of the twenty
 * are below 1, so seven densities diverge at a bound of the prior.
 */
const BETA_A = [3.4885205571560753, 0.11002817226254386, 1.850531447753669, 3.1449066951230926, 0.9931481194831946, 0.2815744802026464, 0.24895779540435015, 3.319414023327545, 0.21788216053884008, 0.15020335327164713];
const BETA_B = [2.3481164807395873, 8.068386469121057, 0.1018348745338606, 1.0577536357318942, 4.21931474480692, 1.6790055575223646, 2.776582837340574, 0.3834883158240994, 6.847755494022186, 2.6862817821882143];

/** The beta problem's shapes, for verify-logz.ts. */
export const BETA_SHAPES = { a: BETA_A, b: BETA_B } as const;

/**
 * `beta`: a product of Beta(a_j, b_j) densities on the unit cube, with shapes between 0.1 and 10,
 * so that much of the mass sits within 1e-10 of a bound (Beta(0.11, 8.1) puts 8% below 1e-10).
 * Each density is normalised: log Z = 0.
 */
export function betaProduct(): AccuracyProblem {
  const d = BETA_A.length;
  const norms = BETA_A.map((a, j) => logBeta(a, BETA_B[j]));
  return {
    name: `beta-${d}`,
    title: `${d}-D product of Beta densities, shapes 0.1-10, divergent at the bounds (UltraNest beta)`,
    nDim: d,
    priorTransform: identity,
    logLikelihood: rowwise((x, o) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (BETA_A[j] - 1) * Math.log(x[o + j]) + (BETA_B[j] - 1) * Math.log1p(-x[o + j]) - norms[j];
      return Number.isFinite(s) ? s : -1e300;
    }),
    // Exact, but not all of it is reachable in double precision: Beta(1.85, 0.102) puts 2.4-2.6% of
    // its mass closer to 1 than the largest double below 1 (1 - 2^-53), where u rounds to 1 and the
    // density is -1e300 here. A sampler working on doubles therefore finds at most log Z = -0.024 to
    // -0.026 (mass beyond 1 - 2^-54 or 1 - 2^-53; scipy's betainc, 2026-12-05); the other factors
    // lose less than 1e-6.
    trueLogZ: 0,
    logZMethod: 'each factor is a normalised Beta density on [0, 1] (exact; -0.024 to -0.026 of it lies where doubles cannot represent u)',
    source: 'UltraNest problem set, get_beta(10) (Buchner, github.com/JohannesBuchner/space-of-inference-spaces)',
  };
}

/**
 * `box`: a Gaussian of width 0.1 at the corner 0 of the unit cube, plus 100 where every coordinate
 * is below 0.1, a box holding 10^-d of the prior. Tempering meets a phase transition: the box
 * holds most of the tempered mass from beta near 0.1 on, long before a particle finds it.
 * Z = e^100 A^d + B^d - A^d, A = 0.1 sqrt(2 pi) (Phi(1) - 1/2) and B the same with Phi(10).
 */
export function highBox(d = 5): AccuracyProblem {
  return {
    name: `box-${d}`,
    title: `${d}-D Gaussian corner with +100 in a box of 10^-${d} of the prior (UltraNest box)`,
    nDim: d,
    priorTransform: identity,
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      let max = -Infinity;
      for (let j = 0; j < d; j++) {
        q += (x[o + j] / 0.1) ** 2;
        if (x[o + j] > max) max = x[o + j];
      }
      return -0.5 * q + (max < 0.1 ? 100 : 0);
    }),
    // verify-logz.ts: the closed form, 87.707456, and Gauss–Legendre for A and B; scipy agrees.
    trueLogZ: d === 5 ? 87.707456 : Number.NaN,
    logZMethod: 'closed form: e^100 A^d + B^d - A^d with normal integrals A (inside the box) and B (the cube)',
    source: 'UltraNest problem set, get_box (Buchner, github.com/JohannesBuchner/space-of-inference-spaces)',
  };
}

/**
 * `spike and slab`: two normalised Gaussians of equal weight on [-10, 10]^d, a slab of width 1
 * centred at `offset` in every coordinate and a spike of width factor^(-1/d) at the origin (0.032
 * for factor 1000 in 2-D). Offset 4 puts the spike in the slab's far tail, where nothing draws
 * a particle to it before it holds half the posterior. Z = (2 m_slab + 2 m_spike) / 20^d with
 * each component's normal mass m inside the box.
 */
export function spikeAndSlab(d = 2, factor = 1000, offset = 4): AccuracyProblem {
  const s2 = factor ** (-1 / d);
  const logSlab = Math.log(2) - 0.5 * d * LOG_2PI;
  const logSpike = Math.log(2) - 0.5 * d * LOG_2PI - d * Math.log(s2);
  const mSlab = normalInterval(-10 - offset, 10 - offset) ** d;
  const mSpike = normalInterval(-10 / s2, 10 / s2) ** d;
  return {
    name: `spikeslab-${d}`,
    title: `${d}-D spike (width ${s2.toPrecision(2)}) beside a slab offset by ${offset} (UltraNest spike and slab)`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let q1 = 0;
      let q2 = 0;
      for (let j = 0; j < d; j++) {
        q1 += (x[o + j] - offset) ** 2;
        q2 += (x[o + j] / s2) ** 2;
      }
      return logAddExp(logSlab - 0.5 * q1, logSpike - 0.5 * q2);
    }),
    // verify-logz.ts: the closed form and Gauss–Legendre of both components; at the defaults
    // -4.605170 = ln(4 / 400), the spike's and the slab's masses inside the box both 1 - 1e-9;
    // in 4-D -10.596635 = ln(4 / 20^4).
    trueLogZ: Math.log(2 * mSlab + 2 * mSpike) - d * Math.log(20),
    logZMethod: 'closed form: normalised Gaussians, their masses inside the box',
    modes: {
      labels: ['spike', 'slab'],
      weights: [mSpike / (mSpike + mSlab), mSlab / (mSpike + mSlab)],
      // The spike: within 0.3 of the origin in 2-D (9 of its widths; the slab's density there is
      // e^-16 of its peak), within 5 of its widths in more dimensions (0.89 in 4-D, e^-25).
      assign: (x) => (Math.hypot(...x) < Math.max(0.3, 5 * s2) ? 0 : 1),
    },
    source: 'UltraNest problem set, get_spike_and_slab (Buchner, github.com/JohannesBuchner/space-of-inference-spaces)',
  };
}
