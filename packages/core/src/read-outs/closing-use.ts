import { currentClosing, type ClosingSample } from '../run/closing-draw.js';
import type { RunState } from '../run/run-state.js';
import type { AnnealedEvidence } from './annealed-evidence.js';
import { closingDisagreement, untrustedClosing } from './closing-check.js';
import { convergenceOf } from './convergence.js';

/** A run's closing importance sample (`closingDraws`) as the evidence reports it. */
export interface ClosingEvidence {
  /** log Z from the draws alone: log of the mean of L/q. */
  logz: number;
  /** Its standard error (delta method). */
  logzErr: number;
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
 * at most 0.5, ESS at least half the draws, no mode under 10 particles' worth) and the
 * convergence verdict passed, which includes the closing sample agreeing with the anneal.
 * Otherwise the anneal's estimate stands. A closing sample cannot see a region the particles
 * never reached, and neither can the anneal (BENCHMARKS.md): where both lack one, the closing
 * sample's smaller error makes the miss look more significant.
 * @param state - the run
 * @param annealed - the anneal's estimate
 * @returns the closing sample's figures and use, and whether it failed the `closing` check
 *   (disagreed with the anneal), or undefined without a current closing sample
 */
export function closingEvidenceOf(state: RunState, annealed: AnnealedEvidence): { sample: ClosingSample; evidence: ClosingEvidence; disagrees: boolean } | undefined {
  const sample = currentClosing(state);
  if (sample === undefined) return undefined;
  const { logz, logzErr, ess, paretoShape, draws } = sample.estimate;
  const figures = { logz, logzErr, ess, paretoShape, draws, calls: sample.logl.length };
  let used = false;
  let reason: string;
  const untrusted = untrustedClosing(sample, state.nParticles);
  const verdict = convergenceOf(state);
  const disagrees = verdict.checks.some((c) => c.name === 'closing' && !c.passed);
  if (untrusted !== undefined) {
    reason = `In the closing sample ${untrusted}, so log Z is the anneal's.`;
  } else if (!verdict.converged) {
    reason = 'The convergence verdict failed, so log Z is the anneal\'s (see convergence).';
  } else {
    used = true;
    reason = `k-hat = ${paretoShape.toFixed(2)}, ESS ${Math.round(ess)} of ${draws} draws, the verdict passed and the anneal agrees (z = ${closingDisagreement(sample, annealed).toFixed(2)}), so log Z, its error and the posterior are the closing sample's.`;
  }
  return { sample, evidence: { ...figures, used, reason }, disagrees };
}
