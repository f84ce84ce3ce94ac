import { ENVELOPE_HEADER_BYTES, writeEnvelopeHeader } from './envelope-header.js';

/**
 * Byte layout of a packed envelope (after the 16-byte envelope header):
 *
 * ```text
 * 16  u32 LE  rows
 * 20  u32 LE  width, or 0xFFFFFFFF when rows differ in length
 * 24  u32[rows + 1]  row start offsets (ragged only), in the sender's byte order, zero-padded to 8 bytes
 * ..  f64[total]     the values, row after row, in the sender's byte order, 8-byte aligned
 * ```
 */
export interface PackedLayout {
  readonly rows: number;
  /** Row length, or undefined when rows differ. */
  readonly width: number | undefined;
  /** Number of float64 values. */
  readonly total: number;
  /** Byte offset of the offsets table in the envelope (ragged only). */
  readonly offsetsAt: number;
  /** Byte offset of the first value in the envelope; a multiple of 8. */
  readonly dataAt: number;
  /** Payload length: everything after the envelope header. */
  readonly payloadBytes: number;
}

/** Marks a ragged batch in the width field. */
export const RAGGED_WIDTH = 0xffff_ffff;

/** Bytes of the rows and width fields that start every packed payload. */
export const PACKED_PREFIX_BYTES = 8;

/**
 * Envelopes that already hold a batch's values, so that encoding it needs no copy. Filled by
 * `PackedBatch.allocate*`, `fromRows` and by decoding; read by `encodePacked`.
 */
export const attachedEnvelopes = new WeakMap<object, Uint8Array>();

/**
 * Where everything goes in a packed envelope.
 * @param rows - number of rows
 * @param width - row length, or undefined for ragged rows
 * @param total - number of values
 * @returns the layout
 */
export function packedLayout(rows: number, width: number | undefined, total: number): PackedLayout {
  const offsetsAt = ENVELOPE_HEADER_BYTES + PACKED_PREFIX_BYTES;
  const dataAt = width === undefined ? offsetsAt + align8(4 * (rows + 1)) : offsetsAt;
  return { rows, width, total, offsetsAt, dataAt, payloadBytes: dataAt - ENVELOPE_HEADER_BYTES + 8 * total };
}

/**
 * Allocates a zeroed packed envelope with its header and row prefix written.
 * @param layout - from {@link packedLayout}
 * @returns the envelope; values and offsets are left for the caller to fill
 */
export function allocatePackedEnvelope(layout: PackedLayout): Uint8Array {
  const envelope = new Uint8Array(ENVELOPE_HEADER_BYTES + layout.payloadBytes);
  writeEnvelopeHeader(envelope, 'packed', layout.payloadBytes);
  const view = new DataView(envelope.buffer);
  view.setUint32(ENVELOPE_HEADER_BYTES, layout.rows, true);
  view.setUint32(ENVELOPE_HEADER_BYTES + 4, layout.width ?? RAGGED_WIDTH, true);
  return envelope;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
