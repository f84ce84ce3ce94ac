// A hierarchical model in its centred parametrisation: the funnel that scientists meet in practice.
import { rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI } from '../numerics.js';

/** Rubin's eight schools (1981; Gelman et al., Bayesian Data Analysis, section 5.5): estimated effects and their standard errors. */
export const EIGHT_SCHOOLS = {
  y: [28, 8, -3, 7, -1, 1, 18, 12],
  sigma: [15, 10, 16, 11, 9, 11, 10, 18],
} as const;

/** The prior's half-widths: mu in [-50, 50], tau in [0, 50], every theta_j in [-100, 100]. */
export const EIGHT_SCHOOLS_PRIOR = { mu: 50, tau: 50, theta: 100 } as const;

/**
 * `eight-schools`: Rubin's eight schools in the centred parametrisation, (mu, tau, theta_1..8)
 * uniform on [-50, 50] x [0, 50] x [-100, 100]^8, likelihood prod_j N(y_j | theta_j, sigma_j)
 * N(theta_j | mu, tau). As tau falls the thetas are pinned within tau of mu: the funnel of
 * hierarchical models (Betancourt & Girolami 2015), which the posterior enters, since tau's
 * marginal posterior is largest at 0. Z integrates each theta_j in closed form (a normal in
 * y_j with variance sigma_j^2 + tau^2, times the theta prior's truncation) and (mu, tau) by
 * quadrature (verify-logz.ts: Gauss-Legendre; peers/verify_logz.py: scipy dblquad).
 */
export function eightSchools(): AccuracyProblem {
  const { y, sigma } = EIGHT_SCHOOLS;
  const { mu: M, tau: T, theta: H } = EIGHT_SCHOOLS_PRIOR;
  const J = y.length;
  const dataNorm = sigma.reduce((s, sj) => s - 0.5 * LOG_2PI - Math.log(sj), 0);
  return {
    name: 'eight-schools',
    title: "Rubin's eight schools, centred (a hierarchical funnel in tau)",
    nDim: J + 2,
    priorTransform: (u) => {
      const x = new Float64Array(u.length);
      for (let r = 0; r < u.length; r += J + 2) {
        x[r] = -M + 2 * M * u[r];
        x[r + 1] = T * u[r + 1];
        for (let j = 0; j < J; j++) x[r + 2 + j] = -H + 2 * H * u[r + 2 + j];
      }
      return x;
    },
    logLikelihood: rowwise((x, o) => {
      const mu = x[o];
      const tau = x[o + 1];
      if (!(tau > 0)) return -Infinity;
      let s = dataNorm - J * (0.5 * LOG_2PI + Math.log(tau));
      for (let j = 0; j < J; j++) {
        const theta = x[o + 2 + j];
        s -= 0.5 * ((y[j] - theta) / sigma[j]) ** 2 + 0.5 * ((theta - mu) / tau) ** 2;
      }
      return s;
    }),
    // verify-logz.ts: Gauss-Legendre over (mu, tau) at two resolutions; scipy dblquad agrees.
    trueLogZ: -75.982514,
    logZMethod: 'each theta_j integrated in closed form (with the truncation of its prior), (mu, tau) by 2-D Gauss-Legendre; scipy dblquad agrees',
    source: 'Rubin (1981), J. Educ. Stat. 6, 377; Gelman et al., Bayesian Data Analysis (3rd ed.), section 5.5; the centred form as in the Stan and PyMC case studies',
  };
}
