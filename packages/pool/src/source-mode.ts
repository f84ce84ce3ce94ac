/**
 * Whether a module runs from TypeScript source (`.ts`, `.mts` or `.cts`, as in this repository's
 * tests and benchmarks under the `@tempest/source` condition) rather than from a published build.
 * The one check of the kind, used by the pool's worker entries and by the CLI.
 * @param url - the module's `import.meta.url`
 * @returns true for a TypeScript file
 * @example
 * ```ts
 * const entry = new URL(isSourceModule(import.meta.url) ? './worker.ts' : './worker.js', import.meta.url);
 * ```
 */
export function isSourceModule(url: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  return /\.[cm]?ts$/.test(path);
}
