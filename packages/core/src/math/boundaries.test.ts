import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import {
  applyBoundaries,
  BOUNDARY_NONE,
  BOUNDARY_PERIODIC,
  BOUNDARY_REFLECTIVE,
  boundaryKinds,
  type BoundaryKind,
} from './boundaries.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0xb0d5), numRuns: 500 };

/** Applies one kind to one value and returns the result. */
function apply1(v: number, kind: BoundaryKind): { value: number; inside: boolean } {
  const u = new Float64Array([v]);
  const inside = applyBoundaries(u, 0, 1, new Uint8Array([kind]));
  return { value: u[0], inside };
}

/** Rounding in v − floor(v) is at most ulp(|v|); allow a few ulps. */
function ulps(v: number): number {
  return 4 * Number.EPSILON * Math.max(1, Math.abs(v));
}

const anyValue = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const inRange = fc.double({ min: 0, max: 1, noNaN: true });

describe('applyBoundaries', () => {
  it('wraps and reflects the documented examples', () => {
    const cases: [number, BoundaryKind, number][] = [
      [7.3, BOUNDARY_PERIODIC, 0.3],
      [-0.2, BOUNDARY_PERIODIC, 0.8],
      [1, BOUNDARY_PERIODIC, 0],
      [-3, BOUNDARY_PERIODIC, 0],
      [1.2, BOUNDARY_REFLECTIVE, 0.8],
      [-0.3, BOUNDARY_REFLECTIVE, 0.3],
      [2.4, BOUNDARY_REFLECTIVE, 0.4],
      [3.4, BOUNDARY_REFLECTIVE, 0.6],
      [-1.5, BOUNDARY_REFLECTIVE, 0.5],
      [2, BOUNDARY_REFLECTIVE, 0],
      [3, BOUNDARY_REFLECTIVE, 1],
    ];
    for (const [v, kind, expected] of cases) {
      const { value, inside } = apply1(v, kind);
      expect(inside).toBe(true);
      expect(Math.abs(value - expected)).toBeLessThanOrEqual(ulps(v));
    }
  });

  it('wraps periodic values into [0, 1), congruent to the input mod 1', () => {
    fc.assert(
      fc.property(anyValue, (v) => {
        const { value, inside } = apply1(v, BOUNDARY_PERIODIC);
        const shift = v - value;
        return inside && value >= 0 && value < 1 && Math.abs(shift - Math.round(shift)) <= ulps(v);
      }),
      FC,
    );
  });

  it('reflects into [0, 1] as the triangle wave |v − 2·round(v/2)|', () => {
    fc.assert(
      fc.property(anyValue, (v) => {
        const { value, inside } = apply1(v, BOUNDARY_REFLECTIVE);
        return inside && value >= 0 && value <= 1 && Math.abs(value - Math.abs(v - 2 * Math.round(v / 2))) <= ulps(v);
      }),
      FC,
    );
  });

  it('reflection is continuous: 1-Lipschitz up to rounding', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), (v, h) => {
        const a = apply1(v, BOUNDARY_REFLECTIVE).value;
        const b = apply1(v + h, BOUNDARY_REFLECTIVE).value;
        return Math.abs(a - b) <= Math.abs(h) + ulps(v) * 2;
      }),
      FC,
    );
  });

  it('leaves in-range values bit-identical and is idempotent', () => {
    fc.assert(
      fc.property(inRange, anyValue, (x, v) => {
        fc.pre(x < 1);
        const periodicStays = apply1(x, BOUNDARY_PERIODIC).value === x;
        const reflectiveStays = apply1(x, BOUNDARY_REFLECTIVE).value === x && apply1(1, BOUNDARY_REFLECTIVE).value === 1;
        const p = apply1(v, BOUNDARY_PERIODIC).value;
        const r = apply1(v, BOUNDARY_REFLECTIVE).value;
        return periodicStays && reflectiveStays && apply1(p, BOUNDARY_PERIODIC).value === p && apply1(r, BOUNDARY_REFLECTIVE).value === r;
      }),
      FC,
    );
  });

  it('returns true iff every ordinary coordinate is in [0, 1], and never moves ordinary coordinates', () => {
    const pointArb = fc.integer({ min: 1, max: 8 }).chain((d) =>
      fc.tuple(
        fc.array(fc.oneof(anyValue, inRange, fc.constantFrom(NaN, Infinity, -Infinity)), { minLength: d + 2, maxLength: d + 2 }),
        fc.array(fc.constantFrom<BoundaryKind>(BOUNDARY_NONE, BOUNDARY_PERIODIC, BOUNDARY_REFLECTIVE), { minLength: d, maxLength: d }),
      ),
    );
    fc.assert(
      fc.property(pointArb, ([values, kindList]) => {
        const d = kindList.length;
        const u = Float64Array.from(values); // the point sits at offset 1, with a sentinel each side
        const before = u.slice();
        const inside = applyBoundaries(u, 1, d, Uint8Array.from(kindList));
        let expected = true;
        for (let j = 0; j < d; j++) {
          const v = before[1 + j];
          if (kindList[j] === BOUNDARY_NONE || !Number.isFinite(v)) {
            if (!(v >= 0 && v <= 1)) expected = false;
            if (!Object.is(u[1 + j], v)) return false;
          } else if (!(u[1 + j] >= 0 && u[1 + j] <= 1)) {
            return false;
          }
        }
        return inside === expected && Object.is(u[0], before[0]) && Object.is(u[d + 1], before[d + 1]);
      }),
      FC,
    );
  });
});

describe('boundaryKinds', () => {
  it('marks periodic and reflective coordinates', () => {
    expect(Array.from(boundaryKinds(5, [0, 3, 3], [4]))).toEqual([
      BOUNDARY_PERIODIC,
      BOUNDARY_NONE,
      BOUNDARY_NONE,
      BOUNDARY_PERIODIC,
      BOUNDARY_REFLECTIVE,
    ]);
    expect(Array.from(boundaryKinds(2))).toEqual([0, 0]);
  });

  it('lists every problem at once in an INVALID_CONFIGURATION error', () => {
    let caught: unknown;
    try {
      boundaryKinds(3, [0, 3, 1.5], [0, -1]);
    } catch (e) {
      caught = e;
    }
    expect(TempestError.is(caught)).toBe(true);
    const err = caught as TempestError;
    expect(err.code).toBe('INVALID_CONFIGURATION');
    expect(err.problems).toHaveLength(4);
    expect(err.message).toMatch(/both periodic and reflective/);
    expect(() => boundaryKinds(0)).toThrow(/nDim/);
  });
});
