/**
 * Where two values stop being identical, or undefined when they are: the same structure (shared
 * references and cycles included, as an isomorphism), the same prototypes, `Object.is` for
 * primitives (so -0 differs from 0 and NaN equals NaN), bit-identical bytes for typed arrays and
 * ArrayBuffers, Map and Set entries in order, holes in sparse arrays.
 * @param a - the original
 * @param b - the copy
 * @returns a description of the first difference, or undefined
 */
export function firstDifference(a: unknown, b: unknown): string | undefined {
  const forward = new Map<object, object>();
  const backward = new Map<object, object>();
  const stack: [unknown, unknown, string][] = [[a, b, '$']];
  while (stack.length > 0) {
    const [x, y, path] = stack.pop() as [unknown, unknown, string];
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) {
      if (!Object.is(x, y)) return `${path}: ${show(x)} vs ${show(y)}`;
      continue;
    }
    const fx = forward.get(x);
    const by = backward.get(y);
    if (fx !== undefined || by !== undefined) {
      if (fx !== y || by !== x) return `${path}: the sharing or cycle structure differs`;
      continue;
    }
    forward.set(x, y);
    backward.set(y, x);
    if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return `${path}: prototype ${x.constructor?.name} vs ${y.constructor?.name}`;
    if (ArrayBuffer.isView(x) || x instanceof ArrayBuffer) {
      const bx = bytesOf(x);
      const byt = bytesOf(y as ArrayBufferView | ArrayBuffer);
      if (bx.length !== byt.length) return `${path}: ${bx.length} bytes vs ${byt.length}`;
      for (let i = 0; i < bx.length; i++) if (bx[i] !== byt[i]) return `${path}: byte ${i} differs`;
      continue;
    }
    if (x instanceof Date) {
      if (!Object.is(x.getTime(), (y as Date).getTime())) return `${path}: date ${x.getTime()} vs ${(y as Date).getTime()}`;
      continue;
    }
    if (x instanceof RegExp) {
      if (x.source !== (y as RegExp).source || x.flags !== (y as RegExp).flags) return `${path}: ${String(x)} vs ${String(y)}`;
      continue;
    }
    if (x instanceof Number || x instanceof String || x instanceof Boolean || x instanceof BigInt) {
      if (!Object.is(x.valueOf(), (y as Number).valueOf())) return `${path}: boxed ${show(x.valueOf())} vs ${show((y as Number).valueOf())}`;
      continue;
    }
    if (x instanceof Error) {
      const e = y as Error;
      if (x.name !== e.name || x.message !== e.message) return `${path}: ${x.name}: ${x.message} vs ${e.name}: ${e.message}`;
      continue;
    }
    if (x instanceof Map || x instanceof Set) {
      const ex = [...(x as Map<unknown, unknown>).entries()];
      const ey = [...(y as Map<unknown, unknown>).entries()];
      if (ex.length !== ey.length) return `${path}: size ${ex.length} vs ${ey.length}`;
      ex.forEach(([k, v], i) => {
        stack.push([k, ey[i][0], `${path}<key ${i}>`], [v, ey[i][1], `${path}<value ${i}>`]);
      });
      continue;
    }
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.join('\u0000') !== ky.join('\u0000')) return `${path}: keys [${kx.join(', ')}] vs [${ky.join(', ')}]`;
    if (Array.isArray(x) && x.length !== (y as unknown[]).length) return `${path}: length ${x.length} vs ${(y as unknown[]).length}`;
    for (const k of kx) stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`]);
  }
  return undefined;
}

function bytesOf(v: ArrayBufferView | ArrayBuffer): Uint8Array {
  return v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (Object.is(v, -0)) return '-0';
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'object' && v !== null ? `[${v.constructor?.name}]` : String(v);
}
