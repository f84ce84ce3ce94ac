// Mixtures of separated Gaussians: two of unequal weight, two of unequal width (torpid tempering),
// four of unequal weight and five with light modes. Each likelihood is a normalised mixture, so log Z
// is the log of its mass inside the uniform prior box minus the log of the box's volume; each
// problem names its modes and their true weights.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI, logAddExp, normalInterval } from '../numerics.js';

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
    trueLogZ: d === 20 ? -59.914671 : d === 5 ? -14.978687 : Number.NaN,
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

/**
 * Four unit-covariance Gaussians of weights 0.1, 0.2, 0.3 and 0.4 centred at +5 e1, -5 e1, +5 e2
 * and -5 e2, under U(-10, 10)^d: modes of equal shape and unequal weight, where a sampler must
 * keep each mode's share through the anneal (every mode's tempered share is its weight^beta,
 * normalised, so none vanishes at any temperature). Z = sum_k w_k m_k / 20^d with each
 * component's normal mass m_k inside the box (the same for all four by symmetry). A sample
 * belongs to the nearest centre; neighbouring centres are 5 sqrt 2 apart, so a component puts
 * Phi(-3.54) = 2e-4 of its mass past the line to each neighbour.
 */
export function fourGaussians(d = 8): AccuracyProblem {
  const weights = [0.1, 0.2, 0.3, 0.4];
  const centres: [number, number][] = [[5, 0], [-5, 0], [0, 5], [0, -5]];
  const logW = weights.map(Math.log);
  const logNorm = -0.5 * d * LOG_2PI;
  const mass = normalInterval(-15, 5) * normalInterval(-10, 10) ** (d - 1);
  const nearest = (x0: number, x1: number) => {
    let best = 0;
    for (let k = 1; k < 4; k++) {
      const dk = (x0 - centres[k][0]) ** 2 + (x1 - centres[k][1]) ** 2;
      if (dk < (x0 - centres[best][0]) ** 2 + (x1 - centres[best][1]) ** 2) best = k;
    }
    return best;
  };
  return {
    name: `four-gauss-${d}`,
    title: `four ${d}-D Gaussians, weights 0.1 / 0.2 / 0.3 / 0.4`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let rest = 0;
      for (let j = 2; j < d; j++) rest += x[o + j] * x[o + j];
      let acc = -Infinity;
      for (let k = 0; k < 4; k++) {
        const q = (x[o] - centres[k][0]) ** 2 + (x[o + 1] - centres[k][1]) ** 2 + rest;
        acc = logAddExp(acc, logW[k] - 0.5 * q);
      }
      return logNorm + acc;
    }),
    // verify-logz.ts: the closed form, and Gauss–Legendre of each component's 1-D factors.
    trueLogZ: Math.log(mass) - d * Math.log(20),
    logZMethod: 'closed form: normalised mixture, its components\' normal masses inside the box',
    modes: {
      labels: ['+5 e1 (0.1)', '-5 e1 (0.2)', '+5 e2 (0.3)', '-5 e2 (0.4)'],
      weights,
      assign: (x) => nearest(x[0], x[1]),
    },
    source: 'separated modes of unequal weight and equal shape, the case nautilus\'s and dynesty\'s multimodal demos test (here four, weights 0.1-0.4, constructed for this suite)',
  };
}

/**
 * Five unit-covariance Gaussians in d dimensions with weights 0.50, 0.30, 0.12, 0.05 and 0.03,
 * centred at +6 e1, -6 e1, +6 e2, -6 e2 and +6 e3, under U(-10, 10)^d: light modes that hold 8 to
 * 13 particles' worth of 256 (added after the closing sample's allowance for a lost mode was
 * chosen on the egg-box, to test it on modes it was not chosen on). Z = m / 20^d with each
 * component's normal mass m inside the box (the same for all five). A sample belongs to the
 * nearest centre; neighbouring centres are 6 sqrt 2 apart (Phi(-4.24) = 1e-5 misassigned).
 */
export function lightModes(d = 4): AccuracyProblem {
  const weights = [0.5, 0.3, 0.12, 0.05, 0.03];
  const centres = weights.map((_, k) => {
    const c = new Float64Array(d);
    c[k >> 1] = k % 2 ? -6 : 6;
    return c;
  });
  const logW = weights.map(Math.log);
  const logNorm = -0.5 * d * LOG_2PI;
  const mass = normalInterval(-16, 4) * normalInterval(-10, 10) ** (d - 1);
  const sq = (x: Float64Array, o: number, k: number) => {
    let q = 0;
    for (let j = 0; j < d; j++) q += (x[o + j] - centres[k][j]) ** 2;
    return q;
  };
  return {
    name: `light-modes-${d}`,
    title: `five ${d}-D Gaussians, weights 0.50 / 0.30 / 0.12 / 0.05 / 0.03`,
    nDim: d,
    priorTransform: boxPrior(-10, 10),
    logLikelihood: rowwise((x, o) => {
      let acc = -Infinity;
      for (let k = 0; k < 5; k++) acc = logAddExp(acc, logW[k] - 0.5 * sq(x, o, k));
      return logNorm + acc;
    }),
    // verify-logz.ts: the closed form, and Gauss–Legendre of each component's 1-D factors.
    trueLogZ: Math.log(mass) - d * Math.log(20),
    logZMethod: 'closed form: normalised mixture, its components\' normal masses inside the box',
    modes: {
      labels: weights.map((w, k) => `${k % 2 ? '-' : '+'}6 e${(k >> 1) + 1} (${w})`),
      weights,
      assign: (x) => {
        let best = 0;
        for (let k = 1; k < 5; k++) if (sq(x, 0, k) < sq(x, 0, best)) best = k;
        return best;
      },
    },
    source: 'separated modes of unequal weight, the lightest 3% (constructed for this suite)',
  };
}
