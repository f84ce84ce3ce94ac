import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ResolvedOptions, StateInfo } from '@tempest/core';
import { CliError } from './cli-error.js';
import { SAMPLER_FLAGS, samplerOptionsFromModel, type FlagOptions } from './sampler-flags.js';

/** `run.json`: a data-only record of a run, enough to resume it or to repeat it. */
export interface RunRecord {
  /** Marks the file as a Tempest run record. */
  kind: 'tempest-run';
  /** Version of @tempest/cli that ran it. */
  tempest: string;
  /** Absolute path of the model file. */
  model: string;
  /** SHA-256 of the model file when the run (or this resume of it) started. */
  modelSha256: string;
  /**
   * SHA-256s of other versions of the model that earlier parts of the run used (before a resume
   * with a changed or another model file): the results mix model versions, and every later
   * resume says so. Absent when the run used one version throughout.
   */
  earlierModelSha256?: string[];
  /** Effective sampler options (every flag-settable option, defaults filled in). */
  options: FlagOptions;
  /** Seed of the run (also in `options.randomState`). */
  seed: number;
  /** Target posterior ESS. */
  nTotal: number;
  /** State file interval, if any. */
  saveEvery: number | null;
  /** `--pool` as given (results do not depend on it). */
  pool: string;
  /** Absolute output folder. */
  out: string;
  /** The command line (argv after `node`). */
  command: string[];
  /** ISO time the run (or resume) started. */
  startedAt: string;
  /** The state file this run continued from, for `tempest resume`. */
  resumedFrom?: string;
}

/**
 * The flag-settable options a sampler actually used (what `tempest resume` must give again).
 * @param options - the sampler's resolved options
 * @returns data-only options
 */
export function effectiveOptions(options: Readonly<ResolvedOptions>): FlagOptions {
  const out: Record<string, unknown> = {};
  for (const { key } of SAMPLER_FLAGS) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out as FlagOptions;
}

/**
 * The folder of the run a state file belongs to: state files live in `<out>/states/`.
 * @param statePath - a state file
 * @returns `<out>`
 */
export function runFolderOf(statePath: string): string {
  return dirname(dirname(resolve(statePath)));
}

/**
 * Reads and checks the `run.json` of a run.
 * @param out - the run's output folder
 * @returns the record, or undefined when there is no run.json (a state file saved from code)
 * @throws {CliError} (exit 2) when it cannot be read or is not a run record
 */
export async function readRunRecord(out: string): Promise<RunRecord | undefined> {
  const path = join(out, 'run.json');
  let record: RunRecord;
  try {
    record = JSON.parse(await readFile(path, 'utf8')) as RunRecord;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${path} (${(cause as Error).message.split('\n')[0]}); tempest resume needs the run.json that tempest run wrote next to the states/ folder. Pass a state file from <out>/states/, or pass --model <file> to resume from the state file alone.`, 2, { cause });
  }
  if (record?.kind !== 'tempest-run' || typeof record.model !== 'string' || typeof record.nTotal !== 'number' ||
    (record.earlierModelSha256 !== undefined && !(Array.isArray(record.earlierModelSha256) && record.earlierModelSha256.every((h) => typeof h === 'string')))) {
    throw new CliError(`${path} is not a tempest run record (kind "tempest-run" with model, options and nTotal); pass a state file from the states/ folder of a tempest run.`);
  }
  record.options = samplerOptionsFromModel(record.options, path);
  return record;
}

/**
 * The flag-settable options recorded in a state file (its options fingerprint and seed), for
 * resuming a state saved from code, which has no run.json: the sampler must be created with
 * these to load it. The state file name's label (`<label>_<n>.state`) is kept for new states.
 * @param info - the state file's summary
 * @returns data-only options
 */
export function optionsFromState(info: StateInfo): FlagOptions {
  const out: Record<string, unknown> = {};
  for (const { key } of SAMPLER_FLAGS) {
    const value = info.options[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  out.randomState = info.seed;
  const label = /^([\w.-]+)_(?:\d+|final|interrupted)\.state$/.exec(basename(info.path))?.[1];
  if (label !== undefined) out.outputLabel = label;
  return out as FlagOptions;
}

/**
 * The model versions earlier parts of a run used, other than the one it continues with: the
 * record's earlier versions and, if the model changed since the record was written, the version
 * the record names.
 * @param record - the run record of the state file's run
 * @param sha256 - SHA-256 of the model file the run continues with
 * @returns the other versions' SHA-256s, oldest first (empty when the run used one version throughout)
 */
export function earlierModelVersions(record: RunRecord, sha256: string): string[] {
  const versions = [...(record.earlierModelSha256 ?? []), record.modelSha256];
  return versions.filter((v, i) => v !== sha256 && versions.indexOf(v) === i);
}
