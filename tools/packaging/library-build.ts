import type { Options } from 'tsup';
import { cjsImportMetaUrl } from './cjs-import-meta-url.js';

/**
 * The tsup options every package's library entry is built with: ESM and CommonJS for Node 20,
 * declarations for both, source maps, and a correct `import.meta.url` in the CommonJS build.
 * @param overrides - options to add or replace (entries, externals, ...)
 * @returns tsup options
 * @example
 * ```ts
 * export default defineConfig(libraryBuild());
 * ```
 */
export function libraryBuild(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // dist/browser is the browser build's (see browserBuild), made alongside.
    clean: ['!browser/**'],
    target: 'node20',
    ...cjsImportMetaUrl,
    ...overrides,
  };
}

/**
 * The tsup options of a package's browser build (the `browser` export condition): ES modules for
 * current browsers in `dist/browser/`, with declarations, resolving the package's `#` imports to
 * their `.browser.ts` modules (esbuild's `browser` platform sets that condition).
 * @param entry - the entries, e.g. `{ index: 'src/browser.ts' }`
 * @param overrides - options to add or replace
 * @returns tsup options
 * @example
 * ```ts
 * export default defineConfig([libraryBuild(), browserBuild({ index: 'src/browser.ts' })]);
 * ```
 */
export function browserBuild(entry: Options['entry'], overrides: Options = {}): Options {
  return {
    entry,
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...overrides,
  };
}
