import { fileURLToPath } from 'node:url';
import type { Options } from 'tsup';

/** The module esbuild injects into CommonJS builds; its one export stands in for import.meta.url. */
const SHIM = fileURLToPath(new URL('./import-meta-url-shim.ts', import.meta.url));

/**
 * tsup options that give a CommonJS build a correct `import.meta.url`: the file URL of the
 * bundle, made by Node's `pathToFileURL(__filename)`. Used instead of tsup's `shims`, whose
 * version writes `new URL(\`file:${__filename}\`)` and so breaks for install paths with `#`, `?` or
 * `%` (a project in `~/C# tools/` would look for its pool workers in `~/`). ESM builds keep the
 * real `import.meta.url`.
 * @example
 * ```ts
 * export default defineConfig({ entry: ['src/index.ts'], format: ['esm', 'cjs'], ...cjsImportMetaUrl });
 * ```
 */
export const cjsImportMetaUrl: Pick<Options, 'esbuildOptions'> = {
  esbuildOptions(options, { format }) {
    if (format !== 'cjs') return;
    options.inject = [...(options.inject ?? []), SHIM];
    options.define = { ...options.define, 'import.meta.url': '__tempestImportMetaUrl' };
  },
};
