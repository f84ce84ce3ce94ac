import { serializeEnvelope } from '#structured-codec';
import { serializerFailure } from './serializer-failure.js';
import { TempestError } from './tempest-error.js';
import { MAX_ISSUES, walkCloneable } from './walk-cloneable.js';

/**
 * Encodes a value as a `data` envelope in V8's structured-clone format: numbers keep NaN, ±Infinity
 * and -0; typed arrays, ArrayBuffers, Map, Set, Date, RegExp, BigInt, errors, sparse arrays,
 * shared references and cycles all survive. Function references (`functionReference`) are plain
 * data and travel too. Everything is checked first, so a value that would be refused, or silently
 * changed (a class instance would lose its prototype), fails here with its path. Only a typed
 * array's visible bytes are written, never the rest of its buffer.
 *
 * @param value - task data, results, options
 * @returns the envelope
 * @throws {TempestError} UNSUPPORTED_VALUE listing every value that cannot travel (functions,
 *   symbols, class instances, weak collections, SharedArrayBuffers), each with its path and remedy
 * @example
 * ```ts
 * const bytes = encode({ seed: 42, prior: new Float64Array([0, 1]), names: new Map([[0, 'mu']]) });
 * const copy = decode(bytes);
 * ```
 */
export function encode(value: unknown): Uint8Array {
  const { issues } = walkCloneable(value, 'value');
  if (issues.length > 0) {
    const more = issues.length >= MAX_ISSUES ? ' (listing stopped here)' : '';
    throw new TempestError(
      'UNSUPPORTED_VALUE',
      `Cannot encode the value as data (${issues.length} problem${issues.length === 1 ? '' : 's'}${more}):\n${issues.map((i) => `  - ${i.message}`).join('\n')}`,
      { path: issues[0].path, value: issues[0].value, problems: issues.map((i) => i.message) },
    );
  }
  try {
    return serializeEnvelope('data', value);
  } catch (error) {
    throw new TempestError('UNSUPPORTED_VALUE', `Cannot encode the value as data: ${serializerFailure(error)}`, { cause: error, value });
  }
}
