import { readV8Value } from './v8-value-reader.js';
import { writeV8Value } from './v8-value-writer.js';

/**
 * A value in V8's structured-clone format, the bytes `node:v8`'s `serialize` writes, written in
 * plain JavaScript (this is the browser build; Node's uses `node:v8`).
 * @param value - a structured-clone value
 * @returns the bytes
 * @throws a DataCloneError for functions, symbols, weak collections
 */
export function serializeValue(value: unknown): Uint8Array {
  return writeV8Value(value);
}

/**
 * Reads bytes of V8's structured-clone format, written here or by `node:v8`. Data only.
 * @param bytes - the bytes
 * @returns the value
 * @throws {Error} for bytes that are not V8's structured-clone format, or hold more than one value
 */
export function deserializeValue(bytes: Uint8Array): unknown {
  const { value, end } = readV8Value(bytes);
  if (end !== bytes.length) throw new Error(`Unable to deserialize cloned data: ${bytes.length - end} bytes follow the value.`);
  return value;
}
