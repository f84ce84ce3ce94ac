import { readFile } from 'node:fs/promises';
import { TempestError } from '../tempest-error.js';
import { declaredDiagnosticColumns } from './diagnostics-columns.js';
import { decodeStateFile } from './state-file.js';

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

/**
 * Reads the summary of a state file written by `saveState` or `run({ saveEvery })`: iteration,
 * beta, calls, log Z, particles, dimension, seed and options. Only the header and the small
 * arrays are interpreted; no code runs and no model is needed.
 * @param path - the state file
 * @returns its summary
 * @throws {TempestError} `INVALID_STATE_FILE` when the file cannot be read or is not a sampler state
 * @example
 * ```ts
 * const { iteration, beta, logz } = await readStateInfo('states/ps_10.state');
 * ```
 */
export async function readStateInfo(path: string): Promise<StateInfo> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new TempestError('INVALID_STATE_FILE', `Cannot read the state file ${path}: ${(cause as Error).message}. Check the path.`, { value: path, cause });
  }
  const { meta, arrays } = decodeStateFile(bytes, path);
  const fail = (what: string): never => {
    throw new TempestError('INVALID_STATE_FILE', `${path} is not a usable Tempest state file: it has no ${what}.`, { value: path });
  };
  if (meta.kind !== 'tempest-sampler-state') fail('sampler state (it is another kind of Tempest file)');
  const options = (meta.options ?? fail('options')) as Record<string, unknown>;
  const scalars = arrays.scalars;
  if (!(scalars instanceof Float64Array) || scalars.length !== 4) fail('scalars array (seed, beta, lineages, calls)');
  const diagnostics = arrays.diagnostics;
  const columns = declaredDiagnosticColumns(meta) ?? fail('list of diagnostic columns');
  const c = columns.length;
  if (!(diagnostics instanceof Float64Array) || diagnostics.length % c !== 0) fail('diagnostics array');
  const d = diagnostics as Float64Array;
  const rows = d.length / c;
  const logl = arrays['history.logl'];
  return {
    path,
    iteration: rows,
    beta: (scalars as Float64Array)[1],
    calls: (scalars as Float64Array)[3],
    logz: rows === 0 ? NaN : d[(rows - 1) * c + columns.indexOf('logz')],
    nParticles: Number(options.nParticles),
    nDim: Number(meta.nDim ?? options.nDim),
    seed: (scalars as Float64Array)[0],
    storedParticles: logl === undefined ? 0 : logl.length,
    blobs: arrays.blobs !== undefined,
    options,
  };
}
