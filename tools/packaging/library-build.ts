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
    clean: true,
    target: 'node20',
    ...cjsImportMetaUrl,
    ...overrides,
  };
}
