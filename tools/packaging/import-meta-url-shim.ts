// Injected into CommonJS builds by `cjsImportMetaUrl` (see cjs-import-meta-url.ts): esbuild
// replaces every `import.meta.url` of the bundle with this export. Node's pathToFileURL escapes
// `#`, `?` and `%` in the install path, which a hand-made `file:${__filename}` does not.
import { pathToFileURL } from 'node:url';

/** The file URL of the CommonJS bundle this is injected into. */
export const __tempestImportMetaUrl: string = pathToFileURL(__filename).href;
