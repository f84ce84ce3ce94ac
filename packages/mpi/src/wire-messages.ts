import { decode, decodePacked, encode, encodePacked, PackedBatch } from '@tempest/serialize';
import type { RemoteError, ShippedFunctionWire } from '@tempest/pool';

/** Message tags. Every rank receives with MPI_ANY_TAG from one source, so messages stay in order. */
export const TAG_TASKS = 1;
export const TAG_RESULTS = 2;
export const TAG_STOP = 3;
/**
 * Worker → master, empty: the function that came with a chunk is loaded and the chunk starts now
 * (once per function and rank), so that `taskTimeout` does not count the import of a model.
 */
export const TAG_LOADED = 4;

/** Values as sent: one packed float64 envelope for vectors or numbers, else structured clone. */
export type Payload = { readonly packed: Uint8Array } | { readonly values: unknown[] };

/** Master → worker: one chunk of a `map`. */
export interface TasksMessage {
  readonly job: number;
  readonly fnId: string;
  /** Sent with the first chunk of a function to each worker. */
  readonly wire?: ShippedFunctionWire;
  /** Index of the chunk's first task in its `map`. */
  readonly first: number;
  readonly tasks: Payload;
}

/** Worker → master. */
export type ResultsMessage =
  | { readonly job: number; readonly ok: true; readonly results: Payload }
  | { readonly job: number; readonly ok: false; readonly index: number; readonly error: RemoteError };

/**
 * Packs tasks `[start, end)`: equal-length `Float64Array`s become one float64 block.
 * @param tasks - all tasks
 * @param start - first of the chunk
 * @param end - one past its last
 * @returns the payload
 */
export function packTasks(tasks: readonly unknown[], start: number, end: number): Payload {
  const first = tasks[start];
  if (!(first instanceof Float64Array) || first.constructor !== Float64Array) return { values: tasks.slice(start, end) };
  const width = first.length;
  for (let i = start; i < end; i++) {
    const t = tasks[i];
    if (!(t instanceof Float64Array) || t.constructor !== Float64Array || t.length !== width) return { values: tasks.slice(start, end) };
  }
  const batch = PackedBatch.allocate(end - start, width);
  for (let i = start; i < end; i++) batch.data.set(tasks[i] as Float64Array, (i - start) * width);
  return { packed: encodePacked(batch) };
}

/**
 * Packs results: all numbers become one float64 block (NaN, ±Infinity and -0 kept).
 * @param results - a chunk's results
 * @returns the payload
 */
export function packResults(results: readonly unknown[]): Payload {
  for (const r of results) if (typeof r !== 'number') return { values: results as unknown[] };
  const batch = PackedBatch.allocate(results.length, 1);
  for (let i = 0; i < results.length; i++) batch.data[i] = results[i] as number;
  return { packed: encodePacked(batch) };
}

/**
 * Unpacks tasks (vectors) or results (numbers).
 * @param payload - from {@link packTasks} or {@link packResults}
 * @param asNumbers - results: a packed block is a list of numbers
 * @returns the values
 */
export function unpack(payload: Payload, asNumbers: boolean): unknown[] {
  if ('values' in payload) return payload.values;
  const batch = decodePacked(payload.packed);
  if (asNumbers) return Array.from(batch.data);
  const out = new Array<Float64Array>(batch.rows);
  for (let i = 0; i < batch.rows; i++) out[i] = batch.row(i);
  return out;
}

/**
 * Frames a message: `[u32 length of the head][head: the message without packed bytes, structured
 * clone][padding to 8][packed envelope]`. Packed vectors are copied once into the frame and read on
 * the other side as views of the received bytes (the float64 data stays 8-byte aligned).
 * @param message - tasks or results
 * @returns the bytes to send
 */
export function encodeMessage(message: TasksMessage | ResultsMessage): Uint8Array {
  const payload = 'tasks' in message ? message.tasks : 'results' in message ? message.results : undefined;
  const packed = payload !== undefined && 'packed' in payload ? payload.packed : undefined;
  const head = encode(packed === undefined ? message : { ...message, [PAYLOAD_KEY(message)]: PACKED_MARK });
  const offset = align8(4 + head.byteLength);
  const frame = new Uint8Array(offset + (packed?.byteLength ?? 0));
  new DataView(frame.buffer).setUint32(0, head.byteLength, true);
  frame.set(head, 4);
  if (packed !== undefined) frame.set(packed, offset);
  return frame;
}

/**
 * Reads a frame from {@link encodeMessage}; packed vectors view `bytes` (keep it untouched).
 * @param bytes - as received
 * @returns the message
 */
export function decodeMessage<M extends TasksMessage | ResultsMessage>(bytes: Uint8Array): M {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const message = decode(bytes.subarray(4, 4 + length)) as Record<string, unknown>;
  const key = PAYLOAD_KEY(message);
  if (message[key] === PACKED_MARK) message[key] = { packed: bytes.subarray(align8(4 + length)) };
  return message as unknown as M;
}

const PACKED_MARK = 'packed-after-head';
const PAYLOAD_KEY = (m: object): 'tasks' | 'results' => ('tasks' in m ? 'tasks' : 'results');
const align8 = (n: number) => (n + 7) & ~7;
