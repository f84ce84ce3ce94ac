import { TempestError } from '../tempest-error.js';
import type { RunState } from '../run/run-state.js';

/**
 * Refuses a read-out of a run that has no particles yet.
 * @param state - the run
 * @throws {TempestError} `NOT_RUN` before the first iteration
 */
export function requireParticles(state: RunState): void {
  if (state.history.length === 0) {
    throw new TempestError('NOT_RUN', 'The sampler has no particles yet. Call `await sampler.run()` (or `sample()`) first.');
  }
}

/**
 * The importance weights of every stored particle at beta = 1 (balance-heuristic multiple
 * importance sampling over all iterations), the base of every read-out.
 * @param state - the run
 * @returns unnormalised log-weights and log Z = logsumexp(logw)
 * @throws {TempestError} `NOT_RUN` before the first iteration
 */
export function finalLogWeights(state: RunState): { logw: Float64Array; logz: number } {
  requireParticles(state);
  const logw = new Float64Array(state.history.length);
  const logz = state.history.logWeights(logw, 1);
  return { logw, logz };
}

/**
 * Normalised weights from {@link finalLogWeights}.
 * @param logw - unnormalised log-weights
 * @param logz - their logsumexp
 * @returns exp(logw - logz), summing to 1
 */
export function normalisedWeights(logw: Float64Array, logz: number): Float64Array {
  const weights = new Float64Array(logw.length);
  for (let s = 0; s < logw.length; s++) weights[s] = Math.exp(logw[s] - logz);
  return weights;
}
