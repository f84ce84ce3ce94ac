import { decode, encode } from '@tempest/serialize';
import type { EncodedValues } from './chunk-codec.js';
import type { MasterMessage, WorkerReply } from './protocol.js';

/** A protocol message in either direction. */
export type ProtocolMessage = MasterMessage | WorkerReply;

const PACKED_MARK = 'packed-after-head';

/**
 * Frames a protocol message as bytes, for transports that carry bytes (MPI):
 * `[u32 length of the head][head: the message without its packed bytes, structured clone]
 * [padding to 8][packed envelope]`. Packed tasks or results (uniform or ragged float64 rows) are
 * copied once into the frame and read on the other side as views of the received bytes, the
 * float64 data staying 8-byte aligned.
 * @param message - a master message or a worker reply
 * @returns the bytes to send
 * @throws {TempestError} UNSUPPORTED_VALUE (from `@tempest/serialize`) for values that cannot be
 *   encoded, e.g. a function among the results
 * @example
 * ```ts
 * binding.send(comm, rank, TAG, encodeFrame({ type: 'run', chunk, fnId, first, tasks: encodeTasks(tasks, 0, 8) }));
 * ```
 */
export function encodeFrame(message: ProtocolMessage): Uint8Array {
  const key = payloadKey(message);
  const payload = key === undefined ? undefined : ((message as unknown as Record<string, EncodedValues>)[key]);
  const packed = payload !== undefined && 'packed' in payload ? payload.packed : undefined;
  const head = encode(packed === undefined ? message : { ...message, [key!]: PACKED_MARK });
  const offset = align8(4 + head.byteLength);
  const frame = new Uint8Array(offset + (packed?.byteLength ?? 0));
  new DataView(frame.buffer).setUint32(0, head.byteLength, true);
  frame.set(head, 4);
  if (packed !== undefined) frame.set(packed, offset);
  return frame;
}

/**
 * Reads a frame from {@link encodeFrame}; packed values view `bytes` (keep them untouched).
 * @param bytes - as received
 * @returns the message
 * @throws {TempestError} DECODE_FAILED (from `@tempest/serialize`) for bytes that are not a frame
 */
export function decodeFrame<M extends ProtocolMessage = ProtocolMessage>(bytes: Uint8Array): M {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const message = decode(bytes.subarray(4, 4 + length)) as Record<string, unknown>;
  const key = payloadKey(message);
  if (key !== undefined && message[key] === PACKED_MARK) message[key] = { packed: bytes.subarray(align8(4 + length)) };
  return message as unknown as M;
}

function payloadKey(message: object): 'tasks' | 'results' | undefined {
  return 'tasks' in message ? 'tasks' : 'results' in message ? 'results' : undefined;
}

const align8 = (n: number) => (n + 7) & ~7;
