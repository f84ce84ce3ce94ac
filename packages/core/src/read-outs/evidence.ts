import type { RunState } from '../run/run-state.js';
import { annealedEvidenceFromWeights, annealedEvidenceOf, type AnnealedEvidence } from './annealed-evidence.js';
import { closingEvidenceOf, type ClosingEvidence } from './closing-use.js';

export type { AnnealedEvidence } from './annealed-evidence.js';
export type { ClosingEvidence } from './closing-use.js';

/** The model evidence. */
export interface Evidence extends AnnealedEvidence {
  /**
   * With `closingDraws`: the closing importance sample's figures, and whether `logz` and
   * `logzErr` are its (`closing.used`).
   */
  closing?: ClosingEvidence;
  /** With `closingDraws`: the anneal's own estimate, which `logz` is unless `closing.used`. */
  annealed?: AnnealedEvidence;
}

/**
 * The log-evidence at beta = 1 with its standard error. By default the anneal's (see
 * `annealedEvidenceOf`): from the whole history, its error the spread between ancestral
 * lineages or, with independent lineage groups, the larger of that and the spread between the
 * groups. With `closingDraws`, the closing importance sample's where its error can be trusted,
 * the verdict passed and its error (widened where a light mode may have had a twin lost) is the
 * smaller (see `closingEvidenceOf`); where the two disagree, the higher of them when that is the
 * closing sample's (an anneal lacking a region found late is too low; a trusted importance sample
 * is too high only by chance), else the anneal's, either with its error widened to their difference;
 * and where draws not used lie more than one combined error above the anneal (k-hat below 1, 30 effective draws),
 * their log Z with that difference as error, since such draws run low, not high (`closingFloorOf`).
 * @param state - the run (a live sampler's, or one read from a state file)
 * @returns `{ logz, logzErr }`, with groups the two errors the anneal's is the larger of, and
 *   with a closing sample its figures and the anneal's
 * @throws {TempestError} `NOT_RUN` before the first iteration
 * @example
 * ```ts
 * const { logz, logzErr } = evidenceOf(await readRunState('states/ps_final.state'));
 * ```
 */
export function evidenceOf(state: RunState): Evidence {
  return withClosing(state, annealedEvidenceOf(state));
}

/**
 * {@link evidenceOf} from the final log-weights, when the caller has them already (`resultsOf`).
 * @param state - the run
 * @param logw - `finalLogWeights`' log-weights
 * @param logz - their logsumexp
 * @returns as {@link evidenceOf}
 */
export function evidenceFromWeights(state: RunState, logw: Float64Array, logz: number): Evidence {
  return withClosing(state, annealedEvidenceFromWeights(state, logw, logz));
}

function withClosing(state: RunState, annealed: AnnealedEvidence): Evidence {
  const found = closingEvidenceOf(state, annealed);
  if (found === undefined) return annealed;
  const { sample, evidence: closing, disagrees } = found;
  // Disagreeing estimates: the answer is uncertain by at least their difference.
  const gap = Math.abs(sample.estimate.logz - annealed.logz);
  if (closing.used) {
    const error = Math.hypot(closing.logzErr, closing.lostModeErr);
    return { logz: closing.logz, logzErr: disagrees ? Math.max(error, gap) : error, closing, annealed };
  }
  // Draws not used that lie above the anneal: the higher estimate, uncertain by their difference.
  if (closing.floor) return { logz: closing.logz, logzErr: Math.max(Math.hypot(closing.logzErr, closing.lostModeErr), gap), closing, annealed };
  return { ...annealed, logzErr: disagrees ? Math.max(annealed.logzErr, gap) : annealed.logzErr, closing, annealed };
}

