import { describe, expect, it } from 'vitest';
import { parameterRange } from './parameter-range.js';

describe('parameterRange', () => {
  it('pads the quantile interval by 10% on each side', () => {
    const [lo, hi] = parameterRange(-2, 2);
    expect(lo).toBeCloseTo(-2.4, 12);
    expect(hi).toBeCloseTo(2.4, 12);
  });

  it('does not pad past the extent of the samples', () => {
    // A phase on [0, 2π): the padded quantile interval would reach −0.6 and 6.9.
    const [lo, hi] = parameterRange(0.03, 6.25, undefined, [0.001, 6.282]);
    expect(lo).toBe(0.001);
    expect(hi).toBe(6.282);
    // Samples reaching far beyond the quantiles (a Gaussian's tails) leave the padding alone.
    expect(parameterRange(-2, 2, undefined, [-4.1, 4.3])).toEqual(parameterRange(-2, 2));
    // A truth outside the samples keeps the padding at its end.
    const [tlo, thi] = parameterRange(0, 1, -0.5, [0, 1]);
    expect(tlo).toBeCloseTo(-0.65, 12);
    expect(thi).toBe(1);
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
