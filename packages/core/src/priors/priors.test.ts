import fc from 'fast-check';
/// <reference path="../math/jstat.d.ts" />
import jstat from 'jstat';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { beta, gamma, halfNormal, independentPrior, logNormal, logUniform, normal, truncatedNormal, UNIT_CLIP, uniform, type UnitTransform } from './index.js';

/** The quantile functions of jStat, an independent implementation to compare with. */
type Inverse = { inv(p: number, a: number, b: number): number };
const jStat = (jstat as unknown as { jStat: Record<'normal' | 'lognormal' | 'beta' | 'gamma', Inverse> }).jStat;

// Pinned so a failure reproduces; fast-check prints the seed and counterexample path on failure.
const FC = { seed: Number(process.env.FC_SEED ?? 0x9a17), numRuns: 300 };
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

const ALL: [string, UnitTransform][] = [
  ['uniform(-5, 5)', uniform(-5, 5)],
  ['logUniform(1e-3, 1e3)', logUniform(1e-3, 1e3)],
  ['normal(70, 5)', normal(70, 5)],
  ['truncatedNormal(0, 1, -1, 2)', truncatedNormal(0, 1, -1, 2)],
  ['truncatedNormal(0, 1, 0, Infinity)', truncatedNormal(0, 1, 0, Infinity)],
  ['truncatedNormal(0, 1, 10, 12)', truncatedNormal(0, 1, 10, 12)],
  ['logNormal(0, 1)', logNormal(0, 1)],
  ['halfNormal(2)', halfNormal(2)],
  ['beta(0.5, 0.5)', beta(0.5, 0.5)],
  ['beta(2, 5, 10, 20)', beta(2, 5, 10, 20)],
  ['gamma(2, 3)', gamma(2, 3)],
  ['gamma(0.3)', gamma(0.3)],
];

describe('priors as unit transforms', () => {
  it.each(ALL)('%s is finite on the closed unit interval and non-decreasing', (_name, t) => {
    expect(Number.isFinite(t(0))).toBe(true);
    expect(Number.isFinite(t(1))).toBe(true);
    fc.assert(fc.property(unit, unit, (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return Number.isFinite(t(lo)) && t(lo) <= t(hi);
    }), FC);
  });

  it('bounded priors give their bounds exactly at u = 0 and 1', () => {
    expect([uniform(-5, 5)(0), uniform(-5, 5)(1)]).toEqual([-5, 5]);
    expect([logUniform(1e-3, 1e3)(0), logUniform(1e-3, 1e3)(1)]).toEqual([1e-3, 1e3]);
    expect([beta(2, 5, 10, 20)(0), beta(2, 5, 10, 20)(1)]).toEqual([10, 20]);
    expect([truncatedNormal(0, 1, -1, 2)(0), truncatedNormal(0, 1, -1, 2)(1)]).toEqual([-1, 2]);
    expect([truncatedNormal(0, 1, 10, 12)(0), truncatedNormal(0, 1, 10, 12)(1)]).toEqual([10, 12]);
    expect(truncatedNormal(0, 1, 0, Infinity)(0)).toBe(0);
    expect([halfNormal(2)(0), gamma(2, 3)(0)]).toEqual([0, 0]);
  });

  it('unbounded priors stop at the quantiles of 2^-53 and 1 - 2^-53, symmetrically', () => {
    const n = normal(0, 1);
    expect(n(0)).toBeCloseTo(-8.2095, 4);
    expect(n(1)).toBeCloseTo(8.2095, 4);
    expect(n(0)).toBe(-n(1));
    expect(n(UNIT_CLIP / 2)).toBe(n(0));
  });

  it('match the quantile functions of an independent library (jStat) in the bulk', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (u) => (
      rel(normal(70, 5)(u), jStat.normal.inv(u, 70, 5)) < 1e-9 &&
      rel(logNormal(0.3, 0.7)(u), jStat.lognormal.inv(u, 0.3, 0.7)) < 1e-9 &&
      rel(beta(2, 5)(u), jStat.beta.inv(u, 2, 5)) < 1e-6 &&
      rel(gamma(2, 3)(u), jStat.gamma.inv(u, 2, 3)) < 1e-6
    )), FC);
  });

  it('match closed forms', () => {
    expect(normal(70, 5)(0.975)).toBeCloseTo(70 + 5 * 1.959963984540054, 12);
    expect(logUniform(1e-3, 1e3)(0.5)).toBeCloseTo(1, 12);
    expect(halfNormal(2)(0.6826894921370859)).toBeCloseTo(2, 10); // erf(1/√2): the mass within 1 sd
    expect(gamma(1, 2)(1 - Math.exp(-1))).toBeCloseTo(2, 10); // an exponential of mean 2 at its mean
    expect(beta(0.5, 0.5)(0.5)).toBeCloseTo(0.5, 12);
    expect(beta(0.5, 0.5)(0.25)).toBeCloseTo(Math.sin(Math.PI / 8) ** 2, 10); // arcsine law
    expect(truncatedNormal(0, 1, 0, Infinity)(0.5)).toBeCloseTo(0.6744897501960817, 10); // the half-normal's median
  });

  it('a truncated normal far in the tail keeps its CDF: F(x) maps back to u', () => {
    // Above the mean the transform works on the mirror image, where the CDF has full precision.
    // Checked against the survival function's asymptotic series (Abramowitz & Stegun 26.2.12),
    // whose truncation error at x ≥ 10 is below 1e-8 relative.
    const t = truncatedNormal(0, 1, 10, 12);
    const sf = (x: number) => {
      const y = 1 / (x * x);
      return (Math.exp(-0.5 * x * x) / (x * Math.sqrt(2 * Math.PI))) * (1 - y + 3 * y ** 2 - 15 * y ** 3 + 105 * y ** 4 - 945 * y ** 5);
    };
    fc.assert(fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), (u) => {
      const x = t(u);
      const back = (sf(10) - sf(x)) / (sf(10) - sf(12));
      return x > 10 && x < 12 && Math.abs(back - u) < 1e-6;
    }), FC);
  });

  it('refuse bad parameters, naming the call, the value and the fix', () => {
    const fails = (f: () => unknown, message: RegExp) => {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(TempestError.is(error, 'INVALID_ARGUMENT'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    };
    fails(() => normal(0, -1), /^normal\(0, -1\): the standard deviation must be a positive number \(the second argument is sd, not the variance\); got -1\./);
    fails(() => uniform(5, 5), /uniform\(5, 5\): low and high must be finite numbers with low < high; got low 5, high 5/);
    fails(() => logUniform(0, 1), /logUniform\(0, 1\): .*0 < low < high/);
    fails(() => beta(0, 1), /beta\(0, 1\): both shape parameters must be positive/);
    fails(() => gamma(2, 0), /gamma\(2, 0\): the scale must be a positive number/);
    fails(() => truncatedNormal(0, 1, 50, 60), /holds no representable probability \(low is 50\.0 sd from the mean\)/);
    expect(truncatedNormal(0, 1, -38, -37)(0.5)).toBeGreaterThan(-38); // 37 sd out still has mass
    fails(() => independentPrior(uniform(0, 1), 3 as never), /argument 1 is number/);
  });

  it('independentPrior applies one transform per coordinate', () => {
    const prior = independentPrior(uniform(-5, 5), logUniform(1, 100), normal(0, 1));
    const x = prior(Float64Array.of(0, 0.5, 0.5));
    expect([x[0], x[2]]).toEqual([-5, 0]);
    expect(x[1]).toBeCloseTo(10, 12);
    expect(prior(Float64Array.of(1, 1, 1))).toBeInstanceOf(Float64Array);
  });
});
