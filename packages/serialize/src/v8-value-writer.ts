// V8's structured-clone wire format (version 15, as `node:v8`'s `serialize` writes it), written in
// plain JavaScript so that browsers write the bytes Node reads: state files' blobs and envelopes.
// The tags are those of V8's src/objects/value-serializer.cc; typed arrays and DataViews are
// written as Node's DefaultSerializer writes them (a host object: view type, byte length, bytes),
// never with the rest of their buffer. No library implements this format, hence this module; a
// property test checks it against `node:v8` in both directions (v8-value-codec.test.ts).

/** The format version written (V8 since 2022, Node 20 and later). */
export const V8_WIRE_VERSION = 15;

/** Node's index of each view type in its host-object encoding (`lib/v8.js`); 10 is Node's Buffer. */
export const HOST_VIEW_TYPES = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'DataView', 'Buffer', 'BigInt64Array', 'BigUint64Array',
] as const;

/** RegExp flags as V8 numbers them. */
export const REGEXP_FLAGS = 'gimsuyvd';
const REGEXP_FLAG_BITS: Record<string, number> = { g: 1, i: 2, m: 4, y: 8, u: 16, s: 32, d: 128, v: 256 };

/** Prototype tags of the error subclasses V8 writes (plain `Error` has none). */
export const ERROR_TAGS: Record<string, number> = { EvalError: 0x45, RangeError: 0x52, ReferenceError: 0x46, SyntaxError: 0x53, TypeError: 0x54, URIError: 0x55 };

/** The tags (one byte each, ASCII in V8's source). */
export const TAG = {
  version: 0xff, padding: 0x00, verifyCount: 0x3f, hole: 0x2d, undefined: 0x5f, null: 0x30, true: 0x54, false: 0x46,
  int32: 0x49, uint32: 0x55, double: 0x4e, bigint: 0x5a, utf8: 0x53, oneByte: 0x22, twoByte: 0x63, reference: 0x5e,
  beginObject: 0x6f, endObject: 0x7b, beginSparse: 0x61, endSparse: 0x40, beginDense: 0x41, endDense: 0x24,
  date: 0x44, trueObject: 0x79, falseObject: 0x78, numberObject: 0x6e, bigintObject: 0x7a, stringObject: 0x73,
  regexp: 0x52, beginMap: 0x3b, endMap: 0x3a, beginSet: 0x27, endSet: 0x2c, arrayBuffer: 0x42, view: 0x56,
  host: 0x5c, error: 0x72, errorMessage: 0x6d, errorStack: 0x73, errorCause: 0x63, errorEnd: 0x2e,
} as const;

const MAX_INDEX = 2 ** 32 - 2;
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

/** A growable byte buffer with the writes the format needs. */
class ByteSink {
  bytes = new Uint8Array(256);
  length = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  varint(n: number): void {
    // Unsigned LEB128 of a non-negative integer below 2^53 (arithmetic, not bitwise: beyond 2^32).
    do {
      let b = n % 128;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      this.byte(b);
    } while (n > 0);
  }

  double(v: number): void {
    this.scratch.setFloat64(0, v, true);
    this.raw(new Uint8Array(this.scratch.buffer));
  }

