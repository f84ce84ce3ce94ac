import { currentClosing, type ClosingSample } from '../run/closing-draw.js';
import type { RunState } from '../run/run-state.js';
import type { AnnealedEvidence } from './annealed-evidence.js';
import { CLOSING_MIN_MODE_PARTICLES, closingDisagreement, closingErrorOf, lightModeOf, untrustedClosing } from './closing-check.js';
import { convergenceOf } from './convergence.js';

/** A run's closing importance sample (`closingDraws`) as the evidence reports it. */
export interface ClosingEvidence {
  /** log Z from the draws alone: log of the mean of L/q. */
  logz: number;
  /** Its standard error from the draws (delta method). */
  logzErr: number;
  /**
   * What a lost mode could cost: ln(1 + share) of the fit's lightest mode when that holds fewer
   * than 10 particles' worth (a mode of its size may then have been lost, and the draws cannot see
   * it), else 0. Where the closing sample is used, the reported error is this and `logzErr` in
   * quadrature.
   */
  lostModeErr: number;
  /** Kish ESS of the draws' weights. */
  ess: number;
  /** Pareto shape k-hat of the weights' tail: up to 0.5 their error can be trusted. */
  paretoShape: number;
  /** Draws made. */
  draws: number;
  /** Likelihood calls they took (the draws inside the unit cube). */
  calls: number;
  /** Whether the reported log Z, its error and the posterior are the closing sample's. */
  used: boolean;
  /** Why, in a sentence. */
  reason: string;
}

/**
 * Whether a run reports its closing sample's log Z: when the draws' error can be trusted (k-hat
 * at most 0.5, ESS at least half the draws), the convergence verdict passed (which includes the
 * closing sample agreeing with the anneal) and its error, with a lost mode allowed for where the
 * lightest mode holds under 10 particles' worth, is smaller than the anneal's. Otherwise the
 * anneal's estimate stands. A closing sample cannot see a region the particles never reached,
 * and neither can the anneal (BENCHMARKS.md): where both lack one, the closing sample's smaller
 * error makes the miss look more significant.
 * @param state - the run
 * @param annealed - the anneal's estimate
 * @returns the closing sample's figures and use, and whether it failed the `closing` check
 *   (disagreed with the anneal), or undefined without a current closing sample
 */
export function closingEvidenceOf(state: RunState, annealed: AnnealedEvidence): { sample: ClosingSample; evidence: ClosingEvidence; disagrees: boolean } | undefined {
  const sample = currentClosing(state);
  if (sample === undefined) return undefined;
  const { logz, logzErr, ess, paretoShape, draws } = sample.estimate;
  const light = lightModeOf(sample, state.nParticles);
  const lostModeErr = light?.error ?? 0;
  const figures = { logz, logzErr, lostModeErr, ess, paretoShape, draws, calls: sample.logl.length };
  const widened = light === undefined
    ? ''
    : ` The lightest of its ${light.modes} modes holds ${(100 * light.share).toPrecision(2)}% of the posterior, ${light.particles.toFixed(1)} particles' worth of ${state.nParticles} (below ${CLOSING_MIN_MODE_PARTICLES}; ${Math.ceil(CLOSING_MIN_MODE_PARTICLES / light.share)} particles would hold ${CLOSING_MIN_MODE_PARTICLES}): a mode of that size may have been lost, which the draws would not see, so ${lostModeErr.toFixed(3)} is added to their error in quadrature.`;
  const error = closingErrorOf(sample, state.nParticles);
  let used = false;
  let reason: string;
  const untrusted = untrustedClosing(sample);
  const verdict = convergenceOf(state);
  const disagrees = verdict.checks.some((c) => c.name === 'closing' && !c.passed);
  if (untrusted !== undefined) {
    reason = `In the closing sample ${untrusted}, so log Z is the anneal's.`;
  } else if (!verdict.converged) {
    reason = 'The convergence verdict failed, so log Z is the anneal\'s (see convergence).';
  } else if (!(error < annealed.logzErr)) {
    reason = `Its error with a lost mode allowed for, ${error.toFixed(3)}, is no smaller than the anneal's, so log Z is the anneal's.${widened}`;
  } else {
    used = true;
    reason = `k-hat = ${paretoShape.toFixed(2)}, ESS ${Math.round(ess)} of ${draws} draws, the verdict passed and the anneal agrees (z = ${closingDisagreement(sample, error, annealed).toFixed(2)}), so log Z, its error and the posterior are the closing sample's.${widened}`;
  }
  return { sample, evidence: { ...figures, used, reason }, disagrees };
}
