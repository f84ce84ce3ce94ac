import { TempestError } from './tempest-error.js';

/**
 * What an envelope carries:
 * - `data`: a value in V8's structured-clone format (no code)
 * - `packed`: a batch of float64 rows (no code)
 * - `code`: a function shipped by value, with its captured values (runs code when decoded)
 */
export type EnvelopeKind = 'data' | 'packed' | 'code';

/** The fixed header at the start of every envelope, as read by {@link readEnvelopeHeader}. */
export interface EnvelopeHeader {
  /** Format version (currently 1). */
  readonly version: number;
  /** What the payload holds. */
  readonly kind: EnvelopeKind;
  /** Payload length in bytes (the envelope is exactly {@link ENVELOPE_HEADER_BYTES} longer). */
  readonly payloadBytes: number;
  /** Whether the sender's machine is little-endian. */
  readonly littleEndian: boolean;
}

/** The envelope format version this package writes and reads. */
export const ENVELOPE_VERSION = 1;

/** Length of the fixed header; a multiple of 8 so that float64 payloads stay aligned. */
export const ENVELOPE_HEADER_BYTES = 16;

// "\x89TMP": the high first byte keeps text (JSON, UTF-8) from ever looking like an envelope.
const MAGIC = [0x89, 0x54, 0x4d, 0x50] as const;
const KIND_CODES: Record<EnvelopeKind, number> = { data: 1, packed: 2, code: 3 };
const KINDS: readonly (EnvelopeKind | undefined)[] = [undefined, 'data', 'packed', 'code'];
const FLAG_LITTLE_ENDIAN = 1;

/** Whether this machine stores numbers little-endian (every platform Node ships for but s390x). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Views any byte container as a Uint8Array without copying.
 * @param bytes - a Uint8Array (or Buffer), another ArrayBuffer view, or an ArrayBuffer
 * @returns a Uint8Array over the same memory
 * @throws {TempestError} INVALID_ARGUMENT when `bytes` is not an ArrayBuffer or a view of one
 */
export function asBytes(bytes: unknown): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new TempestError(
    'INVALID_ARGUMENT',
    `Expected the envelope as a Uint8Array, Buffer or ArrayBuffer; got ${describeType(bytes)}. Pass the bytes returned by encode, encodePacked or encodeFunction.`,
    { option: 'bytes', value: bytes },
  );
}

/**
 * Writes the header of an envelope into the first {@link ENVELOPE_HEADER_BYTES} bytes of `out`.
 * @param out - the envelope, at least 16 bytes long
 * @param kind - what the payload holds
 * @param payloadBytes - length of the payload that follows the header
 */
export function writeEnvelopeHeader(out: Uint8Array, kind: EnvelopeKind, payloadBytes: number): void {
  if (payloadBytes > 0xffff_ffff) {
    throw new TempestError(
      'UNSUPPORTED_VALUE',
      `An envelope payload is limited to 4 GiB; this one would be ${payloadBytes} bytes. Split the value into several messages.`,
      { value: payloadBytes },
    );
  }
  out.set(MAGIC, 0);
  out[4] = ENVELOPE_VERSION;
  out[5] = KIND_CODES[kind];
  out[6] = HOST_LITTLE_ENDIAN ? FLAG_LITTLE_ENDIAN : 0;
  out[7] = 0;
  new DataView(out.buffer, out.byteOffset, ENVELOPE_HEADER_BYTES).setUint32(8, payloadBytes, true);
  out.fill(0, 12, ENVELOPE_HEADER_BYTES);
}

/**
 * Reads and checks the header of an envelope without decoding its payload, for routing messages
 * by kind. Never runs code.
 *
 * @param bytes - an envelope from `encode`, `encodePacked` or `encodeFunction`
 * @returns version, kind, payload length and the sender's byte order
 * @throws {TempestError} DECODE_FAILED when the bytes are truncated, are not an envelope, or come
 *   from a newer format version; INVALID_ARGUMENT when `bytes` is not a byte container
 * @example
 * ```ts
 * if (readEnvelopeHeader(bytes).kind === 'packed') handleBatch(decodePacked(bytes));
 * ```
 */
export function readEnvelopeHeader(bytes: Uint8Array | ArrayBuffer): EnvelopeHeader {
  const b = asBytes(bytes);
  if (b.length < ENVELOPE_HEADER_BYTES) {
    const what = b.length > 0 && !hasMagic(b) ? 'it is not a Tempest envelope' : 'it is truncated';
    throw decodeError(
      `The bytes are ${b.length} long, shorter than the ${ENVELOPE_HEADER_BYTES}-byte envelope header: ${what}. Pass the complete bytes returned by an encode function.`,
      b,
    );
  }
  if (!hasMagic(b)) {
    throw decodeError(
      `The bytes do not start with the Tempest envelope signature 89 54 4d 50; they start with ${hex(b.subarray(0, 8))}${looksLikeText(b) ? ' (text, perhaps JSON)' : ''}. They were not written by @tempest/serialize, or the start of the message was lost.`,
      b,
      0,
    );
  }
  const version = b[4];
  if (version !== ENVELOPE_VERSION) {
    throw decodeError(
      version > ENVELOPE_VERSION
        ? `The envelope has format version ${version}, newer than this @tempest/serialize reads (${ENVELOPE_VERSION}). Use the same @tempest/serialize version on the sender and the receiver.`
        : `The envelope has format version ${version}, which never existed: the bytes are corrupted.`,
      version,
      4,
    );
  }
  const kind = KINDS[b[5]];
  if (kind === undefined) {
    throw decodeError(
      `The envelope has kind ${b[5]}; this version knows 1 (data), 2 (packed) and 3 (code). Use the same @tempest/serialize version on the sender and the receiver.`,
      b[5],
      5,
    );
  }
  const flags = b[6];
  if ((flags & ~FLAG_LITTLE_ENDIAN) !== 0 || b[7] !== 0 || b[12] !== 0 || b[13] !== 0 || b[14] !== 0 || b[15] !== 0) {
    throw decodeError(
      `The envelope header has reserved bits set (header ${hex(b.subarray(0, ENVELOPE_HEADER_BYTES))}): it is corrupted or was written by a newer version. Use the same @tempest/serialize version on both sides.`,
      b,
      6,
    );
  }
  const payloadBytes = new DataView(b.buffer, b.byteOffset, ENVELOPE_HEADER_BYTES).getUint32(8, true);
  const actual = b.length - ENVELOPE_HEADER_BYTES;
  if (actual !== payloadBytes) {
    throw decodeError(
      actual < payloadBytes
        ? `The envelope announces a ${payloadBytes}-byte payload but only ${actual} bytes follow the header: it is truncated. Pass the complete message.`
        : `The envelope announces a ${payloadBytes}-byte payload but ${actual} bytes follow the header. Pass exactly one envelope, not several joined or padded ones.`,
      b.length,
      8,
    );
  }
  return { version, kind, payloadBytes, littleEndian: (flags & FLAG_LITTLE_ENDIAN) !== 0 };
}

function hasMagic(b: Uint8Array): boolean {
  for (let i = 0; i < MAGIC.length && i < b.length; i++) if (b[i] !== MAGIC[i]) return false;
  return true;
}

function looksLikeText(b: Uint8Array): boolean {
  for (let i = 0; i < Math.min(b.length, 8); i++) if (b[i] < 0x09 || b[i] > 0x7e) return false;
  return true;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

function decodeError(message: string, value: unknown, index?: number): TempestError {
  return new TempestError('DECODE_FAILED', message, index === undefined ? { value } : { value, index });
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
