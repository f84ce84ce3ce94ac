import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decode } from './decode.js';
import { encodeFunction } from './encode-function.js';
import { functionReference } from './function-reference.js';
import { PackedBatch } from './packed-batch.js';
import type { RefusalReason } from './refusal.js';
import type { ShipOptions } from './ship-options.js';
import { TempestError } from './tempest-error.js';
import { fcParams } from './test-support/fast-check-settings.js';

type Fn = (...args: never[]) => unknown;
type NumberFn = (x: Float64Array) => number;

/** Encodes and decodes, as a worker of the same job would. */
function ship<F>(fn: Fn, options?: ShipOptions): F {
  return decode(encodeFunction(fn, options), { allowCode: true }) as F;
}

function refusal(fn: Fn, options?: ShipOptions): TempestError {
  try {
    encodeFunction(fn, options);
  } catch (error) {
    if (TempestError.is(error)) return error;
    throw error;
  }
  throw new Error('expected encodeFunction to refuse');
}

// Builds closures from source text, so that each test controls exactly what a function's source says.
function closure<F>(params: string[], body: string, ...values: unknown[]): F {
  return new Function(...params, body)(...values) as F;
}

class Model {
  constructor(readonly mu = 1) {}
}

declare const tempestSessionGlobal: number;
declare const tempestInstalledGlobal: number;

