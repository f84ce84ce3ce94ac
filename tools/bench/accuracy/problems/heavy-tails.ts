// A heavy-tailed posterior: a product of Student-t densities with 2 degrees of freedom, whose
// tails fall only as |x|^-3, in a wide box. Random-walk chains on such targets are not
// geometrically ergodic (Jarner & Roberts 2007, "Convergence of heavy-tailed Monte Carlo Markov
// chain algorithms"): the far tails are reached slowly, and with them part of the evidence.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';

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
