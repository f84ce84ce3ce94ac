import { describe, expect, it } from 'vitest';
import { kishEss } from './kish-ess.js';

describe('kishEss', () => {
  it('is n for n equal weights and 1 for a single non-zero weight', () => {
    expect(kishEss(new Float64Array(8).fill(1 / 8))).toBeCloseTo(8, 12);
    expect(kishEss(Float64Array.of(0, 1, 0))).toBe(1);
  });

  it('is 1 / sum w^2 for unequal weights', () => {
    expect(kishEss(Float64Array.of(0.5, 0.25, 0.25))).toBeCloseTo(1 / 0.375, 12);
  });
});