describe('encodeFunction refusals', () => {
  beforeAll(async () => {
    (globalThis as Record<string, unknown>).tempestSessionGlobal = 1;
    const moduleSource = 'data:text/javascript,export default (x) => import.meta.url + x';
    importMetaFunction = ((await import(moduleSource)) as { default: Fn }).default;
  });
  afterAll(() => {
    delete (globalThis as Record<string, unknown>).tempestSessionGlobal;
  });
  let importMetaFunction: Fn;

  const scale = 2;
  const cases: {
    name: string;
    make: () => [Fn, ShipOptions?];
    reason: RefusalReason;
    subject?: string;
    cause: string[];
    remedy: string[];
  }[] = [
    { name: 'a free variable', make: () => [(x: number) => x * scale], reason: 'free-variable', cause: ['`scale`', 'neither captured nor a global'], remedy: ['captures: { scale }', 'allowGlobals'] },
    { name: 'a global only this process has', make: () => [() => tempestSessionGlobal], reason: 'free-variable', cause: ['`tempestSessionGlobal`', 'a fresh worker lacks it'], remedy: ["allowGlobals: ['tempestSessionGlobal']"] },
    { name: 'a property of globalThis only this process set', make: () => [(x: number) => x * (globalThis as unknown as { tempestSessionGlobal: number }).tempestSessionGlobal], reason: 'global-property', cause: ['reads `globalThis.tempestSessionGlobal`', 'NaN', 'This process has it'], remedy: ['write `tempestSessionGlobal`', 'captures: { tempestSessionGlobal: globalThis.tempestSessionGlobal }', "allowGlobals: ['tempestSessionGlobal']"] },
    { name: 'a global property read through global, destructured', make: () => [closure([], "return () => { const { tempestRate } = global; return tempestRate; }")], reason: 'global-property', cause: ['reads `global.tempestRate`'], remedy: ['captures: { tempestRate: global.tempestRate }'] },
    { name: 'require', make: () => [closure([], 'return () => require("node:fs")')], reason: 'free-variable', cause: ['`require`', 'CommonJS'], remedy: ["await import('node:fs')", 'functionReference'] },
    { name: 'this in a plain function', make: () => [function (this: { x: number }) { return this.x; }], reason: 'this', cause: ['`this`', 'undefined in the receiver'], remedy: ['captures: { model }'] },
    { name: 'this in an arrow function', make: () => [{ make() { return () => this; } }.make()], reason: 'this', cause: ['`this`', 'arrow function'], remedy: ['Capture the object'] },
    { name: 'super in an arrow function', make: () => [{ make() { return () => super.toString(); } }.make()], reason: 'super', cause: ['`super`'], remedy: ['captured object'] },
    { name: "an enclosing function's arguments", make: () => [closure([], 'return (function () { return () => arguments[0]; })()')], reason: 'arguments', cause: ['`arguments`', 'arrow function'], remedy: ['rest parameters'] },
    { name: 'new.target in an arrow function', make: () => [closure([], 'return (function () { return () => new.target; })()')], reason: 'new-target', cause: ['`new.target`'], remedy: ['argument'] },
    { name: 'import.meta', make: () => [importMetaFunction], reason: 'import-meta', cause: ['`import.meta`'], remedy: ['import.meta.url'] },
    { name: 'direct eval', make: () => [closure([], 'return (s) => eval(s)')], reason: 'eval', cause: ['`eval`', 'by name'], remedy: ['inputs explicitly', 'functionReference'] },
    { name: 'a native function', make: () => [Math.sqrt], reason: 'native', cause: ['native function'], remedy: ['Math.sqrt(x)'] },
    { name: 'a bound function', make: () => [((a: number, x: number) => a + x).bind(null, 1)], reason: 'bound', cause: ['bound function'], remedy: ['arrow function that calls the original'] },
    { name: 'a class constructor', make: () => [Model as unknown as Fn], reason: 'class', cause: ['is a class'], remedy: ['plain function'] },
    { name: 'method shorthand', make: () => [{ logl(x: number) { return x; } }.logl], reason: 'method', cause: ['method shorthand'], remedy: ['logl: (x) =>'] },
    { name: 'a getter', make: () => [Object.getOwnPropertyDescriptor({ get value() { return 1; } }, 'value')?.get as Fn], reason: 'method', cause: ['method shorthand'], remedy: ['value: (x) =>'] },
    { name: 'a class method', make: () => [class Shape { area() { return 1; } }.prototype.area], reason: 'method', cause: ['method shorthand'], remedy: ['area: (x) =>'] },
    { name: 'sloppy-mode syntax', make: () => [new Function('o', 'with (o) { return a; }') as Fn], reason: 'not-strict', cause: ['strict mode', "'with'"], remedy: ['rewrite that part'] },
    { name: 'an injected __awaiter helper', make: () => [closure(['__awaiter'], 'return (x) => __awaiter(void 0, void 0, void 0, function* () { return x; })', () => 0)], reason: 'transpiler-helper', cause: ['`__awaiter`', 'injected'], remedy: ['ES2022', 'functionReference'] },
    { name: "esbuild's class-field helper", make: () => [closure(['__publicField'], 'return (x) => { class A { constructor() { __publicField(this, "v", x); } } return new A().v; }', () => 0)], reason: 'transpiler-helper', cause: ['`__publicField`'], remedy: ['ES2022'] },
    { name: "Vite's rewritten import", make: () => [closure(['__vite_ssr_import_0__'], 'return (x) => __vite_ssr_import_0__.sumSq(x)', {})], reason: 'transpiler-helper', cause: ['`__vite_ssr_import_0__`', 'Vite'], remedy: ['local constant', 'functionReference'] },
    { name: 'a name that looks like a coverage counter', make: () => [closure(['cov_2a3b4c5d'], 'return (x) => (cov_2a3b4c5d().s[0]++, x)', () => ({ s: [0] }))], reason: 'free-variable', cause: ['`cov_2a3b4c5d`', 'istanbul'], remedy: ['captures: { cov_2a3b4c5d }', 'without istanbul'] },
    { name: 'a captured class instance', make: () => [closure(['model'], 'return (x) => model.mu + x', new Model()), { captures: { model: new Model() } }], reason: 'uncloneable', subject: 'captures.model', cause: ['captures.model', 'instance of Model'], remedy: ['rebuild'] },
    { name: 'a captured symbol', make: () => [closure(['tag'], 'return () => tag', Symbol('t')), { captures: { tag: Symbol('t') } }], reason: 'uncloneable', subject: 'captures.tag', cause: ['symbol'], remedy: ['string'] },
    { name: 'a captured WeakMap', make: () => [closure(['cache'], 'return () => cache', new WeakMap()), { captures: { cache: new WeakMap() } }], reason: 'uncloneable', cause: ['WeakMap'], remedy: ['plain data'] },
    { name: 'a captured native function', make: () => [closure(['exp'], 'return (x) => exp(x)', Math.exp), { captures: { exp: Math.exp } }], reason: 'native', subject: 'captures.exp', cause: ['captures.exp is a native function'], remedy: ['Math.sqrt(x)'] },
    { name: 'a captured function with a free variable', make: () => [closure(['helper'], 'return (x) => helper(x)', null), { captures: { helper: closure(['k'], 'return (x) => x * k', 2) } }], reason: 'free-variable', subject: 'captures.helper', cause: ['captures.helper uses `k`'], remedy: ['captures: { k }'] },
    { name: 'a bound function inside captured data', make: () => [closure(['model'], 'return (x) => model.f(x)', null), { captures: { model: { f: ((x: number) => x).bind(null) } } }], reason: 'bound', subject: 'captures.model.f', cause: ['captures.model.f'], remedy: ['arrow function'] },
  ];

  it.each(cases)('refuses $name, naming the cause and the remedy', ({ make, reason, subject, cause, remedy }) => {
    const [fn, options] = make();
    const error = refusal(fn, options);
    if (process.env.SHOW_REFUSALS) console.log(error.message);
    expect(error.code).toBe('UNSHIPPABLE_FUNCTION');
    expect(error.message).toContain('nothing was sent');
    const found = error.refusals?.find((r) => r.reason === reason);
    expect(found, `refusals: ${JSON.stringify(error.refusals)}`).toBeDefined();
    if (subject !== undefined) expect(found?.subject).toBe(subject);
    for (const text of [...cause, ...remedy]) {
      expect(found?.message).toContain(text);
      expect(error.message).toContain(text);
    }
  });

  it('ships reads of real worker globals through globalThis, writes to it, and names allowGlobals lists', () => {
    const f = ship<(x: number) => number>(closure([], "return (x) => { const memo = (globalThis.tempestMemo ??= new Map()); return globalThis.Math.sqrt(x) + (typeof globalThis.tempestInstalledGlobal === 'number' ? 1 : 0) + memo.size; }"));
    expect(f(9)).toBe(3);
    delete (globalThis as { tempestMemo?: unknown }).tempestMemo;
    const allowed = ship<() => unknown>(() => (globalThis as unknown as { tempestSessionGlobal: number }).tempestSessionGlobal, { allowGlobals: ['tempestSessionGlobal'] });
    expect(allowed()).toBe(1);
  });

  it('refuses the import rewrite vitest really makes in this very file', () => {
    const usesImport = (rows: number[][]) => PackedBatch.fromRows(rows).rows;
    expect(String(usesImport)).toMatch(/__vite_ssr_import_\d+__/);
    const error = refusal(usesImport);
    expect(error.refusals?.[0]?.reason).toBe('transpiler-helper');
    expect(error.message).toContain('local constant');
  });

  it('lists every problem at once, with where each one is', () => {
    const fn = closure<Fn>([], 'return function (x) {\n  return this.k * missingA + missingB(x);\n}');
    const error = refusal(fn);
    expect(error.refusals?.map((r) => r.reason)).toEqual(['this', 'free-variable', 'free-variable']);
    expect(error.message).toContain('3 problems');
    expect(error.message).toContain('line 2, column 10');
  });

  it.each([
    ['a non-function', () => encodeFunction(42 as unknown as Fn), 'a function or a functionReference'],
    ['captures that are not an object', () => encodeFunction(() => 1, { captures: 5 as unknown as Record<string, unknown> }), 'captures must be an object'],
    ['allowGlobals that is not a list', () => encodeFunction(() => 1, { allowGlobals: 'x' as unknown as string[] }), 'allowGlobals must be an array'],
    ['captures given with a reference', () => encodeFunction(functionReference('file:///m.js', 'f'), { captures: {} }), 'a function reference takes neither'],
  ])('refuses %s with INVALID_ARGUMENT', (_, call, says) => {
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(says) }));
  });
});

