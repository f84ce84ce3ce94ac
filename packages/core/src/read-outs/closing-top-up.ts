import type { ClosingSample } from '../run/closing-draw.js';
import type { RunState } from '../run/run-state.js';
import { boundedShapeLimit, CLOSING_MIN_BOUNDED_ESS, CLOSING_MIN_EFFICIENCY, untrustedClosing } from './closing-check.js';
import { historyBeyondDraws } from './closing-coverage.js';

/** Most draws a closing sample makes, in batches of `closingDraws`. */
export const CLOSING_MAX_BATCHES = 4;

/**
 * How many more draws a closing sample should make: another batch of `closingDraws` while its
 * weights are bounded (k-hat at most `boundedShapeLimit`, see `untrustedClosing`) and its ESS is below what a
 * sample trusted for its ESS has at least, half a batch, up to {@link CLOSING_MAX_BATCHES}
 * batches; a sample not yet trusted only for want of effective draws draws on too, when the
 * batches left can give it {@link CLOSING_MIN_BOUNDED_ESS}. A mixture wider than the posterior
 * (a thin shell) gives an ESS of a fifth of its draws (a 20-D shell: a thirteenth), where one
 * close to it gives four fifths; at equal calls its draws are still several times more precise
 * than the anneal's (on the 10-D shells 0.024 from 4,096 draws against 0.11 from 180k calls), so
 * drawing on is the cheapest precision the run can buy. The draws come from the same mixture, so
 * the batches are one importance sample.
 * @param state - the run
 * @param sample - the closing sample so far
 * @param batch - `closingDraws`
 * @returns draws to add, 0 for none
 */
export function closingTopUp(state: RunState, sample: ClosingSample, batch: number): number {
  const { ess, paretoShape } = sample.estimate;
  // Batches are counted in draws from the fitted mixture; those for orphan regions are extra.
  const draws = sample.estimate.draws - sample.orphanDraws;
  if (draws + batch > CLOSING_MAX_BATCHES * batch || ess >= CLOSING_MIN_EFFICIENCY * batch) return 0;
  if (untrustedClosing(sample, historyBeyondDraws(state, sample)) === undefined) return batch;
  const reachable = (ess / draws) * CLOSING_MAX_BATCHES * batch >= CLOSING_MIN_BOUNDED_ESS;
  return paretoShape <= boundedShapeLimit(sample.estimate.draws) && ess < CLOSING_MIN_BOUNDED_ESS && reachable ? batch : 0;
}
