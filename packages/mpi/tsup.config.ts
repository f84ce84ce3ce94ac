import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tools/packaging/library-build.js';

// The loader finds the addon and the build script relative to import.meta.url, which
// libraryBuild makes correct in the CommonJS build too (tsup's own shim mangles `#` and `%`).
export default defineConfig(libraryBuild());
