import { lineageMeanError } from '../genealogy/lineage-error.js';
import type { RunState } from '../run/run-state.js';
import { TempestError } from '../tempest-error.js';
import { finalLogWeights, normalisedWeights } from './final-weights.js';

/** A posterior mean with its standard error, from {@link expectationOf}. */
export interface Expectation {
  /** Weighted posterior mean of f. */
  mean: number;
  /** Standard error of `mean` from the particles' genealogy (resampling correlations included). */
  error: number;
}

/**
 * A posterior expectation E[f(x)] with its standard error, from every stored particle at
 * beta = 1. The error accounts for the correlation between particles of one ancestral lineage
 * (the same estimator as the evidence error), so it is honest where 1/sqrt(ESS) is not; use it
 * for derived quantities, tail probabilities or the mass of a mode.
 * @param state - the run
 * @param f - function of the parameters x (and log-likelihood) to average
 * @returns `{ mean, error }`
 * @throws {TempestError} `NOT_RUN` before the first iteration; `INVALID_ARGUMENT` when f returns a non-finite value
 */
export function expectationOf(state: RunState, f: (x: Float64Array, logl: number) => number): Expectation {
  const { logw, logz } = finalLogWeights(state);
  const h = state.history;
  const d = h.nDim;
  const weights = normalisedWeights(logw, logz);
  const values = new Float64Array(h.length);
  for (let s = 0; s < h.length; s++) {
    const v = f(h.x.slice(s * d, (s + 1) * d), h.logl[s]);
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TempestError('INVALID_ARGUMENT', `expectation(f): f must return a finite number; got ${String(v)} at x = [${Array.from(h.x.subarray(s * d, (s + 1) * d)).join(', ')}].`, { option: 'f', value: v });
    }
    values[s] = v;
  }
  return lineageMeanError(weights, values, h.lineage, state.nLineages, h.survival);
}
