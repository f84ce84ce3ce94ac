import { describe, expect, it } from 'vitest';
import { decode } from './decode.js';
import { encode } from './encode.js';
import { encodeFunction } from './encode-function.js';
import { encodePacked } from './encode-packed.js';
import { PackedBatch } from './packed-batch.js';
import { TempestError } from './tempest-error.js';

function failure(f: () => unknown): TempestError {
  try {
    f();
  } catch (error) {
    if (TempestError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a TempestError');
}

describe('decode', () => {
  it('decodes each kind', () => {
    expect(decode(encode({ a: [1] }))).toEqual({ a: [1] });
    const batch = decode(encodePacked(PackedBatch.fromRows([[1, 2]]))) as PackedBatch;
    expect(batch).toBeInstanceOf(PackedBatch);
    expect(Array.from(batch.row(0))).toEqual([1, 2]);
    const double = decode(encodeFunction((x: number) => 2 * x), { allowCode: true }) as (x: number) => number;
    expect(double(21)).toBe(42);
  });

  it('refuses code unless the receiver opts in, saying how and when to', () => {
    const bytes = encodeFunction((x: number) => x + 1);
    for (const options of [undefined, {}, { allowCode: false }, { allowCode: 'yes' as unknown as boolean }]) {
      const error = failure(() => decode(bytes, options));
      expect(error.code).toBe('CODE_NOT_ALLOWED');
      expect(error.message).toContain('{ allowCode: true }');
      expect(error.message).toContain('your own job');
    }
  });

  it('refuses a structured-clone payload from a machine of the other byte order', () => {
    const bytes = encode([1.5]).slice();
    bytes[6] ^= 1;
    const error = failure(() => decode(bytes));
    expect(error.code).toBe('DECODE_FAILED');
    expect(error.message).toContain('big-endian');
    expect(error.message).toContain('encodePacked');
  });

  it('refuses a payload that holds more than one value', () => {
    const one = encode(1);
    const two = encode(2);
    const joined = new Uint8Array(one.length + two.length - 16 - 2);
    joined.set(one);
    joined.set(two.subarray(18), one.length); // a second value's bytes (without its V8 header) after the first
    new DataView(joined.buffer).setUint32(8, joined.length - 16, true);
    const error = failure(() => decode(joined));
    expect(error.code).toBe('DECODE_FAILED');
    expect(error.message).toContain('left after its value');
  });

  it('wraps what V8 throws for a corrupted payload', () => {
    const bytes = encode({ a: 'hello' }).slice();
    bytes[17] = 0x00; // V8's header version byte
    const error = failure(() => decode(bytes));
    expect(error.code).toBe('DECODE_FAILED');
    expect(error.message).toContain('payload is corrupted');
    expect(error.cause).toBeDefined();
  });
});
