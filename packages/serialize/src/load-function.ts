import { decode, type DecodeOptions } from './decode.js';
import { asBytes, readEnvelopeHeader } from './envelope-header.js';
import { isFunctionReference } from './function-reference.js';
import { resolveFunction } from './resolve-function.js';
import { TempestError } from './tempest-error.js';

/**
 * The receiving side of `encodeFunction`, for either way of sending: re-creates a function shipped
 * by value (a `code` envelope, only with `{ allowCode: true }`; compiled once per source and
 * cached), or imports the function a reference names (a `data` envelope; imported once and
 * cached).
 *
 * @typeParam F - the function type the caller expects (asserted, not checked)
 * @param bytes - an envelope from `encodeFunction`
 * @param options - `allowCode: true` to accept functions shipped by value, from your own job only
 * @returns the function; its type parameter is the caller's assertion, not checked
 * @throws {TempestError} CODE_NOT_ALLOWED for code without `allowCode`; REFERENCE_FAILED when a
 *   referenced module or export cannot be loaded; DECODE_FAILED for bad bytes or envelopes holding
 *   something other than a function
 * @example
 * ```ts
 * parentPort.on('message', async (bytes) => {
 *   const logLikelihood = await loadFunction<(x: Float64Array) => number>(bytes, { allowCode: true });
 * });
 * ```
 */
export async function loadFunction<F extends (...args: never[]) => unknown = (...args: unknown[]) => unknown>(
  bytes: Uint8Array | ArrayBuffer,
  options: DecodeOptions = {},
): Promise<F> {
  const b = asBytes(bytes);
  const { kind } = readEnvelopeHeader(b);
  if (kind === 'code') return decode(b, options) as F;
  if (kind === 'data') {
    const value = decode(b);
    if (isFunctionReference(value)) return resolveFunction<F>(value);
  }
  throw new TempestError(
    'DECODE_FAILED',
    `loadFunction expected an envelope from encodeFunction; this one holds ${kind === 'packed' ? 'a packed batch' : 'data that is not a function reference'}. Use decode or decodePacked for it.`,
    { value: kind },
  );
}
