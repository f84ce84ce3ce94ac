import { lineageEvidenceError } from '../genealogy/lineage-error.js';
import type { RunState } from '../run/run-state.js';
import { finalLogWeights } from './final-weights.js';

/** The model evidence. */
export interface Evidence {
  /** Natural log of Z. */
  logz: number;
  /** Standard error of `logz`. */
  logzErr: number;
}

/**
 * The log-evidence at beta = 1 from the whole history, with its standard error from the spread
 * between ancestral lineages (see `lineageEvidenceError`).
 * @param state - the run (a live sampler's, or one read from a state file)
 * @returns `{ logz, logzErr }`
 * @throws {TempestError} `NOT_RUN` before the first iteration
 * @example
 * ```ts
 * const { logz, logzErr } = evidenceOf(await readRunState('states/ps_final.state'));
 * ```
 */
export function evidenceOf(state: RunState): Evidence {
  const { logw, logz } = finalLogWeights(state);
  const h = state.history;
  return { logz, logzErr: lineageEvidenceError(logw, h.lineage, state.nLineages, h.survival) };
}
