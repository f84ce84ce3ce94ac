// Problems added in session 30 as a sixth probe, of model classes the suite had not held:
// proportions on a simplex (a Dirichlet posterior from category counts, one of them zero, written
// with the stick-breaking prior transform a user would write) and a posterior that fills most of
// a wide prior (18 of 20 coordinates barely constrained, cut by the box on one side). Each log Z
// is in closed form and checked by quadrature in verify-logz.ts.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI, logGamma, normalInterval } from '../numerics.js';

/** The simplex problem's category counts: one category never seen. */
export const SIMPLEX_COUNTS: readonly number[] = [40, 7, 2, 0];

/**
 * Proportions p on the K-simplex from u in the unit cube, uniform (Dirichlet(1, ..., 1)) by stick
 * breaking: the k-th fraction b_k ~ Beta(1, K - k), whose quantile is 1 - (1 - u)^(1 / (K - k)),
 * and p_k = b_k times what the earlier fractions left. The parameters are the first K - 1
 * proportions; the last is 1 minus their sum.
 */
export function stickBreaking(k: number): (u: Float64Array) => Float64Array {
  return (u) => {
    const p = new Float64Array(k - 1);
    let left = 1;
    for (let j = 0; j < k - 1; j++) {
      const b = 1 - (1 - u[j]) ** (1 / (k - 1 - j));
      p[j] = left * b;
      left -= p[j];
    }
    return p;
  };
}

/**
 * `simplex-4`: the proportions of 4 categories, counted 40, 7, 2 and 0 times, under a uniform
 * prior on the simplex: L = prod p_k^n_k (no multinomial coefficient), so the posterior is
 * Dirichlet(41, 8, 3, 1). In the cube the first fraction piles against u = 1 (1 - (1 - b)^3 with
 * b ~ Beta(41, 12)) and the last proportion against 0. Z = B(1 + n) / B(1, ..., 1) =
 * (K - 1)! prod Gamma(1 + n_k) / Gamma(K + N).
 */
export function simplexProportions(): AccuracyProblem {
  const counts = SIMPLEX_COUNTS;
  const k = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    name: `simplex-${k}`,
    title: `proportions of ${k} categories counted ${counts.join(', ')} under a uniform prior on the simplex (stick breaking)`,
    nDim: k - 1,
    priorTransform: stickBreaking(k),
    logLikelihood: rowwise((x, o) => {
      let last = 1;
      let l = 0;
      for (let j = 0; j < k - 1; j++) {
        last -= x[o + j];
        if (counts[j] > 0) l += counts[j] * Math.log(x[o + j]);
      }
      if (counts[k - 1] > 0) l += counts[k - 1] * Math.log(Math.max(last, 0));
      return l;
    }),
    // verify-logz.ts: the stick-breaking factors, each a Beta integral, by Gauss–Legendre.
    trueLogZ: logGamma(k) + counts.reduce((s, n) => s + logGamma(1 + n), 0) - logGamma(k + total),
    logZMethod: 'closed form: (K - 1)! prod Gamma(1 + n_k) / Gamma(K + N); verify-logz: each stick-breaking factor by Gauss-Legendre',
    source: 'category proportions (a Dirichlet-multinomial posterior) with the stick-breaking transform, as for branching ratios or mixture weights',
  };
}

/** The wide-prior problem's constants: per coordinate, the measurement's centre and error. */
export const WIDE_PRIOR = {
  half: 10,
  tight: { count: 2, error: 0.1 },
  loose: { error: 6 },
  centre: (j: number) => 4 * Math.sin(j + 1),
} as const;

/**
 * `prior-filling-20`: 20 coordinates under U(-10, 10), each measured once as
 * c_j = 4 sin(j + 1): the first two with error 0.1, the other 18 with error 6, so the posterior
 * fills most of the box along them and the box cuts each Gaussian, on the side its centre lies
 * (up to 31% of its mass beyond the bound). Z = prod_j (Phi((10 - c_j) / s_j) - Phi((-10 - c_j) / s_j)) / 20.
 */
export function priorFilling(d = 20): AccuracyProblem {
  const { half, tight, loose, centre } = WIDE_PRIOR;
  const c = Float64Array.from({ length: d }, (_, j) => centre(j));
  const s = Float64Array.from({ length: d }, (_, j) => (j < tight.count ? tight.error : loose.error));
  let logNorm = 0;
  let logZ = 0;
  for (let j = 0; j < d; j++) {
    logNorm -= 0.5 * LOG_2PI + Math.log(s[j]);
    logZ += Math.log(normalInterval((-half - c[j]) / s[j], (half - c[j]) / s[j])) - Math.log(2 * half);
  }
  return {
    name: `prior-filling-${d}`,
    title: `${d}-D Gaussian likelihood under U(-10, 10), ${tight.count} coordinates measured to 0.1 and ${d - tight.count} to 6 (the posterior fills the box, cut by its bounds)`,
    nDim: d,
    priorTransform: boxPrior(-half, half),
    logLikelihood: rowwise((x, o) => {
      let l = logNorm;
      for (let j = 0; j < d; j++) l -= 0.5 * ((x[o + j] - c[j]) / s[j]) ** 2;
      return l;
    }),
    // verify-logz.ts: each coordinate's normal mass inside the box by Gauss–Legendre.
    trueLogZ: logZ,
    logZMethod: 'closed form: normal masses inside the box; verify-logz: each by Gauss-Legendre',
    source: 'a weakly informative likelihood under a wide prior (most parameters constrained by the prior, as in many-parameter models with a few well-measured ones)',
  };
}
