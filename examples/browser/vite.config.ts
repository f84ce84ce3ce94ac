import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

// The page builds from the packages' TypeScript sources (the "@tempest/source" condition, as the
// tests use them) in their browser builds (the "browser" condition). `base: './'` makes the built
// folder work from any path of any static server.
const conditions = ['@tempest/source', ...defaultClientConditions];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { conditions },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
});
