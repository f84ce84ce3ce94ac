import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TempestError, type Sampler } from '@tempest/core';
import { CliError, EXIT, exitCodeOf } from './cli-error.js';
import { tempestCommand } from './tempest-command.js';

/** A state file known to be whole: one this run wrote, or the one it resumed from. */
export interface SavedState {
  /** Its path. */
  path: string;
  /** The iteration it holds. */
  iteration: number;
}

/** What the report of a failed run needs besides the error. */
export interface RunContext {
  /** The run (one sampler run: `nRuns` 1, or several, which cannot be resumed). */
  sampler: Sampler;
  /** `<out>/states`. */
  states: string;
  /** The newest state file known to be whole, if any. */
  lastSaved: SavedState | undefined;
  /**
   * The last iteration the run reported (`onIteration`). With `saveEvery` the core saves an
   * iteration's state file before reporting it, so a save that fails at this iteration is the
   * final one, and at a later one a periodic one.
   */
  reported: number;
}

/**
 * Whether an error is Node's report of a failed system call (`ENOSPC`, `EACCES`, `EIO`, ...).
 * During `sampler.run` the core's only such calls write and prune state files: its model and pool
 * errors are TempestErrors.
 * @param error - anything thrown
 * @returns whether it has an errno `code` and a `syscall`
 */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException;
  return error instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string';
}

/**
 * The error for a file that could not be written, naming it: Node's message for a failed write
 * (`ENOSPC: no space left on device, write`) does not.
 * @param path - the file
 * @param error - the file-system error
 * @returns a failed-run error (exit 1) with `error` as its cause
 */
export function writeFailure(path: string, error: unknown): CliError {
  return new CliError(`writing ${path} failed: ${messageOf(error)}`, EXIT.failed, { cause: error });
}

/**
 * A run that failed: keep what was done (the core saves a state file when `saveEvery` is set;
 * otherwise save one here) and name it in a one-line error. A state file that could not be saved
 * (a full disk) is named with the reason, and so is the last state saved before it, with the
 * command to continue from there.
 * @param error - what `sampler.run` threw
 * @param run - the sampler, its states folder and the last state saved
 * @returns the error to report
 */
export async function runFailure(error: unknown, run: RunContext): Promise<unknown> {
  const { sampler, states } = run;
  const label = sampler.options.outputLabel;
  if (isFileSystemError(error) && sampler.iteration > 0 && sampler.options.nRuns === 1) {
    // With saveEvery, a periodic or the final state file could not be written (the disk is full).
    const finalSave = run.reported === sampler.iteration;
    const path = join(states, `${label}_${finalSave ? 'final' : sampler.iteration}.state`);
    const what = finalSave ? `the finished run (iteration ${sampler.iteration})` : `the state of iteration ${sampler.iteration}`;
    return new CliError(`saving ${what} to ${path} failed: ${sentence(error.message)} ${lastState(run.lastSaved, `${fixFirst(error)}continue with`)}`, EXIT.failed, { cause: error });
  }
  if (!TempestError.is(error)) return error;
  // With saveEvery the sampler has saved the run and re-raised the error (the first one is its cause).
  const saved = error.savedStatePath;
  const original = saved !== undefined && TempestError.is(error.cause) ? error.cause : error;
  if (sampler.iteration === 0 || sampler.options.nRuns > 1) return new CliError(original.message, EXIT.failed, { cause: error });
  // A worker that died or hung, or a pool closed under the run: the model may be fine (memory, a
  // node lost), so the advice is to continue, not to fix it. The sampler restored itself to the
  // last complete iteration, so the state saved here is that one.
  const poolFailure = TempestError.is(original, ['WORKER_DIED', 'TASK_TIMEOUT', 'POOL_CLOSED']);
  const advice = poolFailure ? 'continue with' : 'fix the model and continue with';
  const path = saved ?? join(states, `${label}_${sampler.iteration}.state`);
  if (saved === undefined || !existsSync(path)) {
    try {
      await sampler.saveState(path);
    } catch (saveError) {
      return new CliError(`${sentence(original.message)} Saving the run failed too (${messageOf(saveError)}). ${lastState(run.lastSaved, advice)}`, EXIT.failed, { cause: error });
    }
  }
  return new CliError(`${sentence(original.message)} The run up to iteration ${sampler.iteration} is saved in ${path}; ${advice}: ${resumeCommand(path)}`, EXIT.failed, { cause: error });
}

/**
 * A run that finished but whose outputs could not be written (a full disk, a planted link, a
 * plot that failed): save the finished run unless `saveEvery` has, and name it with the command
 * that writes the outputs from it.
 * @param error - what writing the outputs threw
 * @param run - the sampler, its states folder and the last state saved
 * @returns the error to report (exit 2 for a refused link, as before; 1 otherwise)
 */
export async function outputFailure(error: unknown, run: RunContext): Promise<CliError> {
  const { sampler } = run;
  const head = `the run finished, but ${sentence(messageOf(error))}`;
  const code = exitCodeOf(error);
  if (sampler.options.nRuns > 1) return new CliError(`${head} A run with --repeat cannot be resumed in this version; run it again once the outputs can be written.`, code, { cause: error });
  const fix = fixFirst(error);
  if (run.lastSaved?.iteration === sampler.iteration) {
    return new CliError(`${head} The finished run is saved in ${run.lastSaved.path}; ${fix}write the outputs with: ${resumeCommand(run.lastSaved.path)}`, code, { cause: error });
  }
  const path = join(run.states, `${sampler.options.outputLabel}_final.state`);
  try {
    await sampler.saveState(path);
  } catch (saveError) {
    return new CliError(`${head} Saving the finished run to ${path} failed too (${messageOf(saveError)}). ${lastState(run.lastSaved, `${fixFirst(saveError)}continue with`)}`, code, { cause: error });
  }
  return new CliError(`${head} The finished run is saved in ${path}; ${fix}write the outputs with: ${resumeCommand(path)}`, code, { cause: error });
}

/**
 * The sentence naming the last state saved and how to continue from it (or saying there is none).
 * @param last - the newest state file known to be whole
 * @param advice - what to do, ending in "continue with"
 * @returns the sentence
 */
export function lastState(last: SavedState | undefined, advice: string): string {
  if (last === undefined || !existsSync(last.path)) return 'No state of this run was saved before.';
  return `The last state saved is ${last.path} (iteration ${last.iteration}); ${advice}: ${resumeCommand(last.path)}`;
}

/** `tempest resume <path>`, as the user would type it. */
function resumeCommand(path: string): string {
  return `${tempestCommand()} resume ${displayPath(path)}`;
}

/**
 * What to do first when a file could not be written: free space on a full disk.
 * @param error - the write's error (or an error caused by it)
 * @returns `'free some space, then '` for ENOSPC and EDQUOT, else `''`
 */
export function fixFirst(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? (error as { cause?: NodeJS.ErrnoException } | undefined)?.cause?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space, then ' : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A path relative to the working directory when it is inside it (shorter to read and to paste).
 * @param path - an absolute path
 * @returns the path to show
 */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}

/** Ends a message with a full stop if it has no closing punctuation, so another sentence can follow. */
function sentence(message: string): string {
  return /[.!?)]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`;
}
