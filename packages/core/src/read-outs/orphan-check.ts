import { currentClosing } from '../run/closing-draw.js';
import type { OrphanShares } from '../run/closing-orphans.js';
import type { RunState } from '../run/run-state.js';
import { annealedEvidenceOf } from './annealed-evidence.js';
import { untrustedClosing } from './closing-check.js';
import { historyBeyondDraws } from './closing-coverage.js';
import type { ConvergenceCheck } from './convergence.js';

/**
 * How many times the anneal's estimate of the orphan regions' evidence the closing draws' estimate
 * must be before the anneal counts as lacking them. The draws' estimate of a region's evidence
 * (the mean of L/q over the draws that fall in it) is unbiased and never negative, so by Markov's
 * inequality it reaches c times the region's true evidence with probability at most 1/c,
 * whatever the tail of its weights: 20 leaves at most 1 in 20 where the anneal weighed the region
 * right. On the 2-D spike and slab, where the anneal had lost the spike and the closing sample
 * found it, the factor was 80 to 740; where the orphans are the far reaches of one mode (the
 * Rosenbrock chain, the correlated Student-t, the egg-box) it was below 5 (BENCHMARKS.md, session 18).
 */
export const ORPHAN_EVIDENCE_RATIO = 20;

/**
 * What the anneal lacks in the orphan regions, as a shift of log Z, must exceed this many of its
 * errors to fail the check: a region that moves log Z by less than the reported error is covered
 * by it.
 */
export const ORPHAN_SHIFT_ERRORS = 1;

/**
 * With a closing sample whose error cannot be trusted and that drew from orphan regions (regions
 * of high likelihood its fitted mixture lacked, see `closing-orphans.ts`): whether the anneal
 * weighed those regions too. The draws put share s_c of their evidence Z_c there and the anneal's
 * history share s_a of its Z_a. Where s_c Z_c exceeds {@link ORPHAN_EVIDENCE_RATIO} times s_a Z_a
 * and the difference, ln(1 + s_c Z_c / Z_a - s_a), exceeds {@link ORPHAN_SHIFT_ERRORS} of the
 * anneal's errors, the anneal lacks a region the draws found (a mode no cluster held, a spike
 * reached by a few particles), and its log Z is too low by about that difference. A closing sample
 * that can be trusted is compared with the anneal as a whole by the `closing` check instead (and
 * reported where the anneal lacks what it has).
 * @param state - the run
 * @returns the check, or undefined without a current closing sample, without orphan regions, or
 *   where the closing sample's error can be trusted
 */
export function orphanCheck(state: RunState): ConvergenceCheck | undefined {
  const closing = currentClosing(state);
  if (closing === undefined) return undefined;
  const name = 'orphans';
  // Nothing to test without orphans; with a trusted closing sample the closing check compares it.
  if (closing.orphanRegions === 0 || untrustedClosing(closing, historyBeyondDraws(state, closing)) === undefined) return undefined;
  const { draws, history } = closing.orphanShares;
  if (!(Number.isFinite(draws) && Number.isFinite(history))) {
    return { name, passed: true, tested: false, statistic: 0, detail: 'The closing sample was read from a state file that does not hold its orphan regions\' shares.' };
  }
  const annealed = annealedEvidenceOf(state);
  const { ratio, shift, z, passed } = orphanShortfall(closing.orphanShares, closing.estimate.logz, annealed);
  const regions = closing.orphanRegions === 1 ? 'one region' : `${closing.orphanRegions} regions`;
  const figures = `its draws put ${percent(draws)} of their posterior in ${regions} of high likelihood that its fitted mixture lacked, where the anneal's posterior puts ${percent(history)}: ${Number.isFinite(ratio) ? `${ratio >= 10 ? Math.round(ratio) : ratio.toPrecision(2)} times` : 'infinitely more than'} the anneal's evidence there`;
  return {
    name, passed, tested: true, statistic: z,
    detail: passed
      ? `The anneal weighed the regions its closing sample's mixture lacked: ${figures}, a shift of log Z of ${shift.toFixed(3)} (${z.toFixed(1)} of the anneal's errors).`
      : `The anneal lacks a region its closing sample found: ${figures} (an unbiased estimate reaches ${ORPHAN_EVIDENCE_RATIO} times its mean less than 1 time in ${ORPHAN_EVIDENCE_RATIO}), so the anneal's log Z (${annealed.logz.toFixed(3)} ± ${annealed.logzErr.toFixed(3)}) is probably too low, by about ${shift.toFixed(2)}. The closing sample's own error cannot be trusted (k-hat = ${closing.estimate.paretoShape.toFixed(2)}), so it cannot replace the anneal's.`,
  };
}

/** What the anneal lacks in the orphan regions, by the closing draws. */
export interface OrphanShortfall {
  /** The draws' evidence in the regions over the anneal's (Infinity where the anneal has none there). */
  ratio: number;
  /** ln(1 + s_c Z_c / Z_a - s_a): how far the anneal's log Z falls short for lacking them. */
  shift: number;
  /** `shift` in the anneal's errors. */
  z: number;
  /** False when the ratio reaches {@link ORPHAN_EVIDENCE_RATIO} and z exceeds {@link ORPHAN_SHIFT_ERRORS}. */
  passed: boolean;
}

/**
 * The orphans check's figures (see {@link orphanCheck}).
 * @param shares - the regions' shares of the draws' and the anneal's posterior
 * @param closingLogz - the draws' log Z
 * @param annealed - the anneal's log Z and error
 * @returns ratio, shift, its z, and whether the anneal passes
 */
export function orphanShortfall(shares: OrphanShares, closingLogz: number, annealed: { logz: number; logzErr: number }): OrphanShortfall {
  // The regions' evidence by the draws, relative to the anneal's whole evidence.
  const relative = shares.draws * Math.exp(closingLogz - annealed.logz);
  const ratio = relative / shares.history;
  const shift = Math.log1p(relative - shares.history);
  const z = shift / annealed.logzErr;
  return { ratio, shift, z, passed: !(ratio >= ORPHAN_EVIDENCE_RATIO && z > ORPHAN_SHIFT_ERRORS) };
}

/** A share as a percentage with two significant digits. */
function percent(share: number): string {
  return `${(100 * share).toPrecision(2)}%`;
}
