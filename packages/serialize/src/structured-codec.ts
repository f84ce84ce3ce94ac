import { Buffer } from 'node:buffer';
import v8 from 'node:v8';
import { ENVELOPE_HEADER_BYTES, writeEnvelopeHeader, type EnvelopeKind } from './envelope-header.js';

type View = { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };

// Node implements host objects (typed arrays, Buffers, DataViews) in this undeclared hook.
const readHostObject = (v8.DefaultDeserializer.prototype as unknown as { _readHostObject(this: v8.Deserializer): unknown })
  ._readHostObject;

// Node's default deserializer returns typed arrays as views into the bytes being decoded, or into
// its shared Buffer pool when they are misaligned. A receiver that reuses its receive buffer (MPI,
// a ring buffer) would then see decoded arrays change under it, and `.buffer` would expose
// unrelated memory; so every view gets memory of its own, as structured clone gives.
class OwningDeserializer extends v8.DefaultDeserializer {
  _readHostObject(): unknown {
    const view = readHostObject.call(this) as View;
    if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) return view;
    if (view instanceof DataView) return new DataView(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
    if (Buffer.isBuffer(view)) {
      const own = Buffer.allocUnsafeSlow(view.byteLength);
      own.set(view);
      return own;
    }
    const ctor = view.constructor as new (source: unknown) => unknown;
    return new ctor(view);
  }
}

/**
 * Writes an envelope whose payload is `value` in V8's structured-clone format: the header is
 * written through the serializer itself so the value is never copied a second time.
 * @param kind - `data` or `code`
 * @param value - a value that {@link walkCloneable} accepted
 * @returns the complete envelope
 * @throws the serializer's DataCloneError for anything the walk could not see (e.g. proxies)
 */
export function serializeEnvelope(kind: EnvelopeKind, value: unknown): Uint8Array {
  const serializer = new v8.DefaultSerializer();
  serializer.writeRawBytes(new Uint8Array(ENVELOPE_HEADER_BYTES));
  serializer.writeHeader();
  serializer.writeValue(value);
  const out = serializer.releaseBuffer();
  writeEnvelopeHeader(out, kind, out.length - ENVELOPE_HEADER_BYTES);
  return out;
}

/**
 * Reads the structured-clone payload of an envelope whose header was already checked. Creates
 * plain objects, arrays, Maps, Sets, typed arrays and the like; never calls user code.
 * @param envelope - the complete envelope
 * @returns the value, or the number of bytes left unread when the payload holds more than one value
 * @throws whatever V8 throws for malformed payloads (callers wrap it)
 */
export function deserializeEnvelope(envelope: Uint8Array): { value: unknown; unread: number } {
  const payload = envelope.subarray(ENVELOPE_HEADER_BYTES);
  const deserializer = new OwningDeserializer(payload);
  deserializer.readHeader();
  const value: unknown = deserializer.readValue();
  // A zero-length read reports the current position without consuming anything.
  const position = deserializer.readRawBytes(0).byteOffset - payload.byteOffset;
  return { value, unread: payload.length - position };
}
