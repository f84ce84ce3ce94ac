import { currentClosing, type ClosingSample } from '../run/closing-draw.js';
import type { RunState } from '../run/run-state.js';
import type { AnnealedEvidence } from './annealed-evidence.js';
import { CLOSING_MIN_MODE_PARTICLES, closingDisagreement, closingErrorOf, lightModeOf, untrustedClosing } from './closing-check.js';
import { historyBeyondDraws } from './closing-coverage.js';
import { closingFloorOf } from './closing-floor.js';
import { convergenceOf } from './convergence.js';
import { ORPHAN_ROUNDS } from '../run/closing-orphans.js';
import type { ClimbSearch } from '../run/closing-climbs.js';

/** A run's closing importance sample (`closingDraws`) as the evidence reports it. */
export interface ClosingEvidence {
  /** log Z from the draws alone: log of the mean of L/q. */
  logz: number;
  /** Its standard error from the draws (delta method). */
  logzErr: number;
  /**
   * What a lost mode could cost: where the fit's lightest mode holds fewer than 10 particles'
   * worth, ln(1 + share) × sqrt(p), the root-mean-square shift of log Z from a twin of it (as
   * heavy, which the draws could not see) that one of the run's resamplings emptied with the
   * probability p measured from the mode's weight at each iteration; else 0. Where the closing sample is used, the reported error is this and `logzErr` in
   * quadrature.
   */
  lostModeErr: number;
  /** Kish ESS of the draws' weights. */
  ess: number;
  /**
   * Pareto shape k-hat of the weights' tail: up to 0.5 their error can be trusted; at 0 or below,
   * within twice its standard error (`boundedShapeLimit`: 0.14 for 4,096 draws), the weights are
   * bounded (the mixture is wider than the posterior wherever the draws went).
   */
  paretoShape: number;
  /**
   * The share of the history's posterior weight where the fitted mixture is thinner, relative to
   * the posterior, than at any draw: a region the draws lack shows here. Above `logzErr` the
   * sample is not used.
   */
  historyBeyond: number;
  /**
   * Regions of high likelihood the fitted mixture lacked, found at history particles and drawn
   * from by components of their own (see `ClosingSample.orphanRegions`); 0 where there were none.
   */
  orphanRegions: number;
  /**
   * The search for modes the fitted mixture lacked, by climbs from the history's particles outside
   * it (see `ClosingSample.climbs`); where it was complete, `lostModeErr` counts only the losses
   * it could not have undone. Climbs from particles at its edge that turn away from every mode it
   * has (`edgeTests`, `edgeTurns`, `edgeClimbs`) add to what it finds but not to what it vouches
   * for. Absent where there was no search (a state file from before it).
   */
  climbs?: ClimbSearch;
  /** Draws made. */
  draws: number;
  /** Likelihood calls they took (the draws inside the unit cube; the climbs' are in `climbs`). */
  calls: number;
  /** Whether the reported log Z, its error and the posterior are the closing sample's. */
  used: boolean;
  /**
   * Whether the reported log Z is the closing sample's as a floor under the anneal's: draws whose
   * error cannot be trusted but that lie more than one combined error above the anneal (see
   * `closingFloorOf`). The error is then their difference, and the posterior stays the anneal's.
   */
  floor: boolean;
  /** Why, in a sentence. */
  reason: string;
}

