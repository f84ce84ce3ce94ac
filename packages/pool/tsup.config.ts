import { defineConfig } from 'tsup';
import { cjsImportMetaUrl } from '../../tools/packaging/cjs-import-meta-url.js';

// The worker entries are built next to the index, so that `new URL('./thread-worker.js',
// import.meta.url)` finds them from the bundle; they are ES modules only (the thread worker awaits
// its preloads at top level), which both builds of the index start. The CommonJS build gets its
// import.meta.url from `cjsImportMetaUrl` (tsup's own shim mangles paths with `#` or `%`).
export default defineConfig([
  {
    entry: ['src/index.ts', 'src/conformance.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    external: ['vitest'],
    ...cjsImportMetaUrl,
  },
  {
    entry: ['src/thread-worker.ts', 'src/process-worker.ts'],
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);
