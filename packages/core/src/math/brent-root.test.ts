import { describe, expect, it } from 'vitest';
import { brentRoot } from './brent-root.js';

describe('brentRoot', () => {
  it.each([
    ['x^3 - 2', (x: number) => x ** 3 - 2, 0, 2, Math.cbrt(2)],
    ['cos x - x', (x: number) => Math.cos(x) - x, 0, 1, 0.7390851332151607],
    ['steep tanh', (x: number) => Math.tanh(50 * (x - 0.3)), -1, 1, 0.3],
  ])('finds the root of %s to the requested accuracy', (_, f, a, b, root) => {
    let calls = 0;
    const counted = (x: number) => (calls++, f(x));
    const x = brentRoot(counted, a, b, f(a), f(b), 1e-12);
    expect(Math.abs(x - root)).toBeLessThan(1e-11);
    expect(calls).toBeLessThan(60);
  });

  it('returns an end point that is already a root', () => {
    expect(brentRoot((x) => x - 1, 1, 3, 0, 2, 1e-12)).toBe(1);
  });
});
