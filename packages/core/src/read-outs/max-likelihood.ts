import type { RunState } from '../run/run-state.js';

/** The stored particle of highest likelihood. */
export interface MaxLikelihood {
  /** Its log-likelihood. */
  logl: number;
  /** Its parameters, in model order. */
  x: number[];
}

/**
 * The stored particle of highest likelihood: the maximum-likelihood point among every particle
 * the run evaluated (the best-fit point papers quote beside the posterior).
 * @param state - the run
 * @returns its log-likelihood and parameters (NaN and no parameters before the first particle)
 */
export function maxLikelihoodOf(state: RunState): MaxLikelihood {
  const h = state.history;
  let best = -1;
  for (let s = 0; s < h.length; s++) if (best < 0 || h.logl[s] > h.logl[best]) best = s;
  if (best < 0) return { logl: NaN, x: [] };
  return { logl: h.logl[best], x: Array.from(h.x.subarray(best * h.nDim, (best + 1) * h.nDim)) };
}
