import { lineageMeanError } from '../genealogy/lineage-error.js';
import type { RunState } from '../run/run-state.js';
import { finalLogWeights, normalisedWeights } from './final-weights.js';

/** The information gained from prior to posterior (`Sampler.summary()` reports it). */
export interface Information {
  /** H = KL(posterior ‖ prior) = E_post[ln L] − ln Z, in nats. */
  information: number;
  /** Its standard error: the genealogical errors of E_post[ln L] and of ln Z in quadrature. */
  informationErr: number;
}

/**
 * The information H, the Kullback–Leibler divergence of the posterior from the prior in nats,
 * as dynesty and MultiNest report it: H = ∫ p ln(p/π) dx = E_post[ln L] − ln Z. It is the log of
 * how much the data shrank the prior: for a Gaussian likelihood well inside a uniform prior,
 * H = ln(V_prior / V_post) with V_post = (2πe)^{d/2} |Σ|^{1/2}. The error adds in quadrature the
 * genealogical standard error of E_post[ln L] (as `expectation`) and that of ln Z (their
 * correlation is ignored).
 * @param state - the run
 * @param logzErr - the standard error of ln Z the run reports
 * @returns H and its error
 * @throws {TempestError} `NOT_RUN` before the first iteration
 */
export function informationOf(state: RunState, logzErr: number): Information {
  const { logw, logz } = finalLogWeights(state);
  const h = state.history;
  const weights = normalisedWeights(logw, logz);
  // Zero-weight particles (ln L = −∞ outside the likelihood's support) add nothing.
  const logl = new Float64Array(h.length);
  for (let s = 0; s < h.length; s++) logl[s] = weights[s] > 0 ? h.logl[s] : 0;
  const { mean, error } = lineageMeanError(weights, logl, h.lineage, state.nLineages, h.survival);
  return { information: mean - logz, informationErr: Math.hypot(error, logzErr) };
}

