import v8 from 'node:v8';

/**
 * A value in V8's structured-clone format, the bytes `node:v8`'s `serialize` writes (in Node it
 * is that function; in browsers a plain-JavaScript writer of the same format, so that bytes
 * written in one load in the other). Tempest's state files hold the particles' blobs so. Unlike
 * {@link encode}, no envelope and no check first: what cannot be cloned throws as V8 throws.
 * @param value - a structured-clone value: numbers, strings, BigInt, arrays, plain objects, Map,
 *   Set, Date, RegExp, errors, typed arrays, ArrayBuffers
 * @returns the bytes
 * @throws a DataCloneError (`… could not be cloned.`) for functions, symbols, weak collections
 * @example
 * ```ts
 * const bytes = serializeValue([{ r: 0.5 }, new Float64Array([1, 2])]);
 * const copy = deserializeValue(bytes);
 * ```
 */
export function serializeValue(value: unknown): Uint8Array {
  return new Uint8Array(v8.serialize(value));
}

/**
 * Reads bytes of V8's structured-clone format, as written by {@link serializeValue} or
 * `node:v8`'s `serialize`, here or in a browser. Data only: it creates plain objects, arrays,
 * Maps, Sets, typed arrays and the like, and never runs code.
 * @param bytes - the bytes
 * @returns the value
 * @throws {Error} for bytes that are not V8's structured-clone format
 */
export function deserializeValue(bytes: Uint8Array): unknown {
  return v8.deserialize(bytes);
}
