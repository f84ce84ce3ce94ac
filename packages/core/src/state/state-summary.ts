import { savedOptionProblems } from '../options/saved-option-checks.js';
import { TempestError } from '../tempest-error.js';
import { declaredDiagnosticColumns } from './diagnostics-columns.js';
import { checkStateHeader } from './run-state-codec.js';
import { decodeStateFile, type DecodedStateFile } from './state-file-codec.js';

/** What a state file says about its run, read as data only (no model, no sampler). */
export interface StateInfo {
  /** The file read. */
  path: string;
  /** Completed iterations. */
  iteration: number;
  /** Inverse temperature of the last iteration. */
  beta: number;
  /** Likelihood evaluations so far. */
  calls: number;
  /** log-evidence estimate at the last iteration's beta (NaN before the first iteration). */
  logz: number;
  /** Active particles per iteration. */
  nParticles: number;
  /** Number of parameters. */
  nDim: number;
  /** Seed of the run. */
  seed: number;
  /** Particles stored in the history. */
  storedParticles: number;
  /** Whether the particles carry blobs. */
  blobs: boolean;
  /** The options fingerprint (the options a resuming sampler must match). */
  options: Record<string, unknown>;
}

/** The arrays a summary reads; the others (the history, the blobs) are only checksummed. */
export const SUMMARY_ARRAYS = new Set(['scalars', 'diagnostics']);

/**
 * The summary of a state file held in memory (what `readStateInfo` reads from disk): iteration,
 * beta, calls, log Z, particles, dimension, seed and options, checked as the constructor checks
 * them; the history and the blobs are only checksummed. No code runs and no model is needed, so it
 * works in a browser on a file the user picked.
 * @param bytes - the file's contents
 * @param path - the file's name, for the summary and the messages
 * @returns its summary
 * @throws {TempestError} `INVALID_STATE_FILE` when the bytes are not a usable sampler state
 *   (naming the field and the value)
 * @example
 * ```ts
 * const { iteration, beta, logz } = decodeStateInfo(new Uint8Array(await file.arrayBuffer()), file.name);
 * ```
 */
export function decodeStateInfo(bytes: Uint8Array, path: string): StateInfo {
  return stateInfoOf(decodeStateFile(bytes, path, { keep: (name) => SUMMARY_ARRAYS.has(name), onHeader: (m) => checkStateHeader(m, path) }), path);
}

/**
 * The summary of a decoded state file (its summary arrays at least).
 * @param file - the decoded file
 * @param path - the file's name
 * @returns the summary
 * @throws {TempestError} `INVALID_STATE_FILE` naming what is missing or impossible
 */
export function stateInfoOf({ meta, arrays, lengths }: DecodedStateFile, path: string): StateInfo {
  const fail = (what: string): never => {
    throw new TempestError('INVALID_STATE_FILE', `${path} is not a usable Tempest state file: it has no ${what}.`, { value: path });
  };
  const options = meta.options as Record<string, unknown>;
  const scalars = arrays.scalars;
  if (!(scalars instanceof Float64Array) || scalars.length !== 4) fail('scalars array (seed, beta, lineages, calls)');
  const [seed, beta, , calls] = scalars as Float64Array;
  const problems = savedOptionProblems({ ...checkStateHeader(meta, path), randomState: seed }).map((p) => `${p.option === 'randomState' ? 'scalars.seed' : `options.${p.option}`}: ${p.message}`);
  if (!(beta >= 0 && beta <= 1)) problems.push(`scalars.beta: beta is ${beta}; beta is a number in [0, 1]`);
  if (problems.length > 0) {
    throw new TempestError('INVALID_STATE_FILE', `${path} is not a usable Tempest state file: it records values no run can have (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}\nThe file was damaged or not written by Tempest; use another state file of the run.`, {
      value: path, path: problems[0].slice(0, problems[0].indexOf(':')), problems,
    });
  }
  const diagnostics = arrays.diagnostics;
  const columns = declaredDiagnosticColumns(meta) ?? fail('list of diagnostic columns');
  const c = columns.length;
  if (!(diagnostics instanceof Float64Array) || diagnostics.length % c !== 0) fail('diagnostics array');
  const d = diagnostics as Float64Array;
  const rows = d.length / c;
  return {
    path,
    iteration: rows,
    beta,
    calls,
    logz: rows === 0 ? NaN : d[(rows - 1) * c + columns.indexOf('logz')],
    nParticles: Number(options.nParticles),
    nDim: Number(meta.nDim ?? options.nDim),
    seed,
    storedParticles: lengths['history.logl'] ?? 0,
    blobs: lengths.blobs !== undefined,
    options,
  };
}
