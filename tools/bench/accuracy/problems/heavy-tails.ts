// Heavy-tailed posteriors: a product of Student-t densities with 2 degrees of freedom, whose
// tails fall only as |x|^-3, in a wide box, and a correlated multivariate Student-t. Random-walk chains on such targets are not
// geometrically ergodic (Jarner & Roberts 2007, "Convergence of heavy-tailed Monte Carlo Markov
// chain algorithms"): the far tails are reached slowly, and with them part of the evidence.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { ar1QuadraticForm, logGamma } from '../numerics.js';

/** log of the normalised Student-t density with 2 degrees of freedom: (2 + x^2)^(-3/2). */
export function logStudent2(x: number): number {
  return -1.5 * Math.log(2 + x * x);
}

/**
 * `student2-d`: prod_j t_2(x_j) under U(-L, L)^d. The t_2 CDF is 1/2 + x / (2 sqrt(2 + x^2)), so
 * Z = (L / sqrt(2 + L^2) / (2 L))^d exactly; at L = 50 the box holds 99.96% of each factor.
 */
export function studentProduct(d = 10, L = 50): AccuracyProblem {
  return {
    name: `student2-${d}`,
    title: `${d}-D product of Student-t densities (2 degrees of freedom) in U(-${L}, ${L})^${d}`,
    nDim: d,
    priorTransform: boxPrior(-L, L),
    logLikelihood: rowwise((x, o) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += logStudent2(x[o + j]);
      return s;
    }),
    // verify-logz.ts: the closed form and Gauss–Legendre of the density over [-L, L]; scipy agrees.
    trueLogZ: d * (Math.log(L / Math.sqrt(2 + L * L)) - Math.log(2 * L)),
    logZMethod: 'closed form: the Student-t (2 dof) CDF at the box edges',
    source: 'heavy-tailed target (Jarner & Roberts 2007, Scand. J. Statist. 34, 781); product of Student-t factors',
  };
}

/**
 * `student5-corr-d`: a multivariate Student-t with 5 degrees of freedom and the AR(1) scale matrix
 * C_ij = 0.5^|i-j| under U(-50, 50)^d: correlated, with tails that fall as a power (|x|^-(5+d))
 * rather than as a Gaussian's. The density is normalised and each marginal is a t_5 of unit scale,
 * which puts 3e-8 of its mass beyond 50 on each side, so Z = P(box) / 100^d with
 * 1 - P(box) < 2 d 3e-8.
 */
export function correlatedStudent(d = 10, nu = 5, rho = 0.5): AccuracyProblem {
  const quadratic = ar1QuadraticForm(rho, d);
  const logNorm = logGamma((nu + d) / 2) - logGamma(nu / 2) - 0.5 * d * Math.log(nu * Math.PI) - 0.5 * (d - 1) * Math.log(1 - rho * rho);
  return {
    name: `student5-corr-${d}`,
    title: `${d}-D correlated Student-t (5 degrees of freedom) in U(-50, 50)^${d}`,
    nDim: d,
    priorTransform: boxPrior(-50, 50),
    logLikelihood: rowwise((x, o) => logNorm - 0.5 * (nu + d) * Math.log1p(quadratic(x, o) / nu)),
    // verify-logz.ts: the 1-D t_5 marginal's mass in the box by Gauss–Legendre, and the density's
    // normalisation checked in 2-D by a Gauss–Legendre grid.
    trueLogZ: -d * Math.log(100),
    logZMethod: 'analytic: normalised density (checked by 2-D quadrature), box loss < 6e-7',
    source: 'a correlated heavy-tailed target (multivariate t; constructed for this suite beside student2-10)',
  };
}
