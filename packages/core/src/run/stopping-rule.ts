import { effectiveSampleSizeFromLogWeights } from '../math/effective-sample-size.js';
import type { RunState } from './run-state.js';

/** beta at or above this counts as 1: the run has reached the posterior. */
export const POSTERIOR_BETA = 1 - 1e-4;

/**
 * Whether a run's last iteration is at the posterior (beta within 1e-4 of 1), so that its
 * weighted history at beta = 1 is the answer the run reports.
 * @param state - the run
 * @returns true once beta has reached 1
 */
export function reachedPosterior(state: RunState): boolean {
  return state.history.length > 0 && state.beta >= POSTERIOR_BETA;
}

/**
 * The stopping rule: beta has reached 1 and the history's ESS at beta = 1 reaches `nTotal`.
 * @param state - the run
 * @param nTotal - ESS of the final weighted posterior to reach
 * @returns whether the run is done
 */
export function isFinished(state: RunState, nTotal: number): boolean {
  if (!reachedPosterior(state)) return false;
  const logw = new Float64Array(state.history.length);
  state.history.logWeights(logw, 1);
  return effectiveSampleSizeFromLogWeights(logw) >= nTotal;
}
