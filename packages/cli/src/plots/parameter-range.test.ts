import { describe, expect, it } from 'vitest';
import { parameterRange } from './parameter-range.js';

describe('parameterRange', () => {
  it('pads the quantile interval by 10% on each side', () => {
    const [lo, hi] = parameterRange(-2, 2);
    expect(lo).toBeCloseTo(-2.4, 12);
    expect(hi).toBeCloseTo(2.4, 12);
  });

  it('widens a zero-width range so the panel has a scale', () => {
    expect(parameterRange(5, 5)).toEqual([4.75, 5.25]);
    expect(parameterRange(0, 0)).toEqual([-0.5, 0.5]);
    const [lo, hi] = parameterRange(1e12, 1e12 + 1e-5);
    expect(hi - lo).toBeGreaterThan(1e9);
  });

  it('includes a nearby truth and ignores a far one', () => {
    const [lo] = parameterRange(0, 1, -0.5);
    expect(lo).toBeCloseTo(-0.65, 12);
    expect(parameterRange(0, 1, 100)).toEqual(parameterRange(0, 1));
    expect(parameterRange(0, 1, NaN)).toEqual(parameterRange(0, 1));
  });
});
