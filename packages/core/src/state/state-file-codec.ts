import CRC32 from 'crc-32';
import { TempestError } from '../tempest-error.js';

// The state-file codec, bytes in and bytes out, for Node and browsers alike: no `node:` module.
// Reading and writing files is in read-state-file.ts and atomic-write.ts (Node only).

/** CRC-32 (zlib's) of `bytes`, continuing from `previous`: the `crc-32` package, which browsers run too. */
const crc32 = (bytes: Uint8Array, previous = 0): number => CRC32.buf(bytes, previous) >>> 0;

/** Typed arrays a state file can hold, with their little-endian dtype names (numpy's spelling). */
export type StateArray = Float64Array | Int32Array | Uint8Array;

/** What a state file holds: JSON-safe metadata and named typed arrays. */
export interface StateFileContents {
  /** The header's metadata (JSON-safe). */
  meta: Record<string, unknown>;
  /** The arrays, in the order they are laid out. */
  arrays: Record<string, StateArray>;
  /**
   * The format version to record: 1 (the default) unless the contents use a feature of a later
   * version (see {@link STATE_FORMAT_VERSION}), so that older Tempest versions read every file
   * they can.
   */
  version?: number;
}

/** A state file as read: its contents, and the length of every array in it (those not read too). */
export interface DecodedStateFile extends StateFileContents {
  /** Every array's number of values, by name, whether it was read or skipped. */
  lengths: Record<string, number>;
}

/** First bytes of every state file (PNG-style: catches text-mode transfers and truncation at once). */
export const STATE_MAGIC = Uint8Array.of(0x89, 0x54, 0x50, 0x53, 0x0d, 0x0a, 0x1a, 0x0a); // \x89TPS\r\n\x1a\n
/**
 * The newest layout this version reads and writes (see {@link stateFilePieces}). Version 2 is
 * version 1 with the particles' blobs split over several arrays (`blobs`, `blobs.1`, …), written
 * only when they need it; every other file is written as version 1.
 */
export const STATE_FORMAT_VERSION = 2;

/** Bytes moved per read or write call: bounded so that no call nears the 2 GiB per-call limit of the file-system calls. */
export const STATE_IO_CHUNK_BYTES = 64 * 2 ** 20;

/** The largest header read: the metadata and the array table take kilobytes; a larger claim is a damaged file. */
const MAX_HEADER_BYTES = 16 * 2 ** 20;
/** The offsets are written as JSON numbers of at most 16 digits (see the layout). */
const MAX_FILE_BYTES = 1e15;

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

// Arithmetic, not `& ~7`: bitwise operators truncate to 32 bits, which wrapped offsets past 2 GiB.
const align8 = (n: number) => Math.ceil(n / 8) * 8;

const isLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** A state file laid out but not yet written: its size and its bytes, piece by piece. */
export interface StateFilePieces {
  /** The file's size in bytes. */
  readonly size: number;
  /**
   * The file's bytes in order, in pieces of at most the chunk size: views of the arrays where
   * the machine is little-endian (so nothing is copied), then the checksum of every piece before
   * it. Iterate once, writing each piece before taking the next; the arrays must not change
   * until the last piece is written.
   */
  [Symbol.iterator](): Iterator<Uint8Array>;
}

/**
 * Lays out state as data only: no code, nothing that runs when read. The file is produced piece
 * by piece with a running checksum, so a file of any size is written without assembling it in
 * memory. Layout (all integers little-endian):
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
 * Offsets are JSON numbers, so files are not limited to 2 or 4 GiB (up to 10^15 bytes).
 * @param contents - metadata (JSON-safe), named arrays and the format version
 * @param chunkBytes - the largest piece (tests pass small values to exercise the chunking)
 * @returns the file's size and pieces
 * @throws {TempestError} `INVALID_ARGUMENT` for a file of more than 10^15 bytes
 */
