import type { RunState } from '../run/run-state.js';
import { checkStateHeader, runStateFromFile, runStateToFile } from './run-state-codec.js';
import { decodeStateFile, encodeStateFile } from './state-file-codec.js';

// A run state to and from the bytes of a state file, in Node and browsers alike; run-state-file.ts
// adds the files (Node).

/**
 * A run state as the bytes of a state file (data only; see `stateFilePieces` for the layout).
 * The whole file is one buffer: saving a run (`saveState`) writes it piece by piece instead.
 * @param state - the state
 * @returns the file's bytes
 */
export function encodeRunState(state: RunState): Uint8Array {
  return encodeStateFile(runStateToFile(state));
}

/**
 * A run state from the bytes of a state file; nothing in the file can run code, and everything
 * is checked before it is used (see `runStateFromFile`).
 * @param bytes - the file's bytes
 * @param source - the file's name, for messages
 * @param expected - the options fingerprint of the sampler that will resume it, if any
 * @returns the state
 * @throws {TempestError} `INVALID_STATE_FILE` for a truncated, corrupted, foreign or inconsistent
 *   file; `STATE_MISMATCH` naming every option that differs from `expected`
 */
export function decodeRunState(bytes: Uint8Array, source: string, expected?: Record<string, unknown>): RunState {
  return runStateFromFile(decodeStateFile(bytes, source, { onHeader: (meta) => checkStateHeader(meta, source, expected) }), source, expected);
}
