// What the Sampler does with the platform in a browser or Web Worker: no files (state files are
// bytes: `sampler.stateBytes()` and `sampler.loadStateBytes()`), and Web Workers for `pool: n`.
import * as pools from '@tempest/pool';
import type { Pool } from '@tempest/pool';
import type { RunState } from '../run/run-state.js';
import { TempestError } from '../tempest-error.js';

const noFiles = (what: string, instead: string): TempestError =>
  new TempestError('NOT_SUPPORTED', `${what} needs a file system, which a browser does not have. ${instead} (docs/guide/browser.md).`);

/**
 * Refuses to write a state file: a browser has no files.
 * @param path - the file asked for
 * @param _state - the state
 * @throws {TempestError} NOT_SUPPORTED naming `stateBytes()`
 */
export async function writeRunState(path: string, _state: RunState): Promise<void> {
  throw noFiles(`Writing the state file ${path}`, 'Take the bytes with sampler.stateBytes() and offer them as a download, or keep them (IndexedDB); run({ saveEvery }) writes files, so use onIteration instead');
}

/**
 * Refuses to write a state file: a browser has no files.
 * @param path - the file asked for
 * @param _state - the state
 * @throws {TempestError} NOT_SUPPORTED naming `stateBytes()`
 */
export function writeRunStateSync(path: string, _state: RunState): void {
  throw noFiles(`Writing the state file ${path}`, 'Take the bytes with sampler.stateBytes() instead');
}

/**
 * Refuses to read a state file by path: a browser has no files.
 * @param path - the file asked for
 * @returns never
 * @throws {TempestError} NOT_SUPPORTED naming `loadStateBytes()`
 */
export async function readRunState(path: string): Promise<RunState> {
  throw noFiles(`Reading the state file ${path}`, 'Read the file the user picked (file.arrayBuffer()) and pass its bytes to sampler.loadStateBytes(bytes, file.name), then run()');
}

/** Nothing to prune where nothing is written. */
export function pruneNumberedStates(): void {}

/**
 * The name a state file would have (no file is written in a browser).
 * @param outputDir - the folder
 * @param outputLabel - the run's label
 * @param suffix - the iteration, or `final`
 * @returns `<outputDir>/<outputLabel>_<suffix>.state`
 */
export function statePath(outputDir: string, outputLabel: string, suffix: string): string {
  return `${outputDir.replace(/\/+$/, '')}/${outputLabel}_${suffix}.state`;
}

/**
 * The pool a sampler makes for `pool: n` in a browser: Web Workers (`WebWorkerPool`, from
 * `@tempest/pool`'s browser build, which bundlers pick for a page).
 * @param size - workers
 * @returns the pool (the sampler closes it at the end of `run()`)
 */
export function defaultPool(size: number): Pool {
  // Read from the namespace: the Node build's types (which type checking sees) have no WebWorkerPool.
  const WebWorkerPool = (pools as unknown as { WebWorkerPool?: new (options: { size: number }) => Pool }).WebWorkerPool;
  if (WebWorkerPool === undefined) throw new TempestError('NOT_SUPPORTED', 'pool: n makes Web Workers, from the browser build of @tempest/pool; this bundle has the Node build. Bundle for the browser (the "browser" export condition).');
  return new WebWorkerPool({ size });
}
