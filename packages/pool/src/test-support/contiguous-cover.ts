import { expect } from 'vitest';

/**
 * Asserts that chunks cover [0, n) in order, each non-empty and starting where the last ended:
 * the invariant of every way the pool cuts a map.
 * @param chunks - `[start, end)` pairs in the order they were handed out
 * @param n - the number of tasks
 */
export function expectContiguousCover(chunks: readonly (readonly [number, number])[], n: number): void {
  let next = 0;
  for (const [s, e] of chunks) {
    expect(s).toBe(next);
    expect(e).toBeGreaterThan(s);
    next = e;
  }
  expect(next).toBe(n);
}