  raw(b: Uint8Array): void {
    this.reserve(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
}

const varintBytes = (n: number) => (n < 128 ? 1 : Math.floor(Math.log2(n) / 7) + 1);

/** What the writer refuses, worded as V8's own DataCloneError. */
function notCloneable(value: unknown): Error {
  const what = typeof value === 'function' ? String(value).slice(0, 80) : typeof value === 'symbol' ? String(value) : `#<${tagOf(value)}>`;
  const error = new Error(`${what} could not be cloned.`);
  error.name = 'DataCloneError';
  return error;
}

const tagOf = (value: unknown) => Object.prototype.toString.call(value).slice(8, -1);

/**
 * Writes values in V8's wire format. One writer writes one message; `prefix` bytes (an envelope
 * header) may come first, so that two-byte strings are aligned as V8 aligns them.
 */
export class V8ValueWriter {
  private readonly out = new ByteSink();
  private readonly ids = new Map<object, number>();

  /**
   * @param prefix - bytes to write before the format's header (they count for alignment)
   */
  constructor(prefix?: Uint8Array) {
    if (prefix !== undefined) this.out.raw(prefix);
    this.out.byte(TAG.version);
    this.out.varint(V8_WIRE_VERSION);
  }

  /**
   * Writes one value (and everything it holds; shared objects and cycles once, then by reference).
   * @param value - a structured-clone value
   * @throws a DataCloneError for functions, symbols, weak collections and other host objects
   */
  write(value: unknown): void {
    const out = this.out;
    switch (typeof value) {
      case 'undefined':
        return out.byte(TAG.undefined);
      case 'boolean':
        return out.byte(value ? TAG.true : TAG.false);
      case 'number':
        return this.number(value);
      case 'bigint':
        out.byte(TAG.bigint);
        return this.bigint(value);
      case 'string':
        return this.string(value);
      case 'object':
        if (value === null) return out.byte(TAG.null);
        return this.object(value);
      default:
        throw notCloneable(value);
    }
  }

  /** @returns the bytes written so far */
  finish(): Uint8Array {
    return this.out.bytes.slice(0, this.out.length);
  }

  private number(v: number): void {
    if (Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 && !Object.is(v, -0)) {
      this.out.byte(TAG.int32);
      this.out.varint(v >= 0 ? 2 * v : -2 * v - 1); // zigzag
    } else {
      this.out.byte(TAG.double);
      this.out.double(v);
    }
  }

  private bigint(v: bigint): void {
    const negative = v < 0n;
    let magnitude = negative ? -v : v;
    const words: bigint[] = [];
    while (magnitude > 0n) {
      words.push(magnitude & 0xffff_ffff_ffff_ffffn);
      magnitude >>= 64n;
    }
    this.out.varint(words.length * 8 * 2 + (negative ? 1 : 0));
    const bytes = new Uint8Array(words.length * 8);
    const view = new DataView(bytes.buffer);
    words.forEach((w, i) => view.setBigUint64(8 * i, w, true));
    this.out.raw(bytes);
  }

  private string(s: string): void {
    const out = this.out;
    let oneByte = true;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0xff) {
        oneByte = false;
        break;
      }
    }
    if (oneByte) {
      out.byte(TAG.oneByte);
      out.varint(s.length);
      const bytes = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
      out.raw(bytes);
      return;
    }
    const byteLength = 2 * s.length;
    // V8 aligns UTF-16 data to 2 bytes from the start of the message.
    if ((out.length + 1 + varintBytes(byteLength)) % 2 === 1) out.byte(TAG.padding);
    out.byte(TAG.twoByte);
    out.varint(byteLength);
    const bytes = new Uint8Array(byteLength);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      bytes[2 * i] = c & 0xff;
      bytes[2 * i + 1] = c >> 8;
    }
    out.raw(bytes);
  }

  private key(key: string): void {
    if (INDEX_KEY.test(key) && Number(key) <= MAX_INDEX) this.number(Number(key));
    else this.string(key);
  }

  private object(value: object): void {
    const out = this.out;
    const id = this.ids.get(value);
    if (id !== undefined) {
      out.byte(TAG.reference);
      out.varint(id);
      return;
    }
    const kind = tagOf(value);
    if (ArrayBuffer.isView(value)) return this.view(value, kind);
    this.ids.set(value, this.ids.size);
    if (Array.isArray(value)) return this.array(value);
    switch (kind) {
      case 'Date':
        out.byte(TAG.date);
        return out.double((value as Date).getTime());
      case 'RegExp': {
        const r = value as RegExp;
        out.byte(TAG.regexp);
        this.string(r.source);
        let flags = 0;
        for (const f of r.flags) flags |= REGEXP_FLAG_BITS[f] ?? 0;
        return out.varint(flags);
      }
      case 'Boolean':
        return out.byte(Boolean.prototype.valueOf.call(value) ? TAG.trueObject : TAG.falseObject);
      case 'Number':
        out.byte(TAG.numberObject);
        return out.double(Number.prototype.valueOf.call(value));
      case 'BigInt':
        out.byte(TAG.bigintObject);
        return this.bigint(BigInt.prototype.valueOf.call(value));
      case 'String':
        out.byte(TAG.stringObject);
        return this.string(String.prototype.valueOf.call(value));
      case 'Map': {
        out.byte(TAG.beginMap);
        const map = value as Map<unknown, unknown>;
        for (const [k, v] of map) {
          this.write(k);
          this.write(v);
        }
        out.byte(TAG.endMap);
        return out.varint(2 * map.size);
      }
      case 'Set': {
        out.byte(TAG.beginSet);
        const set = value as Set<unknown>;
        for (const v of set) this.write(v);
        out.byte(TAG.endSet);
        return out.varint(set.size);
      }
      case 'ArrayBuffer': {
        const buffer = value as ArrayBuffer;
        out.byte(TAG.arrayBuffer);
        out.varint(buffer.byteLength);
        return out.raw(new Uint8Array(buffer));
      }
      case 'Error':
        return this.error(value as Error);
      case 'Object':
        return this.properties(value, Object.keys(value), TAG.beginObject, TAG.endObject);
      default:
        throw notCloneable(value);
    }
  }

  private view(value: ArrayBufferView, kind: string): void {
    // Node's Buffer has a type of its own (where there is one: Node, or a bundle's polyfill).
    const NodeBuffer = (globalThis as { Buffer?: { prototype: object } }).Buffer;
    const type = NodeBuffer !== undefined && value instanceof (NodeBuffer as unknown as typeof Uint8Array) ? 10 : HOST_VIEW_TYPES.indexOf(kind as (typeof HOST_VIEW_TYPES)[number]);
    if (type < 0 || kind === 'Buffer') throw notCloneable(value);
    this.ids.set(value, this.ids.size);
    this.out.byte(TAG.host);
    this.out.varint(type);
    this.out.varint(value.byteLength);
    this.out.raw(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }

  private array(a: unknown[]): void {
    const out = this.out;
    const keys = Object.keys(a);
    let dense = true;
    for (let i = 0; i < a.length && dense; i++) if (!(i in a)) dense = false;
    if (!dense) return this.properties(a, keys, TAG.beginSparse, TAG.endSparse, a.length);
    out.byte(TAG.beginDense);
    out.varint(a.length);
    for (let i = 0; i < a.length; i++) this.write(a[i]);
    // Properties other than the elements (`a.label = …`) follow them, as V8 writes them.
    const extra = keys.slice(a.length);
    for (const k of extra) {
      this.key(k);
      this.write((a as unknown as Record<string, unknown>)[k]);
    }
    out.byte(TAG.endDense);
    out.varint(extra.length);
    out.varint(a.length);
  }

  private properties(value: object, keys: readonly string[], begin: number, end: number, length?: number): void {
    const out = this.out;
    out.byte(begin);
    if (length !== undefined) out.varint(length);
    for (const k of keys) {
      this.key(k);
      this.write((value as Record<string, unknown>)[k]);
    }
    out.byte(end);
    out.varint(keys.length);
    if (length !== undefined) out.varint(length);
  }

  private error(e: Error): void {
    const out = this.out;
    out.byte(TAG.error);
    const tag = ERROR_TAGS[e.name];
    if (tag !== undefined) out.byte(tag);
    const message = Object.getOwnPropertyDescriptor(e, 'message');
    if (message !== undefined && 'value' in message) {
      out.byte(TAG.errorMessage);
      this.string(String(message.value));
    }
    if (Object.prototype.hasOwnProperty.call(e, 'cause')) {
      out.byte(TAG.errorCause);
      this.write(e.cause);
    }
    if (typeof e.stack === 'string') {
      out.byte(TAG.errorStack);
      this.string(e.stack);
    }
    out.byte(TAG.errorEnd);
  }
}

/**
 * A value in V8's structured-clone wire format, as `node:v8`'s `serialize` writes it (typed arrays
 * as Node's host objects), in plain JavaScript.
 * @param value - a structured-clone value
 * @param prefix - bytes to put first (an envelope header), counted for alignment as V8 counts them
 * @returns the bytes
 * @throws a DataCloneError for what structured clone refuses (functions, symbols, weak collections)
 */
export function writeV8Value(value: unknown, prefix?: Uint8Array): Uint8Array {
  const writer = new V8ValueWriter(prefix);
  writer.write(value);
  return writer.finish();
}
