import { decode, type DecodeOptions } from './decode.js';
import { asBytes, readEnvelopeHeader } from './envelope-header.js';
import { isFunctionReference } from './function-reference.js';
import type { ResolveOptions } from './module-allowlist.js';
import { resolveFunction } from './resolve-function.js';
import { TempestError } from './tempest-error.js';

/** Options of {@link loadFunction}: whether code is accepted, and which modules references may name. */
export interface LoadFunctionOptions extends DecodeOptions, ResolveOptions {}

/**
 * The receiving side of `encodeFunction`, for either way of sending: re-creates a function shipped
 * by value (a `code` envelope, only with `{ allowCode: true }`; compiled once per source and
 * cached), or imports the function a reference names (a `data` envelope; imported once and
 * cached), if `allowModules` allows its module.
 *
 * Without `allowCode` the result is never a function that compiles or runs code: a code envelope
 * is refused before anything is compiled, and a reference resolves only to an export of an allowed
 * module that is not `eval`, `Function`, a function of `node:vm`, `node:child_process`,
 * `node:module` or the like (see the package README for what is and is not guaranteed).
 *
 * @typeParam F - the function type the caller expects (asserted, not checked)
 * @param bytes - an envelope from `encodeFunction`
 * @param options - `allowCode: true` to accept functions shipped by value, from your own job only;
 *   `allowModules`: the folders, files, `node:` built-ins and packages a reference may name
 *   (default: the working directory)
 * @returns the function; its type parameter is the caller's assertion, not checked
 * @throws {TempestError} CODE_NOT_ALLOWED for code without `allowCode`; REFERENCE_NOT_ALLOWED for
 *   a reference to a module `allowModules` does not allow, or to a code-running built-in;
 *   REFERENCE_FAILED when a referenced module or export cannot be loaded; DECODE_FAILED for bad
 *   bytes or envelopes holding something other than a function
 * @example
 * ```ts
 * parentPort.on('message', async (bytes) => {
 *   const logLikelihood = await loadFunction<(x: Float64Array) => number>(bytes, { allowCode: true, allowModules: ['./models'] });
 * });
 * ```
 */
export async function loadFunction<F extends (...args: never[]) => unknown = (...args: unknown[]) => unknown>(
  bytes: Uint8Array | ArrayBuffer,
  options: LoadFunctionOptions = {},
): Promise<F> {
  const b = asBytes(bytes);
  const { kind } = readEnvelopeHeader(b);
  if (kind === 'code') return decode(b, options) as F;
  if (kind === 'data') {
    const value = decode(b);
    if (isFunctionReference(value)) return resolveFunction<F>(value, options);
  }
  throw new TempestError(
    'DECODE_FAILED',
    `loadFunction expected an envelope from encodeFunction; this one holds ${kind === 'packed' ? 'a packed batch' : 'data that is not a function reference'}. Use decode or decodePacked for it.`,
    { value: kind },
  );
}
