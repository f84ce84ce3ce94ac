// Where the worker entry points are. Published builds run dist/thread-worker.js and
// dist/process-worker.js, next to the bundle. In this repository's source mode (the
// "@tempest/source" condition: tests, benchmarks) the package runs from src/*.ts, so workers load
// the TypeScript entries through tsx, a dev dependency of the repository.
import { isSourceModule } from './source-mode.js';

const HERE = import.meta.url;

/** Whether this module runs from TypeScript source rather than from the published build. */
export const SOURCE_MODE = isSourceModule(HERE);

/**
 * The file a worker thread or process starts from, with the extra Node options it needs.
 * @param name - `thread-worker`, `process-worker`, or `child-watchdog` (a process worker's watchdog thread)
 * @returns the URL to start and, in source mode, the options loading TypeScript
 */
export function workerEntry(name: 'thread-worker' | 'process-worker' | 'child-watchdog'): { url: URL; sourceExecArgv: string[] } {
  if (!SOURCE_MODE) return { url: new URL(`./${name}.js`, HERE), sourceExecArgv: [] };
  return { url: new URL(`./${name}.ts`, HERE), sourceExecArgv: ['--conditions=@tempest/source'] };
}

/**
 * The boot file of source-mode worker threads (registers tsx, then imports the entry).
 * @returns its URL
 */
export function sourceBootUrl(): URL {
  return new URL('./source-boot.mjs', HERE);
}
