import { defineConfig } from 'tsup';
import { browserBuild, libraryBuild } from '../../tools/packaging/library-build.js';

// The browser build (`browser` condition) draws with the page's DOM and has no PNG export.
export default defineConfig([libraryBuild(), browserBuild({ index: 'src/browser.ts' })]);
