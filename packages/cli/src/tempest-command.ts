import { sep } from 'node:path';

/**
 * How the user can run `tempest` again, for hints such as "Continue with: tempest resume …":
 * `npx tempest` when this process was started from a `node_modules/.bin` link (npx, whether the
 * package is local or in npx's cache, or an npm script), where a bare `tempest` is usually not on
 * the PATH; `tempest` otherwise. Only the executable's path is used: npm's environment variables
 * (`npm_lifecycle_event=npx`) are inherited by every process below, e.g. a test runner's.
 * @param script - the executable's path (default `process.argv[1]`; Node keeps the link's path there)
 * @returns `npx tempest` or `tempest`
 * @example
 * ```ts
 * io.stderr.write(`Continue with: ${tempestCommand()} resume ${path}\n`);
 * ```
 */
export function tempestCommand(script: string | undefined = process.argv[1]): string {
  return script !== undefined && script.split(sep).join('/').includes('/node_modules/.bin/') ? 'npx tempest' : 'tempest';
}
