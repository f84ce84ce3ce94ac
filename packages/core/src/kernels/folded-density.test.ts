import { describe, expect, it } from 'vitest';
import { boundaryKinds } from '../math/boundaries.js';
import { FoldedDensity } from './folded-density.js';

const component = (sd: number) => ({ mean: Float64Array.of(0.5), covariance: Float64Array.of(sd * sd), chol: Float64Array.of(sd), dof: Infinity });
const normal = (x: number, m: number, sd: number) => Math.exp(-0.5 * ((x - m) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));

describe('FoldedDensity', () => {
  it('is the plain Gaussian density without folded coordinates', () => {
    const f = new FoldedDensity(1, boundaryKinds(1, [], []));
    expect(f.folds).toBe(false);
    const v = f.logDensity(Float64Array.of(0.3), 0.04, Infinity, component(1), Float64Array.of(0.5), 0);
    expect(Math.exp(v)).toBeCloseTo(normal(0.5, 0.3, 0.2), 12);
  });

  it('sums the periodic images u + k, k = -2..2', () => {
    const f = new FoldedDensity(1, boundaryKinds(1, [0], []));
    const v = f.logDensity(Float64Array.of(0.9), 0.09, Infinity, component(1), Float64Array.of(0.1), 0);
    let expected = 0;
    for (let k = -2; k <= 2; k++) expected += normal(0.1 + k, 0.9, 0.3);
    expect(Math.exp(v)).toBeCloseTo(expected, 12);
  });

  it('sums the reflective images +-u + 2k, k = -1..1', () => {
    const f = new FoldedDensity(1, boundaryKinds(1, [], [0]));
    const v = f.logDensity(Float64Array.of(0.05), 0.04, Infinity, component(1), Float64Array.of(0.1), 0);
    let expected = 0;
    for (const k of [-1, 0, 1]) expected += normal(0.1 + 2 * k, 0.05, 0.2) + normal(-0.1 + 2 * k, 0.05, 0.2);
    expect(Math.exp(v)).toBeCloseTo(expected, 12);
  });

  it('is normalised over the unit interval for a Student-t folded periodically', () => {
    const f = new FoldedDensity(1, boundaryKinds(1, [0], []));
    const cells = 4000;
    let integral = 0;
    const to = new Float64Array(1);
    for (let i = 0; i < cells; i++) {
      to[0] = (i + 0.5) / cells;
      integral += Math.exp(f.logDensity(Float64Array.of(0.2), 0.01, 4, component(1), to, 0)) / cells;
    }
    // Images beyond +-2 carry the Student-t's tail mass beyond ~17 scales: about 1e-4 for 4 dof.
    expect(Math.abs(integral - 1)).toBeLessThan(2e-4);
  });
});