/**
 * Whether a run reports its closing sample's log Z: when the draws' error can be trusted (k-hat
 * at most 0.5; ESS at least half the draws, or 400 effective draws with k-hat at most `boundedShapeLimit`
 * (0.14 for 4,096 draws), where the weights are bounded; the history's weight beyond the draws' largest ratio within their
 * error), the convergence verdict passed (which includes the closing sample agreeing with the
 * anneal) and its error, with a lost mode allowed for where the lightest mode holds under 10
 * particles' worth, is smaller than the anneal's; or when trusted draws lie more than 4 combined
 * errors above the anneal (which then lacks a region the draws have), with the error widened to
 * the difference (see `evidenceOf`). Otherwise the anneal's estimate stands, unless the draws,
 * trusted or not, lie more than one combined error above it with k-hat below 1 and 30
 * effective draws: their log Z then stands as a floor under the anneal's (`closingFloorOf`), with
 * the error widened to the difference and the anneal's posterior. A closing sample
 * cannot see a region the particles never reached, and neither can the anneal (BENCHMARKS.md):
 * where both lack one, the closing sample's smaller error makes the miss look more significant.
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
  const historyBeyond = historyBeyondDraws(state, sample);
  const figures = { logz, logzErr, lostModeErr, ess, paretoShape, historyBeyond, orphanRegions: sample.orphanRegions, ...(sample.climbs === undefined ? {} : { climbs: sample.climbs }), draws, calls: sample.logl.length };
  const widened = light === undefined
    ? ''
    : ` The lightest of its ${light.modes} modes holds ${(100 * light.share).toPrecision(2)}% of the posterior, ${light.particles.toFixed(1)} particles' worth of ${state.nParticles} (below ${CLOSING_MIN_MODE_PARTICLES}; ${Math.ceil(CLOSING_MIN_MODE_PARTICLES / light.share)} particles would hold ${CLOSING_MIN_MODE_PARTICLES}): a twin of it, which the draws would not see, would have been emptied by one of the run's resamplings${sample.climbs?.complete === true ? ' before its particles would lie outside the fitted mixture, where the climbs find them,' : ''} with probability ${light.lossChance.toPrecision(2)}, so ${lostModeErr.toFixed(3)} (ln(1 + share) × its square root) is added to their error in quadrature.`;
  const error = closingErrorOf(sample, state.nParticles);
  let used = false;
  let floor = false;
  let reason = '';
  const untrusted = untrustedClosing(sample, historyBeyond);
  const verdict = convergenceOf(state);
  const disagrees = verdict.checks.some((c) => c.name === 'closing' && !c.passed);
  const z = closingDisagreement(sample, error, annealed);
  // Why the anneal's estimate stands, when it does: a clause that ends in "so log Z is the anneal's".
  let notUsed: string | undefined;
  let notUsedNote = '';
  if (untrusted !== undefined) {
    notUsed = `In the closing sample ${untrusted}`;
  } else if (disagrees && z > 0) {
    // An importance sample whose weights have a light tail is too high by more than its error only
    // by chance (its expectation is Z where the mixture covers the posterior, less where it does
    // not); an anneal that lacks a region found late is too low. So the higher estimate stands,
    // with the error of their difference, since the verdict failed.
    used = true;
    reason = `It lies ${z.toFixed(1)} combined errors above the anneal's log Z (${annealed.logz.toFixed(3)} ± ${annealed.logzErr.toFixed(3)}): the anneal lacks a region the draws have, and draws whose error can be trusted (k-hat = ${paretoShape.toFixed(2)}, ESS ${Math.round(ess)} of ${draws}) are too high only by chance. So log Z and the posterior are the closing sample's, with the error widened to their difference since the verdict failed.${widened}`;
  } else if (!verdict.converged) {
    notUsed = 'The convergence verdict failed (see convergence)';
  } else if (!(error < annealed.logzErr)) {
    notUsed = `Its error with a lost mode allowed for, ${error.toFixed(3)}, is no smaller than the anneal's`;
    notUsedNote = widened;
  } else {
    used = true;
    reason = `k-hat = ${paretoShape.toFixed(2)}, ESS ${Math.round(ess)} of ${draws} draws, the verdict passed and the anneal agrees (z = ${z.toFixed(2)}), so log Z, its error and the posterior are the closing sample's.${widened}`;
  }
  if (notUsed !== undefined) {
    const above = closingFloorOf(sample, error, annealed);
    floor = above !== undefined;
    reason = above === undefined
      ? `${notUsed}, so log Z is the anneal's.${notUsedNote}`
      : `${notUsed}. But its log Z lies ${above.toFixed(1)} combined errors above the anneal's (${annealed.logz.toFixed(3)} ± ${annealed.logzErr.toFixed(3)}), and draws like these (k-hat = ${paretoShape.toFixed(2)}, ESS ${Math.round(ess)}) fall short of log Z far more often than they exceed it: the anneal is probably too low. So log Z is the closing sample's, with the error widened to their difference, and the posterior is the anneal's.${widened}`;
  }
  const climbs = sample.climbs;
  if (climbs !== undefined && climbs.candidates > 0) {
    const one = climbs.tested === 1;
    const regions = climbs.candidates > climbs.tested
      ? `The ${climbs.tested} highest in L/q of more than ${climbs.tested} regions of history particles outside its fitted mixture were`
      : one ? 'The one region of history particles outside its fitted mixture was' : `All ${climbs.tested} regions of history particles outside its fitted mixture were`;
    const found = climbs.valleys === 0
      ? `${one ? 'it had none' : 'none had one'}`
      : `${one ? 'it had one' : `${climbs.valleys} had one`}, and ${climbs.climbs} climb${climbs.climbs === 1 ? '' : 's'} went up from ${climbs.valleys === 1 ? 'it' : 'them'}`;
    reason += ` ${regions} tested for a valley towards it: ${found}${climbs.complete ? '' : '; the search was not complete'}.`;
  }
  if (climbs?.edgeTurns !== undefined && climbs.edgeTurns > 0) {
    const turns = climbs.edgeTurns === 1 ? 'one turned' : `${climbs.edgeTurns} turned`;
    reason += ` Of ${climbs.edgeTests} regions of history particles at the edge of its fitted mixture, ${turns} away from every mode it has (the likelihood fell a step towards the nearest), and ${climbs.edgeClimbs} climb${climbs.edgeClimbs === 1 ? '' : 's'} went up from ${climbs.edgeTurns === 1 ? 'it' : 'them'}.`;
  }
  if (sample.orphanRegions > 0) {
    const regions = sample.orphanRegions === 1 ? 'one region' : `${sample.orphanRegions} regions`;
    reason += ` Its fitted mixture lacked ${regions} of high likelihood that history particles or climbs from them had reached (L/q there above the draws' largest by more than a factor e); the draws took in ${sample.orphanRegions === 1 ? 'it' : 'them'} with components refitted over ${ORPHAN_ROUNDS} rounds${used ? ', and the posterior is the draws\' alone (the anneal under-weighted what it lacked)' : ''}.`;
  }
  return { sample, evidence: { ...figures, used, floor, reason }, disagrees };
}
