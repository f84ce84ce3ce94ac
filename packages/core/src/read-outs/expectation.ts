import { lineageMeanError } from '../genealogy/lineage-error.js';
import type { RunState } from '../run/run-state.js';
import { TempestError } from '../tempest-error.js';
import { normalisedWeights } from './final-weights.js';
import { posteriorLogWeights } from './posterior-weights.js';

/** A posterior mean with its standard error, from {@link expectationOf}. */
export interface Expectation {
  /** Weighted posterior mean of f. */
  mean: number;
  /** Standard error of `mean` from the particles' genealogy (resampling correlations included). */
  error: number;
}

/**
 * A posterior expectation E[f(x)] with its standard error, over the samples `posterior()` gives:
 * every stored particle at beta = 1, and the closing sample's draws where it is used. The error
 * accounts for the correlation between particles of one ancestral lineage (the same estimator as
 * the evidence error), so it is honest where 1/sqrt(ESS) is not; each draw, independent of every
 * other sample, is a lineage of its own that no resampling touched. Use it for derived
 * quantities, tail probabilities or the mass of a mode.
 * @param state - the run
 * @param f - function of the parameters x (and log-likelihood) to average
 * @returns `{ mean, error }`
 * @throws {TempestError} `NOT_RUN` before the first iteration; `INVALID_ARGUMENT` when f returns a non-finite value
 */
export function expectationOf(state: RunState, f: (x: Float64Array, logl: number) => number): Expectation {
  const { logw, logz, closing } = posteriorLogWeights(state);
  const h = state.history;
  const d = h.nDim;
  const N = h.length;
  const m = closing?.logl.length ?? 0;
  const weights = normalisedWeights(logw, logz);
  const values = new Float64Array(N + m);
  const valueAt = (x: Float64Array, offset: number, logl: number, k: number) => {
    const point = x.slice(offset * d, (offset + 1) * d);
    const v = f(point, logl);
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TempestError('INVALID_ARGUMENT', `expectation(f): f must return a finite number; got ${String(v)} at x = [${Array.from(point).join(', ')}].`, { option: 'f', value: v });
    }
    values[k] = v;
  };
  for (let s = 0; s < N; s++) valueAt(h.x, s, h.logl[s], s);
  if (closing === undefined) return lineageMeanError(weights, values, h.lineage, state.nLineages, h.survival);
  for (let j = 0; j < m; j++) valueAt(closing.x, j, closing.logl[j], N + j);
  const lineage = new Int32Array(N + m);
  lineage.set(h.lineage);
  for (let j = 0; j < m; j++) lineage[N + j] = state.nLineages + j;
  // log-survival 0: no resampling ever merged a draw's line with another.
  const survival = new Float64Array(N + m);
  survival.set(h.survival);
  return lineageMeanError(weights, values, lineage, state.nLineages + m, survival);
}
