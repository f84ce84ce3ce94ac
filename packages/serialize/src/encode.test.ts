import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode } from './decode.js';
import { encode } from './encode.js';
import { functionReference } from './function-reference.js';
import { PackedBatch } from './packed-batch.js';
import { TempestError } from './tempest-error.js';
import { fcParams } from './test-support/fast-check-settings.js';
import { firstDifference } from './test-support/first-difference.js';
import { valueArbitrary } from './test-support/value-arbitrary.js';

function thrown(f: () => unknown): TempestError {
  try {
    f();
  } catch (error) {
    if (TempestError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a TempestError');
}

describe('encode / decode (data)', () => {
  it('round-trips any supported value identically (fast-check)', () => {
    fc.assert(
      fc.property(valueArbitrary, (value) => {
        const copy = decode(encode(value));
        const difference = firstDifference(value, copy);
        if (difference !== undefined) throw new Error(`not identical at ${difference}`);
      }),
      fcParams(300),
    );
  });

  it('keeps the numbers JSON loses', () => {
    const copy = decode(encode([-0, NaN, Infinity, -Infinity, 2n ** 70n])) as unknown[];
    expect(Object.is(copy[0], -0)).toBe(true);
    expect(copy[1]).toBeNaN();
    expect(copy.slice(2)).toEqual([Infinity, -Infinity, 2n ** 70n]);
  });

  it('keeps cycles and shared references', () => {
    const shared = { n: 1 };
    const value: Record<string, unknown> = { a: shared, b: [shared] };
    value.self = value;
    const copy = decode(encode(value)) as typeof value & { a: object; b: object[] };
    expect(copy.self).toBe(copy);
    expect(copy.b[0]).toBe(copy.a);
  });

  it('gives decoded typed arrays memory of their own, holding only their visible bytes', () => {
    const big = new Float64Array(1000).map((_, i) => i);
    const bytes = encode({ view: big.subarray(10, 13) });
    expect(bytes.length).toBeLessThan(200);
    const { view } = decode(bytes) as { view: Float64Array };
    expect(Array.from(view)).toEqual([10, 11, 12]);
    expect(view.byteOffset).toBe(0);
    expect(view.buffer.byteLength).toBe(24);
    bytes.fill(0);
    expect(Array.from(view)).toEqual([10, 11, 12]);
  });

  it('carries function references as plain data', () => {
    const ref = functionReference('file:///srv/model.js', 'logLikelihood');
    expect(decode(encode({ likelihood: ref }))).toEqual({ likelihood: { kind: 'tempest.function-reference', module: 'file:///srv/model.js', export: 'logLikelihood' } });
  });

  it('never calls setters or pollutes prototypes when decoding', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const bytes = encode(value);
    let setterCalls = 0;
    Object.defineProperty(Object.prototype, 'x', {
      configurable: true,
      set() {
        setterCalls++;
      },
    });
    try {
      const copy = decode(bytes) as Record<string, unknown>;
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(copy, 'x')?.value).toBe(1);
    } finally {
      delete (Object.prototype as Record<string, unknown>).x;
    }
    expect(setterCalls).toBe(0);
  });

  class Model {
    constructor(readonly mu: number) {}
  }
  const cases: { name: string; value: unknown; path: string; says: string[] }[] = [
    { name: 'a function', value: { tasks: [{ f: (x: number) => x }] }, path: 'value.tasks[0].f', says: ['is a function', 'functionReference', 'encodeFunction'] },
    { name: 'a symbol', value: [Symbol('s')], path: 'value[0]', says: ['symbol', 'Use a string'] },
    { name: 'a class instance', value: { model: new Model(1) }, path: 'value.model', says: ['instance of Model', 'without its prototype', 'rebuild'] },
    { name: 'a WeakMap', value: new Map([['w', new WeakMap()]]), path: 'value.get("w")', says: ['WeakMap', 'plain data'] },
    { name: 'a Promise', value: { p: Promise.resolve(1) }, path: 'value.p', says: ['Promise'] },
    { name: 'a SharedArrayBuffer', value: { s: new SharedArrayBuffer(8) }, path: 'value.s', says: ['SharedArrayBuffer', 'ArrayBuffer'] },
    { name: 'a typed-array subclass', value: { v: new (class Vec extends Float64Array {})(2) }, path: 'value.v', says: ['instance of Vec'] },
    { name: 'an AggregateError', value: { e: new AggregateError([], 'x') }, path: 'value.e', says: ['instance of AggregateError'] },
    { name: 'a PackedBatch', value: { batch: PackedBatch.allocate(1, 1) }, path: 'value.batch', says: ['encodePacked'] },
    { name: 'a value in a Set', value: new Set([1, () => 2]), path: 'value<Set item #1>', says: ['is a function'] },
  ];
  it.each(cases)('refuses $name, naming where it is and what to do', ({ value, path, says }) => {
    const error = thrown(() => encode(value));
    expect(error.code).toBe('UNSUPPORTED_VALUE');
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
    for (const s of says) expect(error.message).toContain(s);
  });

  it('lists every problem at once', () => {
    const error = thrown(() => encode({ a: () => 1, b: Symbol('b'), c: [new Model(2)] }));
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain('3 problems');
  });

  it('refuses a Proxy, which the walk cannot see through, with its own error', () => {
    const error = thrown(() => encode({ p: new Proxy({}, {}) }));
    expect(error.code).toBe('UNSUPPORTED_VALUE');
    expect(error.message).toContain('could not be cloned');
  });

  it('encodes nested structures, and explains when V8 cannot go deeper', () => {
    const nest = (depth: number): unknown => {
      let list: unknown = null;
      for (let i = 0; i < depth; i++) list = { next: list };
      return list;
    };
    expect(firstDifference(nest(500), decode(encode(nest(500))))).toBeUndefined();
    const error = thrown(() => encode(nest(200_000)));
    expect(error.code).toBe('UNSUPPORTED_VALUE');
    expect(error.message).toContain('nested too deeply');
    expect(error.message).toContain('Flatten it');
  });
});
