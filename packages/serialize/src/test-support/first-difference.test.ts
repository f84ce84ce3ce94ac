import { describe, expect, it } from 'vitest';
import { firstDifference } from './first-difference.js';

// The round-trip property is only as strong as this comparison, so check that it sees each kind of difference.
describe('firstDifference', () => {
  const cyclic = (): Record<string, unknown> => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    return o;
  };
  const shared = { n: 1 };
  it.each([
    ['-0 and 0', -0, 0],
    ['NaN and 0', NaN, 0],
    ['typed array types', new Float64Array([1]), new Float32Array([1])],
    ['typed array bytes', new Float64Array([1, NaN]), new Float64Array([1, 2])],
    ['holes', [1, , 3], [1, undefined, 3]],
    ['key order', { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['Map order', new Map([[1, 1], [2, 2]]), new Map([[2, 2], [1, 1]])],
    ['Set contents', new Set([1]), new Set([2])],
    ['dates', new Date(0), new Date(1)],
    ['prototypes', Object.create(null), {}],
    ['a cycle and a copy', cyclic(), { a: 1, self: { a: 1, self: {} } }],
    ['sharing', [shared, shared], [{ n: 1 }, { n: 1 }]],
    ['bigint', 1n, 2n],
  ])('tells apart %s', (_, a, b) => {
    expect(firstDifference(a, b)).toBeDefined();
  });

  it('accepts identical structures with cycles and shared nodes', () => {
    const a = cyclic();
    const b = cyclic();
    expect(firstDifference([a, a, NaN, -0], [b, b, NaN, -0])).toBeUndefined();
  });
});
