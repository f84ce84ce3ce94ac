// The envelope codec of browsers and Web Workers: the same bytes as structured-codec.ts writes with
// `node:v8`, written and read by the plain-JavaScript V8 wire format (no `node:` module).
import { ENVELOPE_HEADER_BYTES, writeEnvelopeHeader, type EnvelopeKind } from './envelope-header.js';
import { readV8Value } from './v8-value-reader.js';
import { writeV8Value } from './v8-value-writer.js';

/**
 * Writes an envelope whose payload is `value` in V8's structured-clone format.
 * @param kind - `data` or `code`
 * @param value - a value that `walkCloneable` accepted
 * @returns the complete envelope
 * @throws a DataCloneError for anything the walk could not see
 */
export function serializeEnvelope(kind: EnvelopeKind, value: unknown): Uint8Array {
  const out = writeV8Value(value, new Uint8Array(ENVELOPE_HEADER_BYTES));
  writeEnvelopeHeader(out, kind, out.length - ENVELOPE_HEADER_BYTES);
  return out;
}

/**
 * Reads the structured-clone payload of an envelope whose header was already checked; typed
 * arrays get memory of their own. Never calls user code.
 * @param envelope - the complete envelope
 * @returns the value, and the number of bytes left unread
 * @throws {Error} for malformed payloads (callers wrap it)
 */
export function deserializeEnvelope(envelope: Uint8Array): { value: unknown; unread: number } {
  const { value, end } = readV8Value(envelope, ENVELOPE_HEADER_BYTES);
  return { value, unread: envelope.length - end };
}