describe('encodeFunction shipping', () => {
  const literal = (n: number): string =>
    Object.is(n, -0) ? '(-0)' : Number.isNaN(n) ? 'NaN' : n === Infinity ? 'Infinity' : n === -Infinity ? '(-Infinity)' : n < 0 ? `(${n})` : String(n);
  const expression = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('x[0]', 'x[1]', 'x[2]', 'a', 'b[0]', 'b[1]', 'c.scale'),
      fc.double().map(literal),
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '**'), tie('e')).map(([l, op, r]) => `(${l} ${op} ${r})`),
      fc.tuple(fc.constantFrom('Math.sin', 'Math.exp', 'Math.log', 'Math.abs', 'Math.sqrt', 'Math.tanh'), tie('e')).map(([f, x]) => `${f}(${x})`),
      fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, f]) => `(${c} > 0 ? ${t} : ${f})`),
      tie('e').map((x) => `h(${x})`),
    ),
  })).e;
  const vectors = fc.array(fc.float64Array({ minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 });

  it('ships pure functions that give the same outputs as the originals (fast-check)', () => {
    fc.assert(
      fc.property(expression, fc.double(), fc.float64Array({ minLength: 2, maxLength: 2 }), fc.double(), vectors, (body, a, b, scaleValue, xs) => {
        const c = { scale: scaleValue };
        const h = closure<(v: number) => number>(['a'], 'return (v) => v * a - 1', a);
        const original = closure<NumberFn>(['a', 'b', 'c', 'h'], `return (x) => ${body};`, a, b, c, h);
        const shipped = ship<NumberFn>(original, { captures: { a, b, c, h } });
        for (const x of xs) {
          const [want, got] = [original(x), shipped(x)];
          if (!Object.is(want, got)) throw new Error(`${body} at [${Array.from(x)}]: ${want} vs ${got}`);
        }
      }),
      fcParams(150),
    );
  });

  // Likelihoods as users write them, with helpers, loops, recursion and nested captured data.
  const mu = new Float64Array([0.5, -1, 2]);
  const invVar = new Float64Array([1, 4, 0.25]);
  const quad = (x: Float64Array, m: Float64Array, w: Float64Array): number => {
    let q = 0;
    for (let i = 0; i < x.length; i++) q += w[i] * (x[i] - m[i]) ** 2;
    return q;
  };
  const logSumExp = (v: number[]): number => {
    const m = Math.max(...v);
    return m + Math.log(v.reduce((s, y) => s + Math.exp(y - m), 0));
  };
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const isEven = (n: number): boolean => (n === 0 ? true : isOdd(n - 1));
  const isOdd = (n: number): boolean => (n === 0 ? false : isEven(n - 1));
  const model = { weights: [0.3, 0.7], centres: [mu, invVar], kernels: new Map([['quad', quad]]) };
  const realistic: [string, NumberFn, ShipOptions][] = [
    ['a Gaussian with a helper', (x) => -0.5 * quad(x, mu, invVar), { captures: { quad, mu, invVar } }],
    ['a Rosenbrock loop', function rosenbrock(x) {
      let s = 0;
      for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
      return -s;
    }, {}],
    ['a mixture with functions inside captured data', (x) => logSumExp(model.weights.map((w, k) => Math.log(w) - 0.5 * model.kernels.get('quad')!(x, model.centres[k], invVar))), { captures: { logSumExp, model, invVar } }],
    ['self-recursion through a capture', (x) => fact(Math.round(Math.abs(x[0]) % 8)) + x[1], { captures: { fact } }],
    ['mutual recursion', (x) => (isEven(Math.round(Math.abs(x[0]) % 20)) ? x[1] : x[2]), { captures: { isEven, isOdd } }],
    ['a class and closures inside the body', (x) => {
      class Accumulator {
        total = 0;
        add(v: number) {
          this.total += v;
          return this;
        }
      }
      const scaleBy = (k: number) => (v: number) => k * v;
      return Array.from(x).map(scaleBy(3)).reduce((acc, v) => acc.add(v), new Accumulator()).total;
    }, {}],
    ['destructuring, defaults and spread', (x) => {
      const [first, ...rest] = x;
      const { k = 2 } = { ...{ k: undefined } };
      return first * k + Math.max(...rest);
    }, {}],
  ];

  it.each(realistic)('ships %s, giving the same outputs (fast-check)', (_, fn, options) => {
    const shipped = ship<NumberFn>(fn, options);
    fc.assert(
      fc.property(fc.float64Array({ minLength: 3, maxLength: 3, noDefaultInfinity: true, min: -1e3, max: 1e3, noNaN: true }), (x) => {
        expect(Object.is(shipped(x), fn(x))).toBe(true);
      }),
      fcParams(100),
    );
  });

  it('ships async and generator functions', async () => {
    const k = 3;
    const asyncFn = ship<(x: number) => Promise<number>>(async (x: number) => {
      await null;
      return x * k;
    }, { captures: { k } });
    expect(await asyncFn(2)).toBe(6);
    const gen = ship<(n: number) => Iterable<number>>(function* (n: number) {
      for (let i = 0; i < n; i++) yield i * k;
    }, { captures: { k } });
    expect([...gen(3)]).toEqual([0, 3, 6]);
  });

  it("defines esbuild's __name itself, which tsx puts into functions with named inner functions", () => {
    const __name = <T>(target: T, value: string): T => Object.defineProperty(target, 'name', { value, configurable: true });
    const source = 'return (x) => { function inner(y) { return 2 * y; } __name(inner, "inner"); const g = __name(() => 1, "g"); return inner(x) + g() + g.name.length; }';
    const original = closure<(x: number) => number>(['__name'], source, __name);
    const shipped = ship<(x: number) => number>(original);
    expect(shipped(5)).toBe(original(5));
    expect(shipped(5)).toBe(12);
  });

  it('gives captured functions the same captured objects, as in the original', () => {
    const state = { count: 0 };
    const increment = () => ++state.count;
    const read = () => state.count;
    const shipped = ship<() => number>(() => (increment(), increment(), read()), { captures: { state, increment, read } });
    expect(shipped()).toBe(2);
    expect(state.count).toBe(0); // the receiver works on its own copy
  });

  it('copies captured values when encoding and sends only the names used', () => {
    const offsets = [1, 2];
    const unused = new Float64Array(100_000);
    const bytes = encodeFunction((x: number) => x + offsets[0], { captures: { offsets, unused } });
    offsets[0] = 100;
    expect(bytes.length).toBeLessThan(2_000);
    expect((decode(bytes, { allowCode: true }) as (x: number) => number)(1)).toBe(2);
  });

  it('lets a name through on purpose with allowGlobals', () => {
    const fn = () => tempestInstalledGlobal * 2;
    expect(() => encodeFunction(fn)).toThrow(TempestError);
    const shipped = ship<() => number>(fn, { allowGlobals: ['tempestInstalledGlobal'] });
    (globalThis as Record<string, unknown>).tempestInstalledGlobal = 21;
    try {
      expect(shipped()).toBe(42);
    } finally {
      delete (globalThis as Record<string, unknown>).tempestInstalledGlobal;
    }
  });

  it('restores the function name and runs it in strict mode', () => {
    const logLikelihood = (x: number) => {
      try {
        (Object.freeze({ a: 1 }) as { a: number }).a = 2;
        return x;
      } catch {
        return -x; // assigning to a frozen property throws only in strict mode
      }
    };
    const shipped = ship<(x: number) => number>(logLikelihood);
    expect(shipped.name).toBe('logLikelihood');
    expect(shipped(1)).toBe(-1);
  });

  it('compiles a function once per source and reuses it', () => {
    const offset = 0.25;
    const bytes = encodeFunction((x: number) => x + offset + 0.000123, { captures: { offset } });
    const compile = vi.spyOn(globalThis, 'Function');
    try {
      const first = decode(bytes, { allowCode: true }) as (x: number) => number;
      const second = decode(bytes, { allowCode: true }) as (x: number) => number;
      expect(compile).toHaveBeenCalledTimes(1);
      expect(first).not.toBe(second);
      expect(second(1)).toBe(first(1));
    } finally {
      compile.mockRestore();
    }
  });

  it('encodes a reference as data, which decodes without allowCode', () => {
    const ref = functionReference('file:///srv/models.js', 'logLikelihood');
    expect(decode(encodeFunction(ref))).toEqual(ref);
  });
});
