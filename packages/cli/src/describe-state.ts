import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readStateInfo, Sampler, type StateInfo } from '@tempest/core';
import { kishEss } from './kish-ess.js';
import { optionsFromState, readRunRecord } from './run-record.js';

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

/** beta within this of 1 counts as 1 (as in the sampler's stopping rule). */
const BETA_ONE = 1e-9;

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
  if (info.iteration > 0 && info.beta >= 1 - BETA_ONE) Object.assign(description, await evidenceOf(info));
  for (const folder of [dirname(path), dirname(dirname(path))]) {
    if (!existsSync(join(folder, 'run.json'))) continue;
    const record = await readRunRecord(folder).catch(() => undefined);
    if (record !== undefined) Object.assign(description, { model: record.model, nTotal: record.nTotal });
    break;
  }
  return description;
}

/**
 * The evidence error and posterior ESS of a state, from a sampler that loads it with stand-in
 * functions: evaluating the weights at beta = 1 needs only the stored particles, no model call.
 */
async function evidenceOf(info: StateInfo): Promise<{ logz?: number; logzErr?: number; ess?: number }> {
  const o = info.options;
  const indices = (v: unknown) => (Array.isArray(v) ? (v as number[]) : undefined);
  try {
    const periodic = indices(o.periodic);
    const reflective = indices(o.reflective);
    const sampler = new Sampler({
      ...optionsFromState(info),
      nDim: info.nDim,
      ...(periodic ? { periodic } : {}),
      ...(reflective ? { reflective } : {}),
      priorTransform: (u: Float64Array) => u,
      logLikelihood: () => 0,
    });
    await sampler.loadState(info.path);
    const { logz, logzErr } = sampler.evidence();
    const { weights } = sampler.posterior({ trimImportanceWeights: false });
    return { logz, logzErr, ess: kishEss(weights) };
  } catch {
    return {};
  }
}
