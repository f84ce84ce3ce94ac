import { parse, type ArrowFunctionExpression, type ExpressionStatement, type FunctionExpression, type ReturnStatement } from 'acorn';
import { describe, expect, it } from 'vitest';
import { analyzeScope } from './scope-analysis.js';

// Parsed the way analyzeFunction does: as what a wrapper function returns, so new.target parses.
function analyse(source: string) {
  const program = parse(`(function () { return (${source}); })`, { ecmaVersion: 'latest', sourceType: 'script', allowSuperOutsideMethod: true });
  const wrapper = (program.body[0] as ExpressionStatement).expression as FunctionExpression;
  const report = analyzeScope((wrapper.body.body[0] as ReturnStatement).argument as FunctionExpression | ArrowFunctionExpression);
  return { free: [...report.free.keys()].sort(), uses: report.contextUses.map((u) => u.what), globals: [...report.globalProperties].map(([name, { via }]) => `${via}.${name}`).sort() };
}

describe('analyzeScope', () => {
  it.each([
    ['parameters, defaults and destructuring', '({ a, b: [c, ...d] }, e = a + f, ...g) => a + c + d + e + g', ['f']],
    ['var hoisting across blocks', '() => { if (1) { var v = 1; } return v + w; }', ['w']],
    ['let and const per block', '() => { { const k = 1; } return k; }', ['k']],
    ['for-loop bindings', '() => { for (let i = 0; i < n; i++) {} for (const x of xs) x; for (const k in o) k; return i; }', ['i', 'n', 'o', 'xs']],
    ['catch parameters', '() => { try { t() } catch ({ message }) { return message + e; } }', ['e', 't']],
    ['switch cases share a block', '(x) => { switch (x) { case 1: let y = 2; break; default: return y + z; } }', ['z']],
    ['function declarations and self-reference', 'function outer() { return inner() + outer(); function inner() { return q; } }', ['q']],
    ['named function expressions', '() => (function fact(n) { return n ? n * fact(n - 1) : 1; })(3)', []],
    ['properties and members are not variables', '(x) => ({ a: x.b, [key]: x[idx], c }).a', ['c', 'idx', 'key']],
    ['labels are not variables', '() => { outer: for (;;) { break outer; } }', []],
    ['assignment targets are uses', '() => { total = 1; [p, q.r] = [1, 2]; ({ s } = {}); }', ['p', 'q', 's', 'total']],
    ['classes, their names and members', '() => { class A extends Base { static s = cfg; m() { return A + this.x + super.y; } } return A; }', ['Base', 'cfg']],
    ['class static blocks', '() => { class B { static { var hidden = 1; use(hidden); } } }', ['use']],
    ['typeof of an undeclared name', '() => typeof maybe', ['maybe']],
    ['arguments of a plain function', 'function () { return arguments[0]; }', []],
    ['arguments inside a nested plain function', '() => function () { return arguments; }', []],
    ['arguments in an arrow', '() => arguments[0]', ['arguments']],
  ])('finds the free variables with %s', (_, source, free) => {
    expect(analyse(source).free).toEqual(free);
  });

  it.each([
    ['this in an arrow', '() => this.x', ['this']],
    ['this in a plain function', 'function () { return this; }', ['this']],
    ['this in a nested plain function is fine', '() => function () { return this; }', []],
    ['this in a nested object method is fine', '() => ({ m() { return this; } })', []],
    ['super in an arrow', '() => super.x', ['super']],
    ['super in a nested method is fine', '() => ({ m() { return super.toString(); } })', []],
    ['super in a nested plain function', '() => function () { return super.x; }', ['super']],
    ['new.target in an arrow', '() => new.target', ['new-target']],
    ['new.target in a plain function is fine', 'function () { return new.target; }', []],
    ['direct eval', '(s) => eval(s)', ['eval']],
    ['indirect eval is fine', '(s) => (0, eval)(s)', []],
  ])('reports %s', (_, source, uses) => {
    expect(analyse(source).uses).toEqual(uses);
  });

  it.each([
    ['a property read', '(x) => x * globalThis.scale', ['globalThis.scale']],
    ['a literal computed name, and global', "(x) => global['offset'] + x", ['global.offset']],
    ['destructuring in a declaration and an assignment', '() => { const { a, b: c } = globalThis; let d; ({ d } = globalThis); return a + c + d; }', ['globalThis.a', 'globalThis.b', 'globalThis.d']],
    ['a call and a compound assignment', '(x) => { globalThis.total += x; return globalThis.helper(x); }', ['globalThis.helper', 'globalThis.total']],
    ['a counter', '() => globalThis.calls++', ['globalThis.calls']],
    ['a nested read under typeof', '() => typeof globalThis.config.mode', ['globalThis.config']],
    ['writes, which define it in the worker', '() => { globalThis.cache ??= new Map(); globalThis.seen = 1; delete globalThis.old; return typeof globalThis.Deno; }', []],
    ['a computed name, which cannot be known', '(key) => globalThis[key]', []],
    ['a local variable named globalThis', '() => { const globalThis = { x: 1 }; return globalThis.x; }', []],
  ])('finds the global properties it reads: %s', (_, source, globals) => {
    expect(analyse(source).globals).toEqual(globals);
  });

  it('reports import.meta, which only parses in a module', () => {
    const program = parse('(() => import.meta.url)', { ecmaVersion: 'latest', sourceType: 'module' });
    const report = analyzeScope((program.body[0] as ExpressionStatement).expression as ArrowFunctionExpression);
    expect(report.contextUses.map((u) => u.what)).toEqual(['import-meta']);
  });
});
