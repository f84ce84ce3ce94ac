// Curved posteriors: Rosenbrock's valley, as one 10-D chain (with a secondary mode) and as five
// independent 2-D bananas.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';

/**
 * The Rosenbrock chain f(x) = sum_{i<d-1} [(1 - x_i)^2 + 100 (x_{i+1} - x_i^2)^2] with
 * log L = -scale f on U(-5, 5)^d. For d >= 4, f has a second local minimum near x_0 = -1
 * (Shang & Qiu 2006, Evolutionary Computation 14, 119). With scale 1/2 (as in this project's 2-D
 * example, `rosenbrock-chain-10`) the posterior mass with x_0 < 0 is 0.2025 at d = 10. Scale 1 is
 * the nautilus paper's Rosenbrock_10 exactly (`rosenbrock-nautilus-10`): a valley twice as narrow,
 * the mass with x_0 < 0 only 0.0252, log Z = -43.108355.
 */
export function rosenbrockChain(d = 10, scale: 0.5 | 1 = 0.5): AccuracyProblem {
  // verify-logz.ts: trapezoid grids of 4,001 and 8,001 nodes agree to 1e-6 on log Z and the x_0 < 0
  // mass; peers/verify_logz.py (Gauss–Legendre panels, scipy): the same.
  const pinned = scale === 0.5 ? { logz: -38.304603, negative: 0.202529 } : { logz: -43.108355, negative: 0.025228 };
  return {
    name: scale === 0.5 ? `rosenbrock-chain-${d}` : `rosenbrock-nautilus-${d}`,
    title: scale === 0.5 ? `${d}-D Rosenbrock chain, -f/2 (secondary mode at x0 ~ -1)` : `${d}-D Rosenbrock chain, -f (nautilus Rosenbrock_${d})`,
    nDim: d,
    priorTransform: boxPrior(-5, 5),
    logLikelihood: rowwise((x, o) => {
      let f = 0;
      for (let i = 0; i < d - 1; i++) {
        const a = x[o + i];
        f += (1 - a) ** 2 + 100 * (x[o + i + 1] - a * a) ** 2;
      }
      return -scale * f;
    }),
    trueLogZ: d === 10 ? pinned.logz : Number.NaN,
    logZMethod: 'transfer-operator quadrature: the chain integrated one coordinate at a time on a grid (nested 1-D quadratures), two grids and two implementations (TS trapezoid, scipy Gauss–Legendre) agree',
    modes: {
      labels: ['x0 > 0 (global)', 'x0 < 0 (secondary)'],
      weights: [1 - pinned.negative, pinned.negative],
      assign: (x) => (x[0] > 0 ? 0 : 1),
    },
    source: scale === 0.5
      ? 'nautilus paper benchmark Rosenbrock_10 (Lange 2023, arXiv:2306.16923), here at temperature 2; second minimum: Shang & Qiu (2006)'
      : 'nautilus paper benchmark Rosenbrock_10 (Lange 2023, arXiv:2306.16923, its paper/likelihoods/analytic.py), as published',
  };
}

/**
 * Five independent 2-D Rosenbrock bananas, log L = -sum_k [(1 - x_2k)^2 + 100 (x_2k+1 - x_2k^2)^2] / 2
 * on U(-5, 5)^10 (the 2-D problem of this project's README, five times). log Z = 5 ln Z_2, with
 * the y-integral of Z_2 Gaussian (cut at +-5) and the x-integral by quadrature.
 */
export function rosenbrockPairs(pairs = 5): AccuracyProblem {
  const d = 2 * pairs;
  return {
    name: `rosenbrock-pairs-${d}`,
    title: `${d}-D Rosenbrock, ${pairs} independent 2-D pairs`,
    nDim: d,
    priorTransform: boxPrior(-5, 5),
    logLikelihood: rowwise((x, o) => {
      let f = 0;
      for (let k = 0; k < d; k += 2) {
        const a = x[o + k];
        f += (1 - a) ** 2 + 100 * (x[o + k + 1] - a * a) ** 2;
      }
      return -0.5 * f;
    }),
    // verify-logz.ts: Gauss–Legendre 2000x10 and 4000x10: -25.925900 (5 x -5.185180, the README's
    // 2-D value); peers/verify_logz.py: scipy dblquad of one pair agrees.
    trueLogZ: -25.9259,
    logZMethod: '1-D quadrature over x of the analytic Gaussian y-integral, times 5; cross-checked by a 2-D scipy quadrature',
    source: 'the 2-D Rosenbrock density (as in Goodman & Weare 2010, CAMCoS 5, 65, with another scale) of this project\'s README, five independent copies',
    quick: true,
  };
}
