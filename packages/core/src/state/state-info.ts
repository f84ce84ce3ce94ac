import { checkStateHeader } from './run-state-codec.js';
import { readStateFile } from './state-file.js';
import { SUMMARY_ARRAYS, stateInfoOf, type StateInfo } from './state-summary.js';

export type { StateInfo } from './state-summary.js';

/**
 * Reads the summary of a state file written by `saveState` or `run({ saveEvery })`: iteration,
 * beta, calls, log Z, particles, dimension, seed and options. Only the header and the small
 * arrays are kept (the rest of the file is read for its checksum, in bounded pieces, so a file
 * of any size is summarised in little memory); its options are checked as the constructor
 * checks them. No code runs and no model is needed.
 * @param path - the state file
 * @returns its summary
 * @throws {TempestError} `INVALID_STATE_FILE` when the file cannot be read, is not a sampler
 *   state, or holds options or scalars no run could have (naming the field and the value)
 * @example
 * ```ts
 * const { iteration, beta, logz } = await readStateInfo('states/ps_10.state');
 * ```
 */
export async function readStateInfo(path: string): Promise<StateInfo> {
  return stateInfoOf(await readStateFile(path, 'Check the path.', { keep: (name) => SUMMARY_ARRAYS.has(name), onHeader: (m) => checkStateHeader(m, path) }), path);
}
