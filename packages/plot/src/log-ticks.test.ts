import { describe, expect, it } from 'vitest';
import { logTicks, powerOfTenLabel, symlogTicks } from './log-ticks.js';

describe('powerOfTenLabel', () => {
  it('writes exponents as superscripts', () => {
    expect(powerOfTenLabel(-3)).toBe('10\u207b\u00b3');
    expect(powerOfTenLabel(12, true)).toBe('\u221210\u00b9\u00b2');
    expect(powerOfTenLabel(0)).toBe('1');
    expect(powerOfTenLabel(1)).toBe('10');
  });
});

describe('logTicks', () => {
  it('ticks the decades inside the domain, thinned from the top so 1 stays', () => {
    expect(logTicks(2e-5, 1.5, 3).values).toEqual([1e-4, 1e-2, 1]);
    expect(logTicks(0.05, 2).values).toEqual([0.1, 1]);
  });
});

describe('symlogTicks', () => {
  it('ticks 0 and signed decades at or above the smallest magnitude', () => {
    const ticks = symlogTicks(-2e5, 5, 10, 10);
    expect(ticks.values).toEqual([-1e5, -1e4, -1e3, -100, -10, 0]);
    expect(ticks.labels[0]).toBe('\u221210\u2075');
  });

  it('thins to at most the requested count, keeping the far end', () => {
    const ticks = symlogTicks(-3e5, -5, 10, 3);
    expect(ticks.values.length).toBeLessThanOrEqual(3);
    expect(ticks.values[0]).toBe(-1e5);
  });
});
