import { lineageEvidenceError } from '../genealogy/lineage-error.js';
import { groupEvidenceError, groupLogEvidences } from '../genealogy/lineage-groups.js';
import type { RunState } from '../run/run-state.js';
import { finalLogWeights } from './final-weights.js';
import { priorFractionError } from './prior-support.js';

/** The anneal's estimate of the model evidence: from the whole history, with the genealogy's error. */
export interface AnnealedEvidence {
  /** Natural log of Z. */
  logz: number;
  /** Standard error of `logz`. */
  logzErr: number;
  /** With `lineageGroups` > 1: the error the genealogy alone gives (`logzErr` is the larger of the two). */
  lineageErr?: number;
  /** With `lineageGroups` > 1: the error the spread between the groups' own log Z gives. */
  groupErr?: number;
  /**
   * Where some prior draws had logLikelihood = -Infinity: the binomial error of the finite
   * fraction the first iteration measured, which every later iteration inherits; `logzErr`
   * includes it (added in quadrature).
   */
  priorFractionErr?: number;
}

/**
 * The log-evidence at beta = 1 from the whole history, with its standard error: the spread
 * between ancestral lineages (see `lineageEvidenceError`) or, with independent lineage groups,
 * the larger of that and the spread between the groups (see `groupEvidenceError`), and, where part
 * of the prior has no finite likelihood, the binomial error of its measured finite fraction.
 * @param state - the run (a live sampler's, or one read from a state file)
 * @returns `{ logz, logzErr }`, and with groups the two errors it is the larger of
 * @throws {TempestError} `NOT_RUN` before the first iteration
 */
export function annealedEvidenceOf(state: RunState): AnnealedEvidence {
  const { logw, logz } = finalLogWeights(state);
  return annealedEvidenceFromWeights(state, logw, logz);
}

/**
 * {@link annealedEvidenceOf} from the final log-weights, when the caller has them already (`resultsOf`).
 * @param state - the run
 * @param logw - {@link finalLogWeights}' log-weights
 * @param logz - their logsumexp
 * @returns as {@link annealedEvidenceOf}
 */
export function annealedEvidenceFromWeights(state: RunState, logw: Float64Array, logz: number): AnnealedEvidence {
  const h = state.history;
  const lineageErr = lineageEvidenceError(logw, h.lineage, state.nLineages, h.survival);
  const groups = lineageGroupsOf(state);
  // The pooled log Z stays the estimate (it had the smaller scatter over seeds than the groups' mean).
  const groupErr = groups === 1 ? undefined : groupErrorOf(state, groups);
  const spreadErr = groupErr === undefined ? lineageErr : Math.max(lineageErr, groupErr);
  const priorFractionErr = priorFractionError(state);
  const logzErr = priorFractionErr === 0 ? spreadErr : Math.hypot(spreadErr, priorFractionErr);
  return {
    logz, logzErr,
    ...(groupErr === undefined ? {} : { lineageErr, groupErr }),
    ...(priorFractionErr === 0 ? {} : { priorFractionErr }),
  };
}


/**
 * The groups' recursions cost O(N T) (about 1 s at 600 iterations of 256 particles), so the error
 * is kept per run until its history grows: `results()` and `evidence()` after a run share one.
 */
const groupErrors = new WeakMap<RunState, { length: number; error: number }>();

function groupErrorOf(state: RunState, groups: number): number {
  const h = state.history;
  const cached = groupErrors.get(state);
  if (cached !== undefined && cached.length === h.length) return cached.error;
  const { error } = groupEvidenceError(groupLogEvidences(h, state.nParticles, groups), state.nParticles);
  groupErrors.set(state, { length: h.length, error });
  return error;
}

/** The run's lineage groups (1 for state files written before the option). */
function lineageGroupsOf(state: RunState): number {
  const g = Number(state.fingerprint.lineageGroups ?? 1);
  return Number.isInteger(g) && g >= 1 ? g : 1;
}
