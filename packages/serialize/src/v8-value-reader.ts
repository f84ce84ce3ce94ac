// Reads V8's structured-clone wire format (versions 13 to 15) in plain JavaScript: what `node:v8`'s
// `serialize` wrote (typed arrays as Node's host objects) and what V8 itself writes (views after
// their buffer). Data only: it creates plain objects, arrays, Maps, Sets, typed arrays, dates,
// regular expressions and errors, defines properties rather than assigning them (so `__proto__`
// is a key like any other), and never calls user code. See v8-value-writer.ts for the tags.
import { ERROR_TAGS, HOST_VIEW_TYPES, TAG } from './v8-value-writer.js';

/** Oldest format version read (V8 9.x; Node 16 wrote it). */
const OLDEST_VERSION = 13;
/** Newest format version read. */
const NEWEST_VERSION = 15;
/** Nesting deeper than this is refused (a crafted message would otherwise exhaust the stack). */
const MAX_DEPTH = 1000;

const VIEW_SUBTAGS: Record<number, string> = {
  0x62: 'Int8Array', 0x42: 'Uint8Array', 0x43: 'Uint8ClampedArray', 0x77: 'Int16Array', 0x57: 'Uint16Array', 0x64: 'Int32Array',
  0x44: 'Uint32Array', 0x66: 'Float32Array', 0x46: 'Float64Array', 0x71: 'BigInt64Array', 0x51: 'BigUint64Array', 0x3f: 'DataView',
};
const ERROR_CONSTRUCTORS: Record<number, ErrorConstructor> = {};
for (const [name, tag] of Object.entries(ERROR_TAGS)) ERROR_CONSTRUCTORS[tag] = (globalThis as unknown as Record<string, ErrorConstructor>)[name];
const REGEXP_FLAG_LETTERS: [number, string][] = [[128, 'd'], [1, 'g'], [2, 'i'], [4, 'm'], [32, 's'], [16, 'u'], [256, 'v'], [8, 'y']];

type ViewConstructor = new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => ArrayBufferView;

function viewConstructor(name: string): ViewConstructor | undefined {
  // Node's Buffer arrives as a Uint8Array where there is no Buffer (a browser).
  const key = name === 'Buffer' ? ((globalThis as { Buffer?: unknown }).Buffer === undefined ? 'Uint8Array' : 'Buffer') : name;
  const ctor = (globalThis as unknown as Record<string, unknown>)[key];
  return typeof ctor === 'function' ? (ctor as ViewConstructor) : undefined;
}

const define = (target: object, key: PropertyKey, value: unknown) =>
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });

/** Reads one message of V8's wire format. */
export class V8ValueReader {
  private at: number;
  private readonly objects: unknown[] = [];
  private readonly view: DataView;
  private depth = 0;
  private version = NEWEST_VERSION;

