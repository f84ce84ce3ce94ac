import { PackedBatch } from './packed-batch.js';

/** A value that structured clone would refuse or silently change, with where it is. */
export interface CloneIssue {
  /** Where the value is, e.g. `value.tasks[3].f`. */
  readonly path: string;
  /** The offending value. */
  readonly value: unknown;
  /** What is wrong and what to do, one sentence. */
  readonly message: string;
}

/** The result of {@link walkCloneable}. */
export interface CloneWalk {
  /** The value to serialize: the original in check mode, a copy with functions replaced in copy mode. */
  readonly value: unknown;
  /** Every problem found (at most {@link MAX_ISSUES}). */
  readonly issues: CloneIssue[];
}

/** Stop collecting problems after this many; one screenful is enough to act on. */
export const MAX_ISSUES = 100;

// Objects whose prototype V8's serializer reproduces exactly. Anything else with a prototype of its
// own (a class instance, a typed-array subclass, an AggregateError) would arrive as something else.
const LEAF_PROTOTYPES = new Set<unknown>([
  Date.prototype,
  RegExp.prototype,
  Boolean.prototype,
  Number.prototype,
  String.prototype,
  BigInt.prototype,
  ArrayBuffer.prototype,
  DataView.prototype,
  Int8Array.prototype,
  Uint8Array.prototype,
  Uint8ClampedArray.prototype,
  Int16Array.prototype,
  Uint16Array.prototype,
  Int32Array.prototype,
  Uint32Array.prototype,
  Float32Array.prototype,
  Float64Array.prototype,
  BigInt64Array.prototype,
  BigUint64Array.prototype,
  Error.prototype,
  EvalError.prototype,
  RangeError.prototype,
  ReferenceError.prototype,
  SyntaxError.prototype,
  TypeError.prototype,
  URIError.prototype,
]);

// Node's Buffer, where there is one (Node; not a browser, whose bundles need not polyfill it).
const NodeBuffer = (globalThis as { Buffer?: { prototype: object } }).Buffer;
if (NodeBuffer !== undefined) LEAF_PROTOTYPES.add(NodeBuffer.prototype);

type Container = 'array' | 'object' | 'map' | 'set';

interface PathNode {
  readonly parent: PathNode | undefined;
  readonly segment: string;
}

interface Pending {
  readonly original: object;
  readonly copy: unknown;
  readonly kind: Container;
  readonly path: PathNode;
}

/**
 * Walks a value the way V8's structured-clone serializer will, and reports everything it would
 * refuse (functions, symbols, weak collections, shared memory) or silently change (class instances
 * lose their prototype). In copy mode (`onFunction` given) it also returns a copy of the containers
 * in which each function is replaced by what `onFunction` returns, so that functions nested in
 * captured data can be shipped. Iterative, so deep structures do not overflow the stack; cycles and
 * shared references are kept.
 *
 * @param root - the value to check
 * @param rootPath - how to name the root in messages, e.g. `value` or `captures.model`
 * @param onFunction - copy mode: called once per distinct function with its path
 * @returns the value to serialize and the problems found
 */
