import { crc32 } from 'node:zlib';
import { TempestError } from '../tempest-error.js';

/** Typed arrays a state file can hold, with their little-endian dtype names (numpy's spelling). */
export type StateArray = Float64Array | Int32Array | Uint8Array;

/** What a state file holds: JSON-safe metadata and named typed arrays. */
export interface StateFileContents {
  meta: Record<string, unknown>;
  arrays: Record<string, StateArray>;
}

/** First bytes of every state file (PNG-style: catches text-mode transfers and truncation at once). */
export const STATE_MAGIC = Uint8Array.of(0x89, 0x54, 0x50, 0x53, 0x0d, 0x0a, 0x1a, 0x0a); // \x89TPS\r\n\x1a\n
/** Version of the layout described in {@link encodeStateFile}. */
export const STATE_FORMAT_VERSION = 1;

const DTYPES = { '<f8': 8, '<i4': 4, '|u1': 1 } as const;
type Dtype = keyof typeof DTYPES;

interface ArrayEntry {
  name: string;
  dtype: Dtype;
  offset: number;
  length: number;
}

function dtypeOf(a: StateArray): Dtype {
  if (a instanceof Float64Array) return '<f8';
  if (a instanceof Int32Array) return '<i4';
  return '|u1';
}

const align8 = (n: number) => (n + 7) & ~7;

/**
 * Serialises state as data only: no code, nothing that runs when read. Layout (all integers
 * little-endian):
 *
 * | bytes | content |
 * |---|---|
 * | 0–7 | magic `89 54 50 53 0D 0A 1A 0A` |
 * | 8–11 | format version (u32) |
 * | 12–15 | header length H in bytes (u32) |
 * | 16–16+H | header: UTF-8 JSON `{ meta, arrays: [{ name, dtype, offset, length }] }` |
 * | … | each array's raw values at its `offset` (8-byte aligned), dtype `<f8`, `<i4` or `|u1` |
 * | last 4 | CRC-32 of every byte before it (u32) |
 *
 * @param contents - metadata (JSON-safe) and named arrays
 * @returns the file's bytes
 */
export function encodeStateFile(contents: StateFileContents): Uint8Array {
  const names = Object.keys(contents.arrays);
  const entries: ArrayEntry[] = names.map((name) => ({ name, dtype: dtypeOf(contents.arrays[name]), offset: 0, length: contents.arrays[name].length }));
  // The header's length depends on the offsets it lists; offsets are at most 16 digits, so lay
  // out with a provisional header, then pad the real one to the same length.
  let headerText = JSON.stringify({ meta: contents.meta, arrays: entries.map((e) => ({ ...e, offset: 1e15 })) });
  const headerBytesMax = Buffer.byteLength(headerText, 'utf8');
  let offset = align8(16 + headerBytesMax);
  for (const e of entries) {
    e.offset = offset;
    offset = align8(offset + e.length * DTYPES[e.dtype]);
  }
  headerText = JSON.stringify({ meta: contents.meta, arrays: entries });
  const header = Buffer.from(headerText.padEnd(headerBytesMax, ' '), 'utf8');
  const total = offset + 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(STATE_MAGIC, 0);
  view.setUint32(8, STATE_FORMAT_VERSION, true);
  view.setUint32(12, header.length, true);
  out.set(header, 16);
  for (const e of entries) {
    const a = contents.arrays[e.name];
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    if (isLittleEndian || e.dtype === '|u1') out.set(bytes, e.offset);
    else writeSwapped(view, e, a);
  }
  view.setUint32(total - 4, crc32(out.subarray(0, total - 4)) >>> 0, true);
  return out;
}

/**
 * Reads a state file, checking everything before trusting anything: magic, version, lengths,
 * the header's JSON and array table, and the checksum. Parsing is data-only (JSON and raw
 * numbers), so a file from anyone cannot run code.
 * @param bytes - the file's contents
 * @param source - file name used in error messages
 * @returns metadata and arrays (copies, aligned)
 * @throws {TempestError} `INVALID_STATE_FILE` naming the file and what is wrong
 */
export function decodeStateFile(bytes: Uint8Array, source: string): StateFileContents {
  const fail = (what: string): never => {
    throw new TempestError('INVALID_STATE_FILE', `${source} is not a usable Tempest state file: ${what}.`, { value: source });
  };
  if (bytes.length < 20) fail(`it has only ${bytes.length} bytes (truncated or empty)`);
  for (let i = 0; i < STATE_MAGIC.length; i++) if (bytes[i] !== STATE_MAGIC[i]) fail('it does not start with the Tempest state signature (a different kind of file, or a text-mode copy)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== STATE_FORMAT_VERSION) fail(`its format version is ${version}; this version of Tempest reads version ${STATE_FORMAT_VERSION}`);
  const stored = view.getUint32(bytes.length - 4, true);
  const actual = crc32(bytes.subarray(0, bytes.length - 4)) >>> 0;
  if (stored !== actual) fail(`its checksum does not match (stored ${hex(stored)}, computed ${hex(actual)}): the file is truncated or corrupted`);
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength > bytes.length - 4) fail(`its header claims ${headerLength} bytes but the file has ${bytes.length}`);
  let header: { meta?: unknown; arrays?: unknown };
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + headerLength)));
  } catch (cause) {
    return fail(`its header is not valid JSON (${(cause as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || typeof header.meta !== 'object' || header.meta === null || !Array.isArray(header.arrays)) {
    fail('its header lacks the "meta" object or the "arrays" table');
  }
  const arrays: Record<string, StateArray> = {};
  for (const entry of header.arrays as unknown[]) {
    const e = entry as Partial<ArrayEntry>;
    if (typeof e?.name !== 'string' || !(typeof e.dtype === 'string' && e.dtype in DTYPES) || !Number.isSafeInteger(e.offset) || !Number.isSafeInteger(e.length) || e.length! < 0) {
      fail(`its array table has a malformed entry ${JSON.stringify(entry)}`);
    }
    const size = DTYPES[e.dtype as Dtype];
    const end = e.offset! + e.length! * size;
    if (e.offset! < 16 + headerLength || end > bytes.length - 4 || e.offset! % size !== 0) fail(`array "${e.name}" lies outside the file`);
    const slice = bytes.slice(e.offset!, end);
    arrays[e.name!] = e.dtype === '<f8' ? readF64(slice, e.length!) : e.dtype === '<i4' ? readI32(slice, e.length!) : slice;
  }
  return { meta: header.meta as Record<string, unknown>, arrays };
}

const isLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function readF64(bytes: Uint8Array, n: number): Float64Array {
  if (isLittleEndian) return new Float64Array(bytes.buffer, bytes.byteOffset, n);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: n }, (_, i) => v.getFloat64(8 * i, true));
}

function readI32(bytes: Uint8Array, n: number): Int32Array {
  if (isLittleEndian) return new Int32Array(bytes.buffer, bytes.byteOffset, n);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: n }, (_, i) => v.getInt32(4 * i, true));
}

function writeSwapped(view: DataView, e: ArrayEntry, a: StateArray): void {
  for (let i = 0; i < a.length; i++) {
    if (e.dtype === '<f8') view.setFloat64(e.offset + 8 * i, a[i], true);
    else view.setInt32(e.offset + 4 * i, a[i], true);
  }
}

const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;
