// What the Sampler does with the platform in Node: state files on disk and worker threads for
// `pool: n`. `sampler-platform.browser.ts` stands in for it in browsers (package.json `imports`).
import { ThreadPool, type Pool } from '@tempest/pool';
import { join } from 'node:path';

export { pruneNumberedStates } from '../state/prune-states.js';
export { readRunState, writeRunState, writeRunStateSync } from '../state/run-state-file.js';

/**
 * The path of a run's state file: `<outputDir>/<outputLabel>_<suffix>.state`.
 * @param outputDir - the folder
 * @param outputLabel - the run's label
 * @param suffix - the iteration, or `final`
 * @returns the path
 */
export function statePath(outputDir: string, outputLabel: string, suffix: string): string {
  return join(outputDir, `${outputLabel}_${suffix}.state`);
}

/**
 * The pool a sampler makes for `pool: n`: worker threads.
 * @param size - workers
 * @returns the pool (the sampler closes it at the end of `run()`)
 */
export function defaultPool(size: number): Pool {
  return new ThreadPool({ size });
}
