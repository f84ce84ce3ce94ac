import { defineConfig } from 'tsup';
import { cjsImportMetaUrl } from '../../tools/packaging/cjs-import-meta-url.js';

// The loader finds the addon and the build script relative to import.meta.url; the CommonJS build
// gets a correct one from `cjsImportMetaUrl` (tsup's own shim mangles paths with `#` or `%`).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  ...cjsImportMetaUrl,
});
