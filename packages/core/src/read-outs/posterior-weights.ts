import { logAddExp, logSumExp } from '../math/log-sum-exp.js';
import type { ClosingSample } from '../run/closing-draw.js';
import type { RunState } from '../run/run-state.js';
import { annealedEvidenceFromWeights } from './annealed-evidence.js';
import { closingEvidenceOf } from './closing-use.js';
import { finalLogWeights } from './final-weights.js';

/**
 * The importance weights at beta = 1 of every posterior sample: the history's particles, and
 * with a closing sample in use (see `closingEvidenceOf`) its draws after them. The draws join the
 * history's balance-heuristic mixture as one more component, M q(u) beside the iterations'
 * n_t L^beta_t / Z_t, so every weight stays bounded by both kinds of component: a region q covers
 * thinly keeps the history's weights, and the draws never outweigh particles that show a region
 * better. Draws are added only when their log Z is the one reported, whose normalisation the
 * history's components then share. Where the closing sample found regions its fitted mixture
 * lacked (`orphanRegions`), the history's components claim draws there that the anneal did not
 * make (its particles were not spread as its tempered targets are), so the weights are the
 * draws' alone: on the 5-D unequal pair, mixing both gave the narrow mode 0.07-0.10 of the
 * weight where its share is 0.20 (BENCHMARKS.md, session 17).
 * @param state - the run
 * @returns unnormalised log-weights (history first, then draws), their logsumexp, and the sample used
 * @throws {TempestError} `NOT_RUN` before the first iteration
 */
export function posteriorLogWeights(state: RunState): { logw: Float64Array; logz: number; closing?: ClosingSample } {
  const history = finalLogWeights(state);
  const found = closingEvidenceOf(state, annealedEvidenceFromWeights(state, history.logw, history.logz));
  if (found === undefined || !found.evidence.used) return history;
  const { sample } = found;
  const h = state.history;
  const N = h.length;
  const m = sample.logl.length;
  const logM = Math.log(sample.estimate.draws);
  const logw = new Float64Array(N + m);
  const logl = h.logl;
  if (sample.orphanRegions > 0) {
    logw.fill(-Infinity, 0, N);
    for (let j = 0; j < m; j++) logw[N + j] = sample.logl[j] === -Infinity ? -Infinity : sample.logl[j] - sample.logq[j];
    return { logw, logz: logSumExp(logw.subarray(N)), closing: sample };
  }
  for (let s = 0; s < N; s++) {
    // history.logw = logl - log(sum_t n_t L^beta_t / Z_t), so the history's denominator is logl - logw.
    const logC = logl[s] - history.logw[s];
    logw[s] = logl[s] === -Infinity ? -Infinity : logl[s] - logAddExp(logC, logM + sample.historyLogq[s]);
  }
  for (let j = 0; j < m; j++) {
    const l = sample.logl[j];
    logw[N + j] = l === -Infinity ? -Infinity : l - logAddExp(h.logDenominator(l), logM + sample.logq[j]);
  }
  let max = -Infinity;
  for (const v of logw) if (v > max) max = v;
  let sum = 0;
  for (const v of logw) sum += Math.exp(v - max);
  return { logw, logz: max + Math.log(sum), closing: sample };
}
