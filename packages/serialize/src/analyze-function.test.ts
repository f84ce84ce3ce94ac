import { describe, expect, it } from 'vitest';
import { analyzeFunction } from './analyze-function.js';

const make = (...args: string[]) => new Function(...args) as (...a: never[]) => unknown;

describe('analyzeFunction', () => {
  it('reports free variables in order of first use, with their line and column', () => {
    const f = make('x', 'return x + alpha\n  + beta * alpha;');
    expect([...analyzeFunction(f).free]).toEqual([
      ['alpha', 'line 3, column 12 of its source'],
      ['beta', 'line 4, column 5 of its source'],
    ]);
  });

  it.each([
    ['a legacy octal literal', make('return 010;'), 'not-strict'],
    ['duplicate parameters', make('a', 'a', 'return a;'), 'not-strict'],
    ['deleting a plain name', make('x', 'delete x;'), 'not-strict'],
    ['an async method', { async m() {} }.m, 'method'],
    ['a generator method', { *g() {} }.g, 'method'],
    ['a computed method', { ['c' + 1]() {} }.c1, 'method'],
    ['a static method', class { static s() {} }.s, 'method'],
    ['a proxied function', new Proxy(() => 1, {}), 'native'],
  ])('classifies %s', (_, fn, reason) => {
    expect(analyzeFunction(fn as (...a: never[]) => unknown).problems.map((p) => p.reason)).toEqual([reason]);
  });

  it('accepts the function forms that can be re-created', () => {
    for (const fn of [function named() {}, async () => {}, async function* gen() {}, (a = 1, { b } = { b: 2 }) => a + b, make('return 1')]) {
      expect(analyzeFunction(fn).problems).toEqual([]);
    }
  });

  it('caches by source text', () => {
    const a = make('return 12345;');
    const b = make('return 12345;');
    expect(analyzeFunction(a)).toBe(analyzeFunction(b));
  });
});
