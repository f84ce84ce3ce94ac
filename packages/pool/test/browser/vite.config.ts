import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

// The conformance page: the pool's TypeScript sources in their browser build, and `vitest` mapped to
// the page's own runner (vitest-shim.ts), so that `@tempest/pool/conformance` runs unchanged.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    conditions: ['@tempest/source', ...defaultClientConditions],
    alias: { vitest: fileURLToPath(new URL('./vitest-shim.ts', import.meta.url)) },
  },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
});
