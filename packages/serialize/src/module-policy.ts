// Where function references may point in Node: absolute `file:` URLs (a path made into one),
// `node:` built-ins and package names. `module-policy.browser.ts` is the browser's policy.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { TempestError } from './tempest-error.js';

const SCHEME = /^[A-Za-z][A-Za-z\d+.-]*:/;

/**
 * A base or specifier that is an absolute file path, as the URL a reference names.
 * @param pathOrName - a base or specifier as given to `functionReference`
 * @returns its `file:` URL, or undefined when it is not an absolute path
 */
export function absolutePathUrl(pathOrName: string): string | undefined {
  return isAbsolute(pathOrName) ? pathToFileURL(pathOrName).href : undefined;
}

/**
 * Why `functionReference` refuses a module URL, if it does: only `file:` and `node:` URLs (and
 * package names) name a module installed on the receiver.
 * @param module - the resolved module URL or name
 * @returns the sentence to say, or undefined when the module is acceptable
 */
export function referenceUrlProblem(module: string): string | undefined {
  const scheme = SCHEME.exec(module)?.[0];
  if (scheme === undefined || scheme === 'file:' || scheme === 'node:') return undefined;
  return `A function reference must name a module installed on the receiver (a file: URL, node: built-in or package name); got ${module}. ${scheme === 'data:' ? 'A data: URL would carry code inside a data envelope; ship the function with encodeFunction instead.' : 'Copy the module to the receiver and reference it by file: URL.'}`;
}

/**
 * Refuses, before anything is imported, a reference whose module is not an absolute `file:` URL,
 * a `node:` built-in or a package name (a `data:` or `http:` URL would carry or fetch code).
 * @param module - the reference's module
 * @throws {TempestError} REFERENCE_FAILED
 */
export function assertImportableUrl(module: string): void {
  const scheme = SCHEME.exec(module)?.[0];
  if ((scheme !== undefined && scheme !== 'file:' && scheme !== 'node:') || module.startsWith('.') || module.startsWith('/')) {
    throw new TempestError(
      'REFERENCE_FAILED',
      `Refusing to import ${module}: a function reference must name a module installed on the receiver by absolute file: URL, node: built-in or package name. Make references with functionReference(import.meta.url, …).`,
      { value: module },
    );
  }
}

/**
 * What to do when a module cannot be imported: a TypeScript module in a worker thread needs the
 * thread pool's `preload` (Node 20 passes no `--import` loader to worker threads, so the usual
 * `node --import tsx` cannot help there); elsewhere a loader in the process, or the compiled file.
 * @param module - the module's URL
 * @param error - the import's error
 * @param inWorkerThread - whether this receiver is a worker thread (default: this thread's answer)
 * @returns the sentence of advice
 */
export function loaderAdvice(module: string, error: unknown, inWorkerThread = !isMainThread): string {
  const typescript = /\.[cm]?ts$/.test(module) || (error as NodeJS.ErrnoException)?.code === 'ERR_UNKNOWN_FILE_EXTENSION';
  if (typescript && inWorkerThread) {
    return 'This receiver is a worker thread, and worker threads ignore `node --import tsx`: register the TypeScript loader in each thread with the ThreadPool\'s `preload` option, e.g. `new ThreadPool({ size, preload: [new URL(\'./register-tsx.mjs\', import.meta.url).href] })` where register-tsx.mjs holds `import { register } from \'tsx/esm/api\'; register();` (the @tempest/pool README, "TypeScript users"), or reference the compiled .js file.';
  }
  return 'The module must exist at that URL on the receiver (the same checkout or a shared file system); TypeScript sources need a loader in the receiver (node --import tsx, or a ProcessPool\'s execArgv: [\'--import\', \'tsx\']), or reference the compiled .js file.';
}
