import type { ClosingSample } from '../run/closing-draw.js';
import type { RunState } from '../run/run-state.js';
import { CLOSING_MIN_EFFICIENCY, untrustedClosing } from './closing-check.js';
import { historyBeyondDraws } from './closing-coverage.js';

/** Most draws a closing sample makes, in batches of `closingDraws`. */
export const CLOSING_MAX_BATCHES = 4;

/**
 * How many more draws a closing sample should make: another batch of `closingDraws` while it is
 * trusted for its bounded weights alone (see `untrustedClosing`) and its ESS is still below what a
 * sample trusted for its ESS has at least, half a batch, up to {@link CLOSING_MAX_BATCHES}
 * batches. A mixture wider than the posterior (a thin shell) gives an ESS of a fifth of its
 * draws, where one close to it gives four fifths; at equal calls its draws are still several
 * times more precise than the anneal's (on the 10-D shells 0.024 from 4,096 draws against 0.11
 * from 180k calls), so drawing on until the ESS is that of a good batch is the cheapest precision
 * the run can buy. The draws come from the same mixture, so the batches are one importance sample.
 * @param state - the run
 * @param sample - the closing sample so far
 * @param batch - `closingDraws`
 * @returns draws to add, 0 for none
 */
export function closingTopUp(state: RunState, sample: ClosingSample, batch: number): number {
  const { ess, draws } = sample.estimate;
  if (draws + batch > CLOSING_MAX_BATCHES * batch || ess >= CLOSING_MIN_EFFICIENCY * batch) return 0;
  return untrustedClosing(sample, historyBeyondDraws(state, sample)) === undefined ? batch : 0;
}
