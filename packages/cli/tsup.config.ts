import { defineConfig } from 'tsup';
import { cjsImportMetaUrl } from '../../tools/packaging/cjs-import-meta-url.js';

// ESM: the library entry and the executable, sharing chunks (the bin keeps its shebang line and
// tsup marks it executable). CommonJS: the library entry only, since the bin uses top-level
// await. The build script empties dist/ once, before both builds, so neither cleans the other.
// CommonJS gets import.meta.url from `cjsImportMetaUrl` (tsup's shim mangles paths with `#` or `%`).
const common = { sourcemap: true, clean: false, target: 'node20' } as const;

export default defineConfig([
  {
    ...common,
    // model-proxy and register-tsx are imported by pool workers by URL (see make-pool.ts).
    entry: { index: 'src/index.ts', bin: 'src/bin.ts', 'model-proxy': 'src/model-proxy.ts', 'register-tsx': 'src/register-tsx.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
  },
  {
    ...common,
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    dts: true,
    ...cjsImportMetaUrl,
  },
]);