export function stateFilePieces(contents: StateFileContents, chunkBytes = STATE_IO_CHUNK_BYTES): StateFilePieces {
  const names = Object.keys(contents.arrays);
  const entries: ArrayEntry[] = names.map((name) => ({ name, dtype: dtypeOf(contents.arrays[name]), offset: 0, length: contents.arrays[name].length }));
  // The header's length depends on the offsets it lists; offsets are at most 16 digits, so lay
  // out with a provisional header, then pad the real one to the same length.
  let headerText = JSON.stringify({ meta: contents.meta, arrays: entries.map((e) => ({ ...e, offset: 1e15 })) });
  const utf8 = new TextEncoder();
  const headerBytesMax = utf8.encode(headerText).length;
  let offset = align8(16 + headerBytesMax);
  for (const e of entries) {
    e.offset = offset;
    offset = align8(offset + e.length * DTYPES[e.dtype]);
  }
  const size = offset + 4;
  if (size > MAX_FILE_BYTES) {
    throw new TempestError('INVALID_ARGUMENT', `A state file of ${size} bytes exceeds the format's limit of 10^15 bytes. Store fewer particles.`, { value: size });
  }
  headerText = JSON.stringify({ meta: contents.meta, arrays: entries });
  const header = utf8.encode(headerText.padEnd(headerBytesMax, ' '));
  const version = contents.version ?? 1;
  return {
    size,
    *[Symbol.iterator]() {
      let crc = 0;
      const piece = (bytes: Uint8Array) => {
        crc = crc32(bytes, crc);
        return bytes;
      };
      const first = new Uint8Array(entries.length > 0 ? entries[0].offset : size - 4);
      const view = new DataView(first.buffer);
      first.set(STATE_MAGIC, 0);
      view.setUint32(8, version, true);
      view.setUint32(12, header.length, true);
      first.set(header, 16);
      yield piece(first);
      let at = first.length;
      const zeros = new Uint8Array(8);
      for (const e of entries) {
        if (e.offset > at) yield piece(zeros.subarray(0, e.offset - at));
        const a = contents.arrays[e.name];
        const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
        const step = Math.max(DTYPES[e.dtype], chunkBytes - (chunkBytes % DTYPES[e.dtype]));
        for (let from = 0; from < bytes.length; from += step) {
          const part = bytes.subarray(from, Math.min(bytes.length, from + step));
          yield piece(isLittleEndian || e.dtype === '|u1' ? part : swapped(part, DTYPES[e.dtype]));
        }
        at = e.offset + bytes.length;
      }
      if (size - 4 > at) yield piece(zeros.subarray(0, size - 4 - at));
      const trailer = new Uint8Array(4);
      new DataView(trailer.buffer).setUint32(0, crc >>> 0, true);
      yield trailer;
    },
  };
}

/**
 * Serialises state as one buffer (see {@link stateFilePieces} for the layout); files are written
 * piece by piece instead, so that their size is not limited by the largest buffer.
 * @param contents - metadata (JSON-safe) and named arrays
 * @returns the file's bytes
 */
