import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { paretoTailShape } from './pareto-shape.js';

/** log of S draws from a generalized Pareto distribution with shape k and scale 1. */
function gpdLogDraws(k: number, s: number, seed: number): Float64Array {
  const rng = new RandomGenerator(seed);
  const out = new Float64Array(s);
  for (let i = 0; i < s; i++) {
    const u = rng.uniformOpen();
    out[i] = Math.log(k === 0 ? -Math.log(u) : (u ** -k - 1) / k);
  }
  return out;
}

describe('paretoTailShape', () => {
  // The estimate on M tail points has a standard error of about (1 + k) / sqrt(M) (Zhang &
  // Stephens 2009); S = 40,000 draws give M = 600, and the prior moves k by at most 10/610 of
  // its distance to 1/2. Tolerance: four standard errors plus that shift.
  const S = 40_000;
  const M = 600;
  it.each([-0.5, 0, 0.3, 0.5, 0.7, 1.0])('recovers the shape %f of generalized Pareto weights', (k) => {
    for (const seed of [1, 2, 3]) {
      const estimate = paretoTailShape(gpdLogDraws(k, S, seed));
      expect(Math.abs(estimate - k)).toBeLessThan((4 * (1 + Math.abs(k))) / Math.sqrt(M) + (10 / (M + 10)) * Math.abs(0.5 - k));
    }
  });

  it('is unchanged by a constant added to every log weight, and counts zero weights towards S', () => {
    const logw = gpdLogDraws(0.6, 10_000, 4);
    const shifted = logw.map((v) => v - 700);
    expect(paretoTailShape(shifted)).toBeCloseTo(paretoTailShape(logw), 10);
    // Zero weights below the tail leave it as it was when the tail size does not change: the same
    // 300 largest weights over the same threshold (3 sqrt(S) stays below 301 up to S = 10,066).
    const padded = new Float64Array(10_050).fill(-Infinity);
    padded.set(logw);
    expect(paretoTailShape(padded)).toBeCloseTo(paretoTailShape(logw), 10);
  });

  it('tells a good importance sampler from one whose proposal is too narrow', () => {
    // Target N(0, 1); proposals N(0, 1.5^2) (weights bounded) and N(0, 0.5^2): weights
    // exp(1.5 x^2) with x ~ N(0, 0.25), so P(w > t) falls as t^(-1/0.75): shape 0.75 (variance
    // infinite), approached slowly (a sqrt(log t) factor).
    const rng = new RandomGenerator(5);
    const wide = new Float64Array(20_000);
    const narrow = new Float64Array(20_000);
    for (let i = 0; i < wide.length; i++) {
      const a = 1.5 * rng.normal();
      wide[i] = -0.5 * a * a + 0.5 * (a / 1.5) ** 2;
      const b = 0.5 * rng.normal();
      narrow[i] = -0.5 * b * b + 0.5 * (b / 0.5) ** 2;
    }
    expect(paretoTailShape(wide)).toBeLessThan(0.2);
    expect(paretoTailShape(narrow)).toBeGreaterThan(0.5);
  });

  it('gives NaN without a tail to fit', () => {
    expect(paretoTailShape(new Float64Array(20))).toBeNaN();
    expect(paretoTailShape(new Float64Array(1000).fill(-Infinity))).toBeNaN();
    expect(paretoTailShape(new Float64Array(1000).fill(3))).toBeNaN();
  });
});
