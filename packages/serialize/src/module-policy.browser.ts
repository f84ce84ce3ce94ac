// Where function references may point in a browser or Web Worker: `http:` and `https:` module URLs
// (a Worker imports modules over the network, from the page's own origin by default). File paths,
// `node:` built-ins and bare package names mean nothing there; `data:`, `blob:` and `javascript:`
// URLs would carry code inside data, so they are refused as in Node.
import { TempestError } from './tempest-error.js';

const SCHEME = /^[A-Za-z][A-Za-z\d+.-]*:/;

/**
 * A base or specifier that is an absolute file path, as the URL a reference names: never, in a
 * browser (paths are Node's).
 * @param _pathOrName - a base or specifier as given to `functionReference`
 * @returns undefined
 */
export function absolutePathUrl(_pathOrName: string): string | undefined {
  return undefined;
}

/**
 * Why `functionReference` refuses a module URL, if it does: in a browser only `http:` and
 * `https:` URLs name a module a Worker can import.
 * @param module - the resolved module URL or name
 * @returns the sentence to say, or undefined when the module is acceptable
 */
export function referenceUrlProblem(module: string): string | undefined {
  const scheme = SCHEME.exec(module)?.[0];
  if (scheme === 'http:' || scheme === 'https:') return undefined;
  if (scheme === 'data:' || scheme === 'blob:' || scheme === 'javascript:') {
    return `A function reference must name a module URL (http: or https:); got ${module}. A ${scheme} URL would carry code inside data; ship the function by value instead (a plain function, or shipFunction).`;
  }
  return `In a browser a function reference names an ES module by its http: or https: URL, e.g. functionReference(import.meta.url, 'name') or functionReference(location.href, '/models/gauss.js', 'logLikelihood'); got ${JSON.stringify(module)}.`;
}

/**
 * Refuses, before anything is imported, a reference whose module is not an absolute `http:` or
 * `https:` URL.
 * @param module - the reference's module
 * @throws {TempestError} REFERENCE_FAILED
 */
export function assertImportableUrl(module: string): void {
  const scheme = SCHEME.exec(module)?.[0];
  if (scheme !== 'http:' && scheme !== 'https:') {
    throw new TempestError(
      'REFERENCE_FAILED',
      `Refusing to import ${module}: in a browser a function reference must name an ES module by its absolute http: or https: URL. Make references with functionReference(import.meta.url, …).`,
      { value: module },
    );
  }
}

/**
 * What to do when a module cannot be imported in a browser or Web Worker.
 * @param _module - the module's URL
 * @param _error - the import's error
 * @returns the sentence of advice
 */
export function loaderAdvice(_module: string, _error: unknown): string {
  return 'The module must be served at that URL as JavaScript (an ES module, with a JavaScript MIME type, from an origin the page may load: the same origin, or one sending CORS headers); bundlers rename and merge modules, so reference a file served as is (a public/ folder), or ship the function by value.';
}