export function encodeStateFile(contents: StateFileContents): Uint8Array {
  const pieces = stateFilePieces(contents);
  const out = new Uint8Array(pieces.size);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/** A read the section reader asks for: fill `into` with the file's bytes from `at`. */
export interface ReadRequest {
  into: Uint8Array;
  at: number;
}

/** Options of the section reader. */
export interface ReadSectionsOptions {
  /** Which arrays to keep (default all); the others are only checksummed. */
  keep?: (name: string) => boolean;
  /** Called with the header's metadata before any array is read (to refuse early, e.g. a file of another run). */
  onHeader?: (meta: Record<string, unknown>) => void;
  /** The largest single read (tests pass small values to exercise the chunking). */
  chunkBytes?: number;
}

/**
 * Reads a state file section by section, as a generator of reads that a driver fulfils (from
 * memory or from a file handle), so that one algorithm serves both: magic, version and header
 * first, then every byte in order into its array (or into scratch space, for arrays not kept
 * and padding) with a running checksum, then the checksum. Nothing is allocated beyond the
 * header and the arrays kept, whose total is bounded by the file's size.
 */
export function* readSections(size: number, source: string, options: ReadSectionsOptions): Generator<ReadRequest, DecodedStateFile, void> {
  const fail = (what: string): never => {
    throw new TempestError('INVALID_STATE_FILE', `${source} is not a usable Tempest state file: ${what}.`, { value: source });
  };
  const chunkBytes = options.chunkBytes ?? STATE_IO_CHUNK_BYTES;
  if (size < 20) fail(`it has only ${size} bytes (truncated or empty)`);
  const prefix = new Uint8Array(16);
  yield { into: prefix, at: 0 };
  for (let i = 0; i < STATE_MAGIC.length; i++) if (prefix[i] !== STATE_MAGIC[i]) fail('it does not start with the Tempest state signature (a different kind of file, or a text-mode copy)');
  const view = new DataView(prefix.buffer);
  const version = view.getUint32(8, true);
  if (version < 1 || version > STATE_FORMAT_VERSION) fail(`its format version is ${version}; this version of Tempest reads versions 1 to ${STATE_FORMAT_VERSION}. Read it with the Tempest version that wrote it, or a newer one`);
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength > size - 4) fail(`its header claims ${headerLength} bytes but the file has ${size} (truncated or corrupted)`);
  if (headerLength > MAX_HEADER_BYTES) fail(`its header claims ${headerLength} bytes, more than the ${MAX_HEADER_BYTES} a state file's header can have (corrupted)`);
  const headerBytes = new Uint8Array(headerLength);
  yield { into: headerBytes, at: 16 };
  let crc = crc32(headerBytes, crc32(prefix));
  let header: { meta?: unknown; arrays?: unknown };
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (cause) {
    return fail(`its header is not valid JSON (${(cause as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || typeof header.meta !== 'object' || header.meta === null || !Array.isArray(header.arrays)) {
    fail('its header lacks the "meta" object or the "arrays" table');
  }
  const entries = checkTable(header.arrays as unknown[], 16 + headerLength, size, fail);
  const meta = header.meta as Record<string, unknown>;
  options.onHeader?.(meta);

  const keep = options.keep ?? (() => true);
  const arrays: Record<string, StateArray> = {};
  const lengths: Record<string, number> = {};
  let scratch: Uint8Array | undefined;
  const skip = function* (from: number, to: number): Generator<ReadRequest, void, void> {
    for (let at = from; at < to; at += chunkBytes) {
      const n = Math.min(chunkBytes, to - at);
      scratch ??= new Uint8Array(Math.min(chunkBytes, Math.max(n, 4096)));
      if (scratch.length < n) scratch = new Uint8Array(n);
      const into = scratch.subarray(0, n);
      yield { into, at };
      crc = crc32(into, crc);
    }
  };
  let at = 16 + headerLength;
  for (const e of entries) {
    lengths[e.name] = e.length;
    yield* skip(at, e.offset);
    const bytes = e.length * DTYPES[e.dtype];
    if (keep(e.name)) {
      const a = allocate(e, fail);
      const all = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      for (let from = 0; from < bytes; from += chunkBytes) {
        const into = all.subarray(from, Math.min(bytes, from + chunkBytes));
        yield { into, at: e.offset + from };
        crc = crc32(into, crc);
      }
      arrays[e.name] = a;
    } else {
      yield* skip(e.offset, e.offset + bytes);
    }
    at = e.offset + bytes;
  }
  yield* skip(at, size - 4);
  const trailer = new Uint8Array(4);
  yield { into: trailer, at: size - 4 };
  const stored = new DataView(trailer.buffer).getUint32(0, true);
  const actual = crc >>> 0;
  if (stored !== actual) fail(`its checksum does not match (stored ${hex(stored)}, computed ${hex(actual)}): the file is truncated or corrupted`);
  if (!isLittleEndian) for (const e of entries) if (arrays[e.name] !== undefined && e.dtype !== '|u1') swapInPlace(arrays[e.name], DTYPES[e.dtype]);
  return { meta, arrays, lengths, version };
}

/**
 * The array table checked: every entry well formed, inside the file after the header, aligned,
 * names unique, and no two overlapping (so the arrays read never total more than the file).
 * @returns the entries in file order
 */
function checkTable(table: unknown[], dataStart: number, size: number, fail: (what: string) => never): ArrayEntry[] {
  const entries: ArrayEntry[] = [];
  const names = new Set<string>();
  for (const entry of table) {
    const e = entry as Partial<ArrayEntry>;
    if (typeof e?.name !== 'string' || !(typeof e.dtype === 'string' && Object.hasOwn(DTYPES, e.dtype)) || !Number.isSafeInteger(e.offset) || !Number.isSafeInteger(e.length) || e.length! < 0) {
      fail(`its array table has a malformed entry ${JSON.stringify(entry)}`);
    }
    const { name, dtype, offset, length } = e as ArrayEntry;
    if (names.has(name)) fail(`its array table lists "${name}" twice`);
    names.add(name);
    const end = offset + length * DTYPES[dtype];
    if (offset < dataStart || offset % DTYPES[dtype] !== 0) fail(`array "${name}" lies outside the file`);
    if (end > size - 4) fail(`array "${name}" ends at byte ${end}, past the end of the file's ${size} bytes: the file is truncated or corrupted`);
    entries.push({ name, dtype, offset, length });
  }
  entries.sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < entries.length; i++) {
    const before = entries[i - 1];
    if (entries[i].offset < before.offset + before.length * DTYPES[before.dtype]) fail(`arrays "${before.name}" and "${entries[i].name}" overlap`);
  }
  return entries;
}

function allocate(e: ArrayEntry, fail: (what: string) => never): StateArray {
  try {
    return e.dtype === '<f8' ? new Float64Array(e.length) : e.dtype === '<i4' ? new Int32Array(e.length) : new Uint8Array(e.length);
  } catch (cause) {
    return fail(`array "${e.name}" has ${e.length} values, which this JavaScript engine cannot hold in one array (${(cause as Error).message})`);
  }
}

/**
 * Reads a state file held in memory, checking everything before trusting anything: magic,
 * version, lengths, the header's JSON and array table, and the checksum. Parsing is data-only
 * (JSON and raw numbers), so a file from anyone cannot run code.
 * @param bytes - the file's contents
 * @param source - file name used in error messages
 * @param options - which arrays to keep, a check of the header
 * @returns metadata and arrays (copies, aligned), and every array's length
 * @throws {TempestError} `INVALID_STATE_FILE` naming the file and what is wrong
 */
export function decodeStateFile(bytes: Uint8Array, source: string, options: ReadSectionsOptions = {}): DecodedStateFile {
  const reader = readSections(bytes.length, source, options);
  for (let step = reader.next(); ; step = reader.next()) {
    if (step.done) return step.value;
    step.value.into.set(bytes.subarray(step.value.at, step.value.at + step.value.into.length));
  }
}

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = bytes.slice();
  swapBytes(out, width);
  return out;
}

function swapInPlace(a: StateArray, width: number): void {
  swapBytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), width);
}

function swapBytes(b: Uint8Array, width: number): void {
  for (let i = 0; i < b.length; i += width) b.subarray(i, i + width).reverse();
}

const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;
