import { readFile } from 'node:fs/promises';
import type { RunState } from '../run/run-state.js';
import { TempestError } from '../tempest-error.js';
import { runStateFromFile, runStateToFile } from './run-state-codec.js';
import { decodeStateFile, encodeStateFile } from './state-file.js';

/**
 * A run state as the bytes of a state file (data only; see `encodeStateFile` for the layout).
 * @param state - the state
 * @returns the file's bytes
 */
export function encodeRunState(state: RunState): Uint8Array {
  return encodeStateFile(runStateToFile(state));
}

/**
 * A run state from the bytes of a state file; nothing in the file can run code.
 * @param bytes - the file's bytes
 * @param source - the file's name, for messages
 * @param expected - the options fingerprint of the sampler that will resume it, if any
 * @returns the state
 * @throws {TempestError} `INVALID_STATE_FILE` for a truncated, corrupted, foreign or inconsistent
 *   file; `STATE_MISMATCH` naming every option that differs from `expected`
 */
export function decodeRunState(bytes: Uint8Array, source: string, expected?: Record<string, unknown>): RunState {
  return runStateFromFile(decodeStateFile(bytes, source), source, expected);
}

/**
 * Reads a state file written by `saveState` or `run({ saveEvery })` as a run state, for the
 * read-outs (`evidenceOf`, `posteriorOf`, ...) without a model or a sampler.
 * @param path - the state file
 * @param hint - what to say when the file cannot be read
 * @returns the state
 * @throws {TempestError} `INVALID_STATE_FILE` when the file cannot be read or is not a usable state file
 * @example
 * ```ts
 * const state = await readRunState('tempest-out/states/ps_final.state');
 * console.log(evidenceOf(state).logz);
 * ```
 */
export async function readRunState(path: string, hint = 'Check the path.'): Promise<RunState> {
  return decodeRunState(await readStateBytes(path, hint), path);
}

/**
 * The bytes of a state file, with a Tempest error when they cannot be read.
 * @param path - the state file
 * @param hint - what to say when the file cannot be read
 * @returns the bytes
 * @throws {TempestError} `INVALID_STATE_FILE` naming the path and the cause
 */
export async function readStateBytes(path: string, hint: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new TempestError('INVALID_STATE_FILE', `Cannot read the state file ${path}: ${(cause as Error).message}. ${hint}`, { value: path, cause });
  }
}
