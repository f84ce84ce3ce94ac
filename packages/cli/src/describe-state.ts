import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { effectiveSampleSize, evidenceOf, posteriorOf, reachedPosterior, readRunState, readStateInfo, type StateInfo } from '@tempest/core';
import { readRunRecord } from './run-record.js';

/** What `tempest info` says about a state file: its summary and what can be derived from it. */
export interface StateDescription extends StateInfo {
  /** Standard error of `logz`, once beta has reached 1 (`logz` is then the evidence the run reports, from the whole history). */
  logzErr?: number;
  /** Posterior ESS reached so far (Kish ESS of the history's weights at beta = 1), once beta is 1. */
  ess?: number;
  /** The run's target ESS, from the run.json beside or above the state file. */
  nTotal?: number;
  /** The model file, from that run.json. */
  model?: string;
}

/**
 * Reads a state file's summary and, without importing any model, adds the log Z error and the
 * posterior ESS (once beta is 1: they are the final run's quantities, and log Z becomes the
 * evidence from the whole history, as the run reports it) and, when a run.json of a
 * tempest run sits beside the file or above its states/ folder, the model path and target ESS.
 * @param path - a state file
 * @returns the description (the extras are absent when they cannot be worked out)
 * @throws {TempestError} `INVALID_STATE_FILE` when the file is not a usable state file
 */
export async function describeState(path: string): Promise<StateDescription> {
  const info = await readStateInfo(path);
  const description: StateDescription = { ...info };
  if (info.iteration > 0) Object.assign(description, await finalEvidence(info.path));
  for (const folder of [dirname(path), dirname(dirname(path))]) {
    if (!existsSync(join(folder, 'run.json'))) continue;
    const record = await readRunRecord(folder).catch(() => undefined);
    if (record !== undefined) Object.assign(description, { model: record.model, nTotal: record.nTotal });
    break;
  }
  return description;
}

/**
 * The evidence, its error and the posterior ESS of a state whose beta has reached 1, from the
 * read-outs of the state itself: weighting the stored particles needs no model call.
 */
async function finalEvidence(path: string): Promise<{ logz?: number; logzErr?: number; ess?: number }> {
  try {
    const state = await readRunState(path);
    if (!reachedPosterior(state)) return {};
    const { logz, logzErr } = evidenceOf(state);
    const { weights } = posteriorOf(state, { trimImportanceWeights: false });
    return { logz, logzErr, ess: effectiveSampleSize(weights) };
  } catch {
    return {};
  }
}