  /**
   * @param bytes - the message (a view of a larger buffer is fine)
   * @param start - where the format's header starts
   */
  constructor(private readonly bytes: Uint8Array, start = 0) {
    this.at = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** @returns the offset just past what has been read */
  get position(): number {
    return this.at;
  }

  /**
   * Reads and checks the header (the version tag and number).
   * @throws {Error} for another format or an unknown version
   */
  readHeader(): void {
    if (this.byte() !== TAG.version) throw this.fail('it does not start with the version tag 0xFF');
    const version = this.varint();
    this.version = version;
    if (version < OLDEST_VERSION || version > NEWEST_VERSION) throw this.fail(`its format version is ${version}; versions ${OLDEST_VERSION} to ${NEWEST_VERSION} are read`);
  }

  /**
   * Reads one value.
   * @returns the value
   * @throws {Error} naming the offset, for truncated or malformed bytes and tags that carry no data
   *   (shared memory, WebAssembly, transferred buffers)
   */
  readValue(): unknown {
    if (++this.depth > MAX_DEPTH) throw this.fail(`values are nested more than ${MAX_DEPTH} deep`);
    try {
      return this.value(this.tag());
    } catch (error) {
      if (error instanceof RangeError && /call stack/i.test(error.message)) throw this.fail(`values are nested too deep for this engine's stack`);
      throw error;
    } finally {
      this.depth--;
    }
  }

  private fail(what: string): Error {
    return new Error(`Unable to deserialize cloned data: ${what} (at byte ${this.at}).`);
  }

  private byte(): number {
    if (this.at >= this.bytes.length) throw this.fail('the data ends too early');
    return this.bytes[this.at++];
  }

  /** The next tag, skipping padding. */
  private tag(): number {
    let t: number;
    do t = this.byte();
    while (t === TAG.padding);
    return t;
  }

  private peekTag(): number {
    let i = this.at;
    while (i < this.bytes.length && this.bytes[i] === TAG.padding) i++;
    if (i >= this.bytes.length) throw this.fail('the data ends too early');
    return this.bytes[i];
  }

  private varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
      if (scale > 2 ** 56) throw this.fail('a length is too large');
    }
  }

  /** The next `n` bytes, copied (typed arrays get memory of their own, never a view of the message). */
  private copy(n: number): ArrayBuffer {
    const out = new Uint8Array(n);
    out.set(this.take(n));
    return out.buffer;
  }

  private take(n: number): Uint8Array {
    if (!(n >= 0 && this.at + n <= this.bytes.length)) throw this.fail(`${n} bytes are announced but fewer remain`);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  private double(): number {
    this.take(8);
    return this.view.getFloat64(this.at - 8, true);
  }

  private oneByteString(n: number): string {
    const b = this.take(n);
    let s = '';
    for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
    return s;
  }

  private string(tag: number): string {
    switch (tag) {
      case TAG.oneByte:
        return this.oneByteString(this.varint());
      case TAG.twoByte: {
        const n = this.varint();
        if (n % 2 !== 0) throw this.fail('a two-byte string has an odd length');
        const b = this.take(n);
        const codes = new Uint16Array(n / 2);
        for (let i = 0; i < codes.length; i++) codes[i] = b[2 * i] | (b[2 * i + 1] << 8);
        let s = '';
        for (let i = 0; i < codes.length; i += 8192) s += String.fromCharCode(...codes.subarray(i, i + 8192));
        return s;
      }
      case TAG.utf8:
        return new TextDecoder().decode(this.take(this.varint()));
      default:
        throw this.fail(`expected a string, found tag 0x${tag.toString(16)}`);
    }
  }

  private bigint(): bigint {
    const bitfield = this.varint();
    const byteLength = Math.floor(bitfield / 2);
    const b = this.take(byteLength);
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return bitfield % 2 === 1 ? -v : v;
  }

  private remember<T>(value: T): T {
    this.objects.push(value);
    return value;
  }

  private value(tag: number): unknown {
    switch (tag) {
      case TAG.verifyCount:
        this.varint();
        return this.value(this.tag());
      case TAG.undefined:
        return undefined;
      case TAG.null:
        return null;
      case TAG.true:
        return true;
      case TAG.false:
        return false;
      case TAG.int32: {
        const z = this.varint();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      case TAG.uint32:
        return this.varint();
      case TAG.double:
        return this.double();
      case TAG.bigint:
        return this.bigint();
      case TAG.oneByte:
      case TAG.twoByte:
      case TAG.utf8:
        return this.string(tag);
      case TAG.reference: {
        const id = this.varint();
        if (id >= this.objects.length) throw this.fail(`a reference names object ${id}, which has not been read`);
        const target = this.objects[id];
        // V8 writes a view of a buffer it has written already as a reference to it, then the view.
        if (target instanceof ArrayBuffer && this.at < this.bytes.length && this.bytes[this.at] === TAG.view) {
          this.at++;
          return this.viewOf(target);
        }
        return target;
      }
      case TAG.beginObject: {
        const o = this.remember({});
        this.properties(o, TAG.endObject);
        this.varint();
        return o;
      }
      case TAG.beginSparse: {
        const length = this.arrayLength();
        const a = this.remember(new Array<unknown>(length));
        this.properties(a, TAG.endSparse);
        this.varint();
        this.varint();
        return a;
      }
      case TAG.beginDense: {
        const length = this.arrayLength();
        const a = this.remember(new Array<unknown>(length));
        for (let i = 0; i < length; i++) {
          if (this.peekTag() === TAG.hole) {
            this.tag();
            continue;
          }
          a[i] = this.readValue();
        }
        this.properties(a, TAG.endDense);
        this.varint();
        this.varint();
        return a;
      }
      case TAG.date:
        return this.remember(new Date(this.double()));
      case TAG.trueObject:
        return this.remember(Object(true));
      case TAG.falseObject:
        return this.remember(Object(false));
      case TAG.numberObject:
        return this.remember(Object(this.double()));
      case TAG.bigintObject:
        return this.remember(Object(this.bigint()));
      case TAG.stringObject:
        return this.remember(Object(this.string(this.tag())));
      case TAG.regexp: {
        const id = this.objects.length;
        this.objects.push(undefined);
        const source = this.string(this.tag());
        const bits = this.varint();
        let flags = '';
        for (const [bit, letter] of REGEXP_FLAG_LETTERS) if ((bits & bit) !== 0) flags += letter;
        let r: RegExp;
        try {
          r = new RegExp(source, flags);
        } catch (error) {
          throw this.fail(`a regular expression does not compile (${(error as Error).message})`);
        }
        this.objects[id] = r;
        return r;
      }
      case TAG.beginMap: {
        const m = this.remember(new Map<unknown, unknown>());
        while (this.peekTag() !== TAG.endMap) m.set(this.readValue(), this.readValue());
        this.tag();
        this.varint();
        return m;
      }
      case TAG.beginSet: {
        const s = this.remember(new Set<unknown>());
        while (this.peekTag() !== TAG.endSet) s.add(this.readValue());
        this.tag();
        this.varint();
        return s;
      }
      case TAG.arrayBuffer: {
        const n = this.varint();
        const buffer = this.remember(this.copy(n));
        if (this.at < this.bytes.length && this.bytes[this.at] === TAG.view) {
          this.at++;
          return this.viewOf(buffer);
        }
        return buffer;
      }
      case TAG.host:
        return this.hostView();
      case TAG.error:
        return this.error();
      default:
        throw this.fail(`tag 0x${tag.toString(16)} ('${String.fromCharCode(tag)}') is not data this reader accepts (shared memory, WebAssembly, transferred or unknown objects)`);
    }
  }

  private arrayLength(): number {
    const length = this.varint();
    if (length > 2 ** 32 - 1) throw this.fail(`an array length of ${length}`);
    return length;
  }

  /** Key-value pairs until `end`, defined on `target` as own properties. */
  private properties(target: object, end: number): void {
    while (this.peekTag() !== end) {
      const key = this.readValue();
      if (typeof key !== 'string' && typeof key !== 'number') throw this.fail('a property key is neither a string nor a number');
      define(target, String(key), this.readValue());
    }
    this.tag();
  }

  private viewOf(buffer: ArrayBuffer): ArrayBufferView {
    const name = VIEW_SUBTAGS[this.byte()];
    const offset = this.varint();
    const length = this.varint();
    const ctor = name === undefined ? undefined : viewConstructor(name);
    if (ctor === undefined) throw this.fail('an array buffer view has an unknown type');
    const size = name === 'DataView' ? 1 : (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    if (offset + length > buffer.byteLength || offset % size !== 0 || length % size !== 0) throw this.fail('an array buffer view lies outside its buffer');
    // Version 14 added a flags field (length-tracking, backed by a resizable buffer).
    if (this.version >= 14) this.varint();
    return this.remember(name === 'DataView' ? new DataView(buffer, offset, length) : new ctor(buffer, offset, length / size));
  }

  private hostView(): ArrayBufferView {
    const id = this.objects.length;
    this.objects.push(undefined);
    const type = this.varint();
    const name = HOST_VIEW_TYPES[type];
    const ctor = name === undefined ? undefined : viewConstructor(name);
    if (ctor === undefined) throw this.fail(`a host object has the unknown view type ${type}`);
    const byteLength = this.varint();
    const size = (ctor as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
    if (byteLength % size !== 0) throw this.fail(`a ${name} of ${byteLength} bytes`);
    // Its own memory (a copy), as structured clone gives: never a view of the message.
    const buffer = this.copy(byteLength);
    const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBuffer): ArrayBufferView } }).Buffer;
    const view = name === 'DataView' ? new DataView(buffer) : name === 'Buffer' && NodeBuffer !== undefined ? NodeBuffer.from(buffer) : new ctor(buffer, 0, byteLength / size);
    this.objects[id] = view;
    return view;
  }

  private error(): Error {
    const id = this.objects.length;
    this.objects.push(undefined);
    let ctor: ErrorConstructor = Error;
    let message: string | undefined;
    let stack: string | undefined;
    let hasCause = false;
    let cause: unknown;
    for (;;) {
      const t = this.byte();
      if (t === TAG.errorEnd) break;
      if (ERROR_CONSTRUCTORS[t] !== undefined) ctor = ERROR_CONSTRUCTORS[t];
      else if (t === TAG.errorMessage) message = this.string(this.tag());
      else if (t === TAG.errorStack) stack = this.string(this.tag());
      else if (t === TAG.errorCause) {
        hasCause = true;
        cause = this.readValue();
      } else throw this.fail(`an error has the unknown field tag 0x${t.toString(16)}`);
    }
    const e = message === undefined ? new ctor() : new ctor(message);
    if (hasCause) define(e, 'cause', cause);
    if (stack !== undefined) Object.defineProperty(e, 'stack', { value: stack, writable: true, enumerable: false, configurable: true });
    this.objects[id] = e;
    return e;
  }
}

/**
 * Reads a message of V8's structured-clone wire format, as `node:v8`'s `deserialize` does, in
 * plain JavaScript; typed arrays get memory of their own.
 * @param bytes - the message
 * @param start - where its header starts (after an envelope header, say)
 * @returns the value and the offset just past it
 * @throws {Error} for bytes that are not such a message
 */
export function readV8Value(bytes: Uint8Array, start = 0): { value: unknown; end: number } {
  const reader = new V8ValueReader(bytes, start);
  reader.readHeader();
  const value = reader.readValue();
  return { value, end: reader.position };
}
