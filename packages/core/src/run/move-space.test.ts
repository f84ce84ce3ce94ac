import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_NONE, BOUNDARY_PERIODIC, BOUNDARY_REFLECTIVE, BOUNDARY_UNBOUNDED, applyBoundaries } from '../math/boundaries.js';
import { MoveSpace } from './move-space.js';

describe('the logit move space', () => {
  const kinds = Uint8Array.of(BOUNDARY_NONE, BOUNDARY_PERIODIC, BOUNDARY_NONE, BOUNDARY_REFLECTIVE);
  const space = new MoveSpace(kinds);

  it('moves plain coordinates through the logit and leaves periodic and reflective ones in the cube', () => {
    expect(Array.from(space.kinds)).toEqual([BOUNDARY_UNBOUNDED, BOUNDARY_PERIODIC, BOUNDARY_UNBOUNDED, BOUNDARY_REFLECTIVE]);
    const v = space.toMove(Float64Array.of(0.5, 0.25, 0.75, 0.1), 1);
    expect(v[0]).toBe(0);
    expect(v[1]).toBe(0.25);
    expect(v[2]).toBeCloseTo(Math.log(3), 14);
    expect(v[3]).toBe(0.1);
  });

  it('maps back to the same cube point, to rounding (relative |v| x 4e-16 near 0, 2^-52 near 1), from 1e-300 to 1 - 2^-53', () => {
    fc.assert(fc.property(fc.double({ min: 1e-300, max: 1 - 2 ** -53, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (a, b) => {
      const u = Float64Array.of(a, b, 1 - a, b);
      const back = new Float64Array(4);
      const v = space.toMove(u, 1);
      space.toCube(v, 0, back, 0);
      // exp(v) carries the rounding of v (|v| up to 691) relatively; near 1, 1 / (1 + e^-v) rounds to 2^-53.
      expect(Math.abs(back[0] - a)).toBeLessThanOrEqual(a * (1 + Math.abs(v[0])) * 4e-16 + (a > 0.25 ? 2 ** -52 : 0));
      expect(back[1]).toBe(b);
      expect(back[3]).toBe(b);
    }));
  });

  it('keeps u = 0 and u = 1 (which a prior draw can give) finite', () => {
    const v = space.toMove(Float64Array.of(0, 0, 1, 0), 1);
    expect(Number.isFinite(v[0]) && Number.isFinite(v[2])).toBe(true);
    expect(v[0]).toBeLessThan(-690);
    expect(v[2]).toBeGreaterThan(36);
  });

  it('has the log Jacobian ln u (1 - u) summed over the logit coordinates, without overflow', () => {
    const v = Float64Array.of(-3, 0.4, 2, 0.9);
    const u = new Float64Array(4);
    space.toCube(v, 0, u, 0);
    expect(space.logJacobian(v, 0)).toBeCloseTo(Math.log(u[0] * (1 - u[0])) + Math.log(u[2] * (1 - u[2])), 13);
    // Far out, where u (1 - u) underflows, the log stays exact: -|v| - 2 ln(1 + e^-|v|).
    expect(space.logJacobian(Float64Array.of(-800, 0, 800, 0), 0)).toBeCloseTo(-1600, 10);
    // du/dv by central differences.
    const h = 1e-6;
    const up = new Float64Array(4);
    const down = new Float64Array(4);
    space.toCube(Float64Array.of(-3 + h, 0, 0, 0), 0, up, 0);
    space.toCube(Float64Array.of(-3 - h, 0, 0, 0), 0, down, 0);
    expect(Math.log((up[0] - down[0]) / (2 * h))).toBeCloseTo(Math.log(u[0] * (1 - u[0])), 6);
  });

  it('gives unbounded coordinates prior support everywhere finite', () => {
    const point = Float64Array.of(-50, 1.5, 7, -0.25);
    expect(applyBoundaries(point, 0, 4, space.kinds)).toBe(true);
    expect(Array.from(point)).toEqual([-50, 0.5, 7, 0.25]);
    expect(applyBoundaries(Float64Array.of(NaN, 0.5, 0, 0.5), 0, 4, space.kinds)).toBe(false);
  });
});
