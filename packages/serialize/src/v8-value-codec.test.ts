// The plain-JavaScript V8 wire format (what browsers use for envelopes and state-file blobs) against
// `node:v8` itself: each reads what the other writes, value for value, and the writer's bytes are
// V8's for values whose representation JavaScript can see.
import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParams } from './test-support/fast-check-settings.js';
import { firstDifference } from './test-support/first-difference.js';
import { valueArbitrary } from './test-support/value-arbitrary.js';
import { readV8Value } from './v8-value-reader.js';
import { writeV8Value } from './v8-value-writer.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('the plain-JavaScript V8 wire format', () => {
  it('writes what node:v8 reads back as the same value', () => {
    fc.assert(
      fc.property(valueArbitrary, (value) => {
        const difference = firstDifference(value, v8.deserialize(writeV8Value(value)));
        if (difference !== undefined) throw new Error(difference);
      }),
      fcParams(300),
    );
  });

  it('reads what node:v8 writes as the same value', () => {
    fc.assert(
      fc.property(valueArbitrary, (value) => {
        const bytes = v8.serialize(value);
        const { value: copy, end } = readV8Value(bytes);
        const difference = firstDifference(value, copy);
        if (difference !== undefined) throw new Error(difference);
        expect(end).toBe(bytes.length);
      }),
      fcParams(300),
    );
  });

  it('reads V8 without Node\'s host objects (views after their buffer), as browsers write it', () => {
    const buffer = new ArrayBuffer(32);
    const value = { a: new Float64Array(buffer, 8, 2), b: new Int32Array(buffer), d: new DataView(buffer, 4, 4) };
    new Float64Array(buffer)[1] = Math.PI;
    const serializer = new v8.Serializer();
    serializer.writeHeader();
    serializer.writeValue(value);
    const copy = readV8Value(serializer.releaseBuffer()).value as typeof value;
    expect(copy.a).toEqual(value.a);
    expect(copy.a.buffer).toBe(copy.b.buffer); // one buffer, shared as in the original
    expect(copy.d.byteOffset).toBe(4);
  });

  it('writes node:v8\'s bytes for values whose representation it can see', () => {
    const shared = { x: 1 };
    const cycle: Record<string, unknown> = { name: 'é' };
    cycle.self = cycle;
    const error = new RangeError('too far', { cause: 3 });
    const values: unknown[] = [
      1, -7, 2 ** 31 - 1, 1.5, -0, NaN, 10n, -(2n ** 70n), 0n, 'ab', 'é', '€ uro', 'x€', true, null, undefined,
      { a: 1, 2: 3, b: [1, 'two', { c: null }] }, [shared, shared], cycle, new Map<unknown, unknown>([[1, 'a'], ['b', new Set([2])]]),
      new Date(86_400_000), /a+b/gimsuy, new Float64Array([1, 2.5]), new Uint8Array([1, 2, 3]).subarray(1), new BigInt64Array([-1n]),
      new ArrayBuffer(3), Object(1.5), Object('s'), Object(false), Object(5n), error, new Error('plain'), Object.assign([1, 2], { label: 'l' }),
      { ['__proto__']: 1 },
    ];
    for (const value of values) expect(hex(writeV8Value(value)), String(value)).toBe(hex(v8.serialize(value)));
  });

  it('defines "__proto__" as an own key, never as the prototype', () => {
    const bytes = v8.serialize(JSON.parse('{"__proto__": {"polluted": true}}'));
    const copy = readV8Value(bytes).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what structured clone refuses, and malformed bytes, with V8\'s wording', () => {
    expect(() => writeV8Value({ f: () => 1 })).toThrow(/could not be cloned/);
    expect(() => writeV8Value(new WeakMap())).toThrow(/#<WeakMap> could not be cloned/);
    expect(() => writeV8Value(Symbol('s'))).toThrow(/could not be cloned/);
    const bytes = v8.serialize({ a: [1, 2, 3] });
    for (let n = 0; n < bytes.length; n++) expect(() => readV8Value(bytes.subarray(0, n))).toThrow(/Unable to deserialize cloned data/);
    expect(() => readV8Value(Uint8Array.of(0xff, 0x0f, 0x5e, 0x00))).toThrow(/has not been read/);
    expect(() => readV8Value(Uint8Array.of(0xff, 0x0f, 0x75))).toThrow(/not data this reader accepts/);
    const deep = new Uint8Array(2 + 2 * 1500 + 8);
    deep.set([0xff, 0x0f]);
    for (let i = 0; i < 1500; i++) deep.set([0x41, 0x01], 2 + 2 * i);
    expect(() => readV8Value(deep)).toThrow(/nested more than/);
  });
});
