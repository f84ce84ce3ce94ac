import { ENVELOPE_HEADER_BYTES, HOST_LITTLE_ENDIAN, asBytes, readEnvelopeHeader, type EnvelopeHeader } from './envelope-header.js';
import { PackedBatch } from './packed-batch.js';
import { PACKED_PREFIX_BYTES, RAGGED_WIDTH, attachedEnvelopes, packedLayout } from './packed-layout.js';
import { TempestError } from './tempest-error.js';

/**
 * Decodes a `packed` envelope into a {@link PackedBatch}. When the bytes are 8-byte aligned and
 * come from a machine of the same byte order (the usual case) the batch's `data` is a view of
 * `bytes`, not a copy: keep `bytes` untouched while using the batch, or call `batch.copy()`.
 * Never runs code.
 *
 * @param bytes - an envelope from `encodePacked`
 * @returns the batch
 * @throws {TempestError} DECODE_FAILED when the bytes are not a well-formed packed envelope
 * @example
 * ```ts
 * const batch = decodePacked(bytes);
 * for (let i = 0; i < batch.rows; i++) logl[i] = logLikelihood(batch.row(i));
 * ```
 */
export function decodePacked(bytes: Uint8Array | ArrayBuffer): PackedBatch {
  const b = asBytes(bytes);
  const header = readEnvelopeHeader(b);
  if (header.kind !== 'packed') {
    throw new TempestError(
      'DECODE_FAILED',
      `decodePacked expected a packed envelope; this one holds ${header.kind === 'code' ? 'code (a shipped function)' : 'data'}. Use decode for data and loadFunction for functions.`,
      { value: header.kind, index: 5 },
    );
  }
  return readPackedPayload(b, header);
}

/**
 * Reads the payload of a packed envelope whose header was already checked.
 * @param b - the complete envelope
 * @param header - its header
 * @returns the batch, viewing `b` where alignment and byte order allow
 * @throws {TempestError} DECODE_FAILED when the sizes in the payload do not add up
 */
export function readPackedPayload(b: Uint8Array, header: EnvelopeHeader): PackedBatch {
  if (header.payloadBytes < PACKED_PREFIX_BYTES) {
    throw corrupt(`its payload is ${header.payloadBytes} bytes, too short for the ${PACKED_PREFIX_BYTES}-byte row count and width`, header.payloadBytes);
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const sameOrder = header.littleEndian === HOST_LITTLE_ENDIAN;
  const rows = view.getUint32(ENVELOPE_HEADER_BYTES, true);
  const rawWidth = view.getUint32(ENVELOPE_HEADER_BYTES + 4, true);
  const width = rawWidth === RAGGED_WIDTH ? undefined : rawWidth;

  let offsets: Uint32Array | undefined;
  let total: number;
  if (width === undefined) {
    const offsetsAt = ENVELOPE_HEADER_BYTES + PACKED_PREFIX_BYTES;
    if (rows === RAGGED_WIDTH || offsetsAt + 4 * (rows + 1) > b.length) {
      throw corrupt(`it announces ${rows} rows of different lengths, but the ${header.payloadBytes}-byte payload cannot hold their ${rows + 1} offsets`, rows);
    }
    offsets = new Uint32Array(rows + 1);
    for (let i = 0; i <= rows; i++) {
      offsets[i] = view.getUint32(offsetsAt + 4 * i, header.littleEndian);
      if (i === 0 ? offsets[0] !== 0 : offsets[i] < offsets[i - 1]) {
        throw corrupt(`its row offsets are not a nondecreasing sequence from 0 (offsets[${i}] = ${offsets[i]})`, offsets[i]);
      }
    }
    total = offsets[rows];
  } else {
    total = rows * width;
  }
  const layout = packedLayout(rows, width, total);
  if (layout.payloadBytes !== header.payloadBytes) {
    throw corrupt(
      `it announces ${width === undefined ? `${rows} rows totalling` : `${rows} rows × ${width} =`} ${total} values, which take ${layout.payloadBytes} payload bytes, but the payload is ${header.payloadBytes} bytes`,
      total,
    );
  }

  let data: Float64Array;
  const at = b.byteOffset + layout.dataAt;
  if (sameOrder && at % 8 === 0) {
    data = new Float64Array(b.buffer, at, total);
  } else {
    data = new Float64Array(total);
    for (let i = 0; i < total; i++) data[i] = view.getFloat64(layout.dataAt + 8 * i, header.littleEndian);
  }
  const batch = new PackedBatch(data, rows, width, offsets);
  // The envelope now holds exactly this batch, so re-encoding it (after editing in place) is free.
  if (data.buffer === b.buffer) attachedEnvelopes.set(batch, b);
  return batch;
}

function corrupt(what: string, value: unknown): TempestError {
  return new TempestError('DECODE_FAILED', `The packed envelope is corrupted: ${what}. Pass the bytes exactly as encodePacked returned them.`, { value });
}
