import { defineConfig } from 'tsup';
import { browserBuild, libraryBuild } from '../../tools/packaging/library-build.js';

// The browser build is the same entry, its `#` imports resolved to the .browser.ts modules.
export default defineConfig([libraryBuild(), browserBuild({ index: 'src/index.ts' })]);
