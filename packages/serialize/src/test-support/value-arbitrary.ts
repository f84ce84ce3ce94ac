import { Buffer } from 'node:buffer';
import fc from 'fast-check';

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(),
  fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE),
  fc.integer(),
  fc.bigInt(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.float64Array(),
  fc.float32Array(),
  fc.int32Array(),
  fc.uint8Array(),
  fc.int16Array(),
  fc.uint8ClampedArray(),
  fc.bigInt64Array(),
  fc.uint8Array().map((a) => Buffer.from(a)),
  fc.uint8Array().map((a) => a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)),
  // A view into the middle of a larger buffer: only its own bytes should travel.
  fc.tuple(fc.float64Array({ minLength: 2 }), fc.nat()).map(([a, k]) => a.subarray(k % a.length)),
  fc.tuple(fc.string(), fc.stringMatching(/^[dgimsuy]{0,3}$/)).map(([s, f]) => {
    try {
      return new RegExp(s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), [...new Set(f)].join(''));
    } catch {
      return /x/;
    }
  }),
  fc.double().map((n) => new Number(n)),
  fc.string().map((s) => new String(s)),
  fc.string().map((m) => new RangeError(m)),
);

const tree = fc.letrec<{ node: unknown; array: unknown[]; sparse: unknown[]; object: Record<string, unknown>; map: Map<unknown, unknown>; set: Set<unknown> }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('sparse'), tie('object'), tie('map'), tie('set')),
  array: fc.array(tie('node'), { maxLength: 5 }),
  sparse: fc.sparseArray(tie('node'), { maxLength: 8, maxNumElements: 3 }),
  object: fc.dictionary(fc.string(), tie('node'), { maxKeys: 5, noNullPrototype: true }),
  map: fc.array(fc.tuple(tie('node'), tie('node')), { maxLength: 4 }).map((entries) => new Map(entries)),
  set: fc.array(tie('node'), { maxLength: 4 }).map((items) => new Set(items)),
}));

/**
 * Any value of the kinds `encode` supports: numbers of every sort (-0, NaN, ±Infinity), BigInt,
 * strings, dates, regular expressions, boxed primitives, errors, typed arrays (whole and subarray
 * views), Buffers, ArrayBuffers, and arrays (dense and sparse), plain objects, Maps and Sets nested
 * in one another, with extra references added afterwards to create shared nodes and cycles.
 */
export const valueArbitrary: fc.Arbitrary<unknown> = fc
  .tuple(tree.node, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 4 }))
  .map(([root, links]) => {
    const containers = collectContainers(root);
    if (containers.length === 0) return root;
    for (const [i, j, key] of links) {
      const from = containers[i % containers.length];
      const to = containers[j % containers.length];
      if (Array.isArray(from)) from.push(to);
      else if (from instanceof Map) from.set(key, to);
      else if (from instanceof Set) from.add(to);
      else Object.defineProperty(from, `link ${key}`, { value: to, enumerable: true, writable: true, configurable: true });
    }
    return root;
  });

function collectContainers(root: unknown): object[] {
  const out: object[] = [];
  const seen = new Set<unknown>();
  const stack = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      out.push(v);
      stack.push(...v.filter((_, i) => i in v));
    } else if (v instanceof Map) {
      out.push(v);
      for (const [k, x] of v) stack.push(k, x);
    } else if (v instanceof Set) {
      out.push(v);
      stack.push(...v);
    } else if (Object.getPrototypeOf(v) === Object.prototype) {
      out.push(v);
      stack.push(...Object.values(v));
    }
  }
  return out;
}
