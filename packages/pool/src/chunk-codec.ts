import { PackedBatch, decodePacked, encodePacked } from '@tempest/serialize';

/** Tasks or results packed as float64 rows in one envelope (see `@tempest/serialize`'s `encodePacked`). */
export interface PackedValues {
  /** The packed envelope: uniform or ragged rows of tasks, or one number per result. */
  readonly packed: Uint8Array;
}

/** Tasks or results as they are, for structured clone (or the frame codec). */
export interface PlainValues {
  /** The values. */
  readonly values: unknown[];
}

/** Tasks or results as sent: packed float64 rows, or values for structured clone. */
export type EncodedValues = PackedValues | PlainValues;

/**
 * Encodes tasks `[start, end)` for a worker: when every task is a `Float64Array` (parameter
 * vectors), as one packed envelope that can be transferred, not copied; otherwise as the values.
 * @param tasks - all tasks of the `map`
 * @param start - first task of the chunk
 * @param end - one past its last task
 * @returns the chunk's payload
 */
export function encodeTasks(tasks: readonly unknown[], start: number, end: number): EncodedValues {
  let uniform = true;
  for (let i = start; i < end; i++) {
    const t = tasks[i];
    if (!(t instanceof Float64Array) || t.constructor !== Float64Array) return { values: tasks.slice(start, end) };
    if (t.length !== (tasks[start] as Float64Array).length) uniform = false;
  }
  const rows = end - start;
  let batch: PackedBatch;
  if (uniform) {
    const width = (tasks[start] as Float64Array).length;
    batch = PackedBatch.allocate(rows, width);
    for (let i = 0; i < rows; i++) batch.data.set(tasks[start + i] as Float64Array, i * width);
  } else {
    batch = PackedBatch.allocateRagged(Array.from({ length: rows }, (_, i) => (tasks[start + i] as Float64Array).length));
    for (let i = 0; i < rows; i++) batch.data.set(tasks[start + i] as Float64Array, batch.offsets![i]);
  }
  return { packed: encodePacked(batch) };
}

/**
 * Encodes a chunk's results: all numbers become one packed envelope (NaN, ±Infinity and -0 kept);
 * anything else is sent as the values.
 * @param results - the chunk's results
 * @returns the payload
 */
export function encodeResults(results: readonly unknown[]): EncodedValues {
  for (const r of results) if (typeof r !== 'number') return { values: results as unknown[] };
  const batch = PackedBatch.allocate(results.length, 1);
  for (let i = 0; i < results.length; i++) batch.data[i] = results[i] as number;
  return { packed: encodePacked(batch) };
}

/**
 * Decodes tasks: packed rows come back as `Float64Array` views of the received bytes.
 * @param payload - from {@link encodeTasks}
 * @returns the tasks
 */
export function decodeTasks(payload: EncodedValues): unknown[] {
  if ('values' in payload) return payload.values;
  const batch = decodePacked(payload.packed);
  const out = new Array<Float64Array>(batch.rows);
  for (let i = 0; i < batch.rows; i++) out[i] = batch.row(i);
  return out;
}

/**
 * Decodes results: packed numbers come back as numbers.
 * @param payload - from {@link encodeResults}
 * @returns the results
 */
export function decodeResults(payload: EncodedValues): unknown[] {
  if ('values' in payload) return payload.values;
  return Array.from(decodePacked(payload.packed).data);
}

/**
 * The buffers to transfer with a payload.
 * @param payload - encoded tasks or results
 * @returns `[buffer]` for packed payloads, else `[]`
 */
export function payloadTransfer(payload: EncodedValues): ArrayBuffer[] {
  return 'packed' in payload ? [payload.packed.buffer as ArrayBuffer] : [];
}
