import { describe, expect, it } from 'vitest';
import { encode } from './encode.js';
import { ENVELOPE_HEADER_BYTES, ENVELOPE_VERSION, readEnvelopeHeader } from './envelope-header.js';
import { TempestError } from './tempest-error.js';

function failure(bytes: Uint8Array): TempestError {
  try {
    readEnvelopeHeader(bytes);
  } catch (error) {
    if (TempestError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a TempestError');
}

function edited(edit: (b: Uint8Array) => void): Uint8Array {
  const b = encode({ a: 1 }).slice();
  edit(b);
  return b;
}

describe('readEnvelopeHeader', () => {
  it('reads version, kind, payload length and byte order', () => {
    const bytes = encode([1, 2, 3]);
    expect(readEnvelopeHeader(bytes)).toEqual({ version: ENVELOPE_VERSION, kind: 'data', payloadBytes: bytes.length - ENVELOPE_HEADER_BYTES, littleEndian: true });
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x89, 0x54, 0x4d, 0x50]);
  });

  it('accepts an ArrayBuffer and a view at an offset', () => {
    const bytes = encode('x');
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(readEnvelopeHeader(padded.subarray(3)).kind).toBe('data');
    expect(readEnvelopeHeader((bytes.buffer as ArrayBuffer).slice(bytes.byteOffset, bytes.byteOffset + bytes.length)).kind).toBe('data');
  });

  it.each([
    ['empty bytes', new Uint8Array(0), ['0 long', 'truncated']],
    ['a cut header', encode(1).subarray(0, 9), ['9 long', 'truncated']],
    ['short text', new TextEncoder().encode('{"a"'), ['not a Tempest envelope']],
    ['JSON', new TextEncoder().encode('{"a": [1, 2, 3], "b": true}'), ['signature', '7b 22 61 22', 'text, perhaps JSON']],
    ['a newer version', edited((b) => (b[4] = 2)), ['version 2', 'newer', 'same @tempest/serialize version']],
    ['version 0', edited((b) => (b[4] = 0)), ['version 0', 'corrupted']],
    ['an unknown kind', edited((b) => (b[5] = 9)), ['kind 9', 'same @tempest/serialize version']],
    ['reserved flag bits', edited((b) => (b[6] |= 0x80)), ['reserved bits']],
    ['reserved header bytes', edited((b) => (b[13] = 1)), ['reserved bits']],
    ['a truncated payload', encode({ a: [1, 2, 3] }).subarray(0, 20), ['only 4 bytes follow', 'truncated']],
    ['trailing bytes', new Uint8Array([...encode(7), 0, 0]), ['exactly one envelope']],
  ])('refuses %s with DECODE_FAILED saying why', (_, bytes, says) => {
    const error = failure(bytes);
    expect(error.code).toBe('DECODE_FAILED');
    for (const s of says) expect(error.message).toContain(s);
  });

  it('refuses things that are not bytes with INVALID_ARGUMENT', () => {
    expect(() => readEnvelopeHeader('abc' as unknown as Uint8Array)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
