import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tools/packaging/library-build.js';

export default defineConfig(libraryBuild());
