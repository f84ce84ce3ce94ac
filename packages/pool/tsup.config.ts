import { defineConfig } from 'tsup';
import { browserBuild, libraryBuild } from '../../tools/packaging/library-build.js';

// The worker entries are built next to the index, so that `new URL('./thread-worker.js',
// import.meta.url)` finds them from the bundle; they are ES modules only (the thread worker awaits
// its preloads at top level), which both builds of the index start. The CommonJS build gets its
// import.meta.url from `libraryBuild` (tsup's own shim mangles paths with `#` or `%`). The browser
// build puts the Web Worker's entry beside its index likewise (`new URL('./web-worker.js', …)`).
export default defineConfig([
  libraryBuild({ entry: ['src/index.ts', 'src/conformance.ts'], external: ['vitest'] }),
  {
    entry: ['src/thread-worker.ts', 'src/process-worker.ts', 'src/child-watchdog.ts'],
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
  browserBuild({ index: 'src/browser.ts', 'web-worker': 'src/web-worker.ts' }),
]);