export function walkCloneable(
  root: unknown,
  rootPath: string,
  onFunction?: (fn: (...args: never[]) => unknown, path: string) => unknown,
): CloneWalk {
  const issues: CloneIssue[] = [];
  const copying = onFunction !== undefined;
  const seen = new Map<unknown, unknown>();
  const pending: Pending[] = [];

  const report = (path: string, value: unknown, message: string): undefined => {
    if (issues.length < MAX_ISSUES) issues.push({ path, value, message });
    return undefined;
  };

  // Returns what the copy should hold in place of `value`; queues containers for a later visit.
  const resolve = (value: unknown, parent: PathNode | undefined, segment: string): unknown => {
    if (typeof value === 'function') {
      if (seen.has(value)) return seen.get(value);
      const path = pathOf(parent, segment);
      const replacement = copying
        ? onFunction(value as (...args: never[]) => unknown, path)
        : report(
            path,
            value,
            `${path} is a function (${describeFunction(value)}); functions do not travel as data. Export it from a module and send functionReference(import.meta.url, '${value.name || 'name'}'), or ship it by value with encodeFunction(fn, { captures }).`,
          );
      seen.set(value, replacement);
      return replacement;
    }
    if (typeof value === 'symbol') {
      const path = pathOf(parent, segment);
      return report(path, value, `${path} is a symbol (${String(value)}); a symbol is unique to one thread and cannot travel. Use a string instead.`);
    }
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return seen.get(value);
    const kind = classify(value);
    if (kind === 'leaf') {
      seen.set(value, value);
      return value;
    }
    if (typeof kind !== 'string') {
      const path = pathOf(parent, segment);
      seen.set(value, undefined);
      return report(path, value, `${path} ${kind.problem}`);
    }
    const copy = copying ? emptyLike(kind, value) : value;
    seen.set(value, copy);
    pending.push({ original: value, copy, kind, path: { parent, segment } });
    return copy;
  };

  const result = resolve(root, undefined, rootPath);
  while (pending.length > 0 && issues.length < MAX_ISSUES) {
    const { original, copy, kind, path } = pending.pop() as Pending;
    if (kind === 'array') {
      const from = original as unknown[];
      const to = copy as unknown[];
      for (let i = 0; i < from.length; i++) {
        if (!(i in from)) continue;
        const v = from[i];
        const r = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : resolve(v, path, `[${i}]`);
        if (copying) to[i] = r;
      }
    } else if (kind === 'object') {
      const from = original as Record<string, unknown>;
      for (const key of Object.keys(from)) {
        const r = resolve(from[key], path, propertySegment(key));
        if (copying) Object.defineProperty(copy, key, { value: r, writable: true, enumerable: true, configurable: true });
      }
    } else if (kind === 'map') {
      let i = 0;
      for (const [k, v] of original as Map<unknown, unknown>) {
        const rk = resolve(k, path, `<Map key #${i}>`);
        const rv = resolve(v, path, `.get(${preview(k, i)})`);
        if (copying) (copy as Map<unknown, unknown>).set(rk, rv);
        i++;
      }
    } else {
      let i = 0;
      for (const item of original as Set<unknown>) {
        const r = resolve(item, path, `<Set item #${i}>`);
        if (copying) (copy as Set<unknown>).add(r);
        i++;
      }
    }
  }
  return { value: copying ? result : root, issues };
}

function classify(value: object): Container | 'leaf' | { problem: string } {
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    return proto === Array.prototype ? 'array' : { problem: instanceProblem(value) };
  }
  if (proto === Object.prototype || proto === null) return 'object';
  if (proto === Map.prototype) return 'map';
  if (proto === Set.prototype) return 'set';
  if (LEAF_PROTOTYPES.has(proto)) return 'leaf';
  if (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) {
    return { problem: 'is a SharedArrayBuffer, which cannot be written into bytes. Copy it into an ArrayBuffer, or hand it to the worker through postMessage yourself.' };
  }
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (['WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Promise', 'Generator', 'AsyncGenerator', 'MessagePort'].includes(tag)) {
    return { problem: `is a ${tag}, which structured clone cannot copy. Send the plain data it holds instead.` };
  }
  if (value instanceof PackedBatch) {
    return { problem: 'is a PackedBatch; send it with encodePacked, its own envelope kind, or send its data (a Float64Array) and sizes.' };
  }
  return { problem: instanceProblem(value) };
}

function instanceProblem(value: object): string {
  let name: string;
  try {
    name = (value as { constructor?: { name?: unknown } }).constructor?.name as string;
  } catch {
    name = '';
  }
  const what = typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an object with a custom prototype';
  return `is ${what}; it would arrive as a plain object without its prototype and methods. Send its data (plain objects, arrays, typed arrays) and rebuild the instance on the other side.`;
}

function emptyLike(kind: Container, value: object): unknown {
  switch (kind) {
    case 'array':
      return new Array((value as unknown[]).length);
    case 'object':
      return Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    case 'map':
      return new Map();
    case 'set':
      return new Set();
  }
}

function pathOf(parent: PathNode | undefined, segment: string): string {
  const parts = [segment];
  for (let p = parent; p !== undefined; p = p.parent) parts.push(p.segment);
  return parts.reverse().join('');
}

function propertySegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function preview(key: unknown, index: number): string {
  if (typeof key === 'string') return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  if (typeof key === 'bigint') return `${key}n`;
  return `<key #${index}>`;
}

function describeFunction(fn: { name: string }): string {
  return fn.name ? `\`${fn.name}\`` : 'anonymous';
}
