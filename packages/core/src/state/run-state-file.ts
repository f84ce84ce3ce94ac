import type { RunState } from '../run/run-state.js';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { checkStateHeader, runStateFromFile, runStateToFile } from './run-state-codec.js';
import { readStateFile, stateFilePieces } from './state-file.js';

export { decodeRunState, encodeRunState } from './run-state-bytes.js';

/**
 * Writes a run state to a state file atomically (see `writeFileAtomic`), piece by piece with a
 * running checksum: the file is never assembled in memory, so its size is limited only by the
 * disk. The state must not change until the returned promise settles, except by iterations
 * (which only append to what is written, see `runStateToFile`).
 * @param path - the file (folders are created)
 * @param state - the state
 * @throws {TempestError} `INVALID_ARGUMENT` when the path is a symbolic link; the file-system error
 *   when the file cannot be written (the previous file, if any, is left as it was)
 */
export async function writeRunState(path: string, state: RunState): Promise<void> {
  await writeFileAtomic(path, stateFilePieces(runStateToFile(state)));
}

/**
 * {@link writeRunState} without yielding to the event loop (for signal handlers).
 * @param path - the file (folders are created)
 * @param state - the state
 * @throws {TempestError} `INVALID_ARGUMENT` when the path is a symbolic link; the file-system error
 *   when the file cannot be written (the previous file, if any, is left as it was)
 */
export function writeRunStateSync(path: string, state: RunState): void {
  writeFileAtomicSync(path, stateFilePieces(runStateToFile(state)));
}

/**
 * Reads a state file written by `saveState` or `run({ saveEvery })` as a run state, for the
 * read-outs (`evidenceOf`, `posteriorOf`, ...) without a model or a sampler. The file is read
 * section by section, each array straight into the one the state keeps, so a file of any size
 * takes about its own size in memory; everything is checked before the state is built.
 * @param path - the state file
 * @param hint - what to say when the file cannot be read
 * @param expected - the options fingerprint of a sampler that will resume it: a file of another
 *   run is refused as soon as its header is read
 * @returns the state
 * @throws {TempestError} `INVALID_STATE_FILE` when the file cannot be read or is not a usable
 *   state file (naming the inconsistent fields); `STATE_MISMATCH` naming every option that
 *   differs from `expected`
 * @example
 * ```ts
 * const state = await readRunState('tempest-out/states/ps_final.state');
 * console.log(evidenceOf(state).logz);
 * ```
 */
export async function readRunState(path: string, hint = 'Check the path.', expected?: Record<string, unknown>): Promise<RunState> {
  const contents = await readStateFile(path, hint, { onHeader: (meta) => checkStateHeader(meta, path, expected) });
  return runStateFromFile(contents, path, expected);
}
