import { codeRunningBuiltin } from '#code-running-builtins';
import { assertModuleAllowed, resolveAllowModules } from '#module-allowlist';
import { assertImportableUrl, loaderAdvice } from '#module-policy';
import { isFunctionReference, type FunctionReference } from './function-reference.js';
import type { ResolveOptions } from './module-allowlist.js';
import { TempestError } from './tempest-error.js';

export { loaderAdvice } from '#module-policy';

type LoadedFunction = (...args: unknown[]) => unknown;

// One import per module and export per process; a failed import is forgotten so it can be retried.
const loaded = new Map<string, Promise<LoadedFunction>>();

/**
 * Imports the function a {@link FunctionReference} names, once per process (later calls return the
 * cached function), if this receiver allows its module. Importing runs the module's top-level
 * code, as any import does. Only modules that `allowModules` lets in are imported (by default the
 * files under the working directory, outside `node_modules`; never `node:` built-ins or packages
 * unless listed), never URLs that carry code themselves (`data:`, `http:`); and the result is
 * never a function that compiles or runs code (`eval`, `Function`, `node:vm`,
 * `node:child_process`, …), even when an allowed module re-exports one.
 *
 * @typeParam F - the function type the caller expects (asserted, not checked)
 * @param reference - from `functionReference`, typically just decoded
 * @param options - `allowModules`: the folders, files, built-ins and packages references may name
 * @returns the exported function
 * @throws {TempestError} REFERENCE_NOT_ALLOWED when the module is not allowed or the export is a
 *   code-running built-in; REFERENCE_FAILED when the module cannot be imported (or is a `data:`,
 *   `http:` or relative URL) or the export is missing or not a function; INVALID_ARGUMENT when `reference` is not a function reference or
 *   `allowModules` is invalid
 * @example
 * ```ts
 * const logLikelihood = await resolveFunction(decode(bytes) as FunctionReference, { allowModules: ['./models'] });
 * ```
 */
export async function resolveFunction<F extends (...args: never[]) => unknown = LoadedFunction>(reference: FunctionReference, options: ResolveOptions = {}): Promise<F> {
  if (!isFunctionReference(reference)) {
    throw new TempestError('INVALID_ARGUMENT', 'resolveFunction needs a reference made by functionReference(import.meta.url, exportName).', {
      option: 'reference',
      value: reference,
    });
  }
  const { allowModules, problems } = resolveAllowModules(options?.allowModules);
  if (problems.length > 0) {
    throw new TempestError('INVALID_ARGUMENT', `Invalid allowModules: ${problems.join(' ')}`, { option: 'allowModules', value: options.allowModules, problems });
  }
  assertImportableUrl(reference.module);
  // Checked on every call, before the cache: a function imported under a wider allowModules is
  // not handed out under a narrower one.
  await assertModuleAllowed(reference.module, reference.export, allowModules);
  const key = `${reference.module}#${reference.export}`;
  let pending = loaded.get(key);
  if (pending === undefined) {
    pending = load(reference);
    loaded.set(key, pending);
    pending.catch(() => loaded.delete(key));
  }
  return (await pending) as unknown as F;
}

async function load({ module, export: name }: FunctionReference): Promise<LoadedFunction> {
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(module)) as Record<string, unknown>;
  } catch (error) {
    throw new TempestError(
      'REFERENCE_FAILED',
      `Could not import ${module} to get \`${name}\`: ${(error as Error)?.message ?? String(error)}. ${loaderAdvice(module, error)}`,
      { value: module, cause: error },
    );
  }
  let value = namespace[name];
  // A CommonJS module whose exports Node could not detect statically has them only on `default`.
  if (value === undefined && typeof namespace.default === 'object' && namespace.default !== null) {
    value = (namespace.default as Record<string, unknown>)[name];
  }
  if (typeof value !== 'function') {
    const available = Object.keys(namespace).filter((k) => typeof namespace[k] === 'function');
    throw new TempestError(
      'REFERENCE_FAILED',
      `${module} has no function exported as \`${name}\` (${value === undefined ? 'no such export' : `it is a ${typeof value}`}; exported functions: ${available.length > 0 ? available.join(', ') : 'none'}). Export the function under that name, or fix the name in functionReference.`,
      { value: name },
    );
  }
  const builtin = await codeRunningBuiltin(value as LoadedFunction);
  if (builtin !== undefined) {
    throw new TempestError(
      'REFERENCE_NOT_ALLOWED',
      `Refusing \`${name}\` of ${module}: it is ${builtin}, which compiles or runs code (or starts processes) from the data it is given, so a reference may never resolve to it, whatever allowModules says. Reference a function that computes what you need instead.`,
      { option: 'allowModules', value: `${module}#${name}` },
    );
  }
  return value as LoadedFunction;
}
