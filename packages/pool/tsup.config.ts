import { defineConfig } from 'tsup';

// The worker entries are built next to the index, so that `new URL('./thread-worker.js',
// import.meta.url)` finds them from the bundle; they are ES modules only (the thread worker awaits
// its preloads at top level), which both builds of the index start. `shims` gives the CommonJS
// build an import.meta.url.
export default defineConfig([
  {
    entry: ['src/index.ts', 'src/conformance.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'node20',
    external: ['vitest'],
  },
  {
    entry: ['src/thread-worker.ts', 'src/process-worker.ts'],
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);
