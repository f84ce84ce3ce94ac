import { absolutePathUrl, referenceUrlProblem } from '#module-policy';
import { TempestError } from './tempest-error.js';

/**
 * A function named by where it is exported, the analogue of pickling a function by its qualified
 * name: plain data that any envelope can carry, and that `resolveFunction` imports in the receiver.
 */
export interface FunctionReference {
  /** Marks the object as a function reference. */
  readonly kind: 'tempest.function-reference';
  /** Absolute `file:` or `node:` URL of the module, or a bare package specifier. */
  readonly module: string;
  /** Name of the export (`default` for a default export). */
  readonly export: string;
}

const SCHEME = /^[A-Za-z][A-Za-z\d+.-]*:/;

/**
 * Makes a reference to a function exported by a module. With two arguments the function is
 * exported by the module `base` itself; with three, by the module `specifier` resolved against
 * `base`, as an `import` in that module would resolve a relative path. The receiver must be able
 * to import the module at the same URL (same checkout or shared file system).
 *
 * @param base - `import.meta.url` of the calling module (or an absolute path, e.g. `__filename`)
 * @param specifierOrExport - the export name (two arguments) or a module specifier: `./model.js`,
 *   an absolute path or URL, or a bare package name, kept as is for the receiver to resolve
 * @param exportName - the export name (three arguments); `default` for a default export
 * @returns a frozen plain object that travels as data
 * @throws {TempestError} INVALID_ARGUMENT when `base` is not absolute, a name is empty, or the
 *   module URL is not a `file:` or `node:` URL
 * @example
 * ```ts
 * export function logLikelihood(x: Float64Array) { return -0.5 * x[0] ** 2; }
 * const here = functionReference(import.meta.url, 'logLikelihood');
 * const there = functionReference(import.meta.url, './models/gaussian.js', 'logLikelihood');
 * ```
 */
export function functionReference(base: string | URL, specifierOrExport: string, exportName?: string): FunctionReference {
  const baseUrl = absoluteUrl(base);
  const specifier = exportName === undefined ? undefined : specifierOrExport;
  const name = exportName ?? specifierOrExport;
  if (typeof name !== 'string' || name === '') {
    throw new TempestError('INVALID_ARGUMENT', `The export name must be a non-empty string; got ${JSON.stringify(name)}. Pass the name the module exports the function under, or 'default'.`, {
      option: 'exportName',
      value: name,
    });
  }
  let module: string;
  if (specifier === undefined) module = baseUrl;
  else if (typeof specifier !== 'string' || specifier === '') {
    throw new TempestError('INVALID_ARGUMENT', `The module specifier must be a non-empty string such as './model.js'; got ${JSON.stringify(specifier)}.`, {
      option: 'specifier',
      value: specifier,
    });
  } else if (specifier.startsWith('./') || specifier.startsWith('../') || SCHEME.test(specifier)) module = new URL(specifier, baseUrl).href;
  else module = absolutePathUrl(specifier) ?? specifier;
  checkScheme(module);
  return Object.freeze({ kind: 'tempest.function-reference', module, export: name });
}

/**
 * Whether a value (for instance, one just decoded) is a {@link FunctionReference}.
 * @param value - anything
 * @returns true for objects of the reference's shape
 */
export function isFunctionReference(value: unknown): value is FunctionReference {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.kind === 'tempest.function-reference' && typeof v.module === 'string' && typeof v.export === 'string';
}

function absoluteUrl(base: string | URL): string {
  if (base instanceof URL) return base.href;
  const fromPath = typeof base === 'string' ? absolutePathUrl(base) : undefined;
  if (fromPath !== undefined) return fromPath;
  if (typeof base === 'string' && SCHEME.test(base)) return new URL(base).href;
  throw new TempestError(
    'INVALID_ARGUMENT',
    `The base must be the calling module's import.meta.url (or an absolute path); got ${JSON.stringify(base)}. A relative base cannot be resolved in another process.`,
    { option: 'base', value: base },
  );
}

function checkScheme(module: string): void {
  const problem = referenceUrlProblem(module);
  if (problem !== undefined) throw new TempestError('INVALID_ARGUMENT', problem, { option: 'module', value: module });
}
