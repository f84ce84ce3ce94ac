import { defineConfig } from 'tsup';
import { browserBuild, libraryBuild } from '../../tools/packaging/library-build.js';

// The kernel conformance suite is its own entry (`@tempest/core/kernel-conformance`), so that
// importing the sampler never loads vitest. The browser build (`browser` condition) has no file I/O.
export default defineConfig([
  libraryBuild({ entry: { index: 'src/index.ts', 'kernel-conformance': 'src/kernels/kernel-conformance.ts' }, external: ['vitest'] }),
  browserBuild({ index: 'src/browser.ts' }),
]);
