import { TempestError } from '../tempest-error.js';

/** How a unit-cube coordinate behaves at 0 and 1: none, periodic (wraps) or reflective (mirrors). */
export type BoundaryKind = 0 | 1 | 2 | 3;

/** An ordinary coordinate: leaving [0, 1] means zero prior density. */
export const BOUNDARY_NONE = 0;
/** A periodic coordinate (an angle, a phase): values wrap into [0, 1). */
export const BOUNDARY_PERIODIC = 1;
/** A reflective coordinate: values mirror back into [0, 1] at each end. */
export const BOUNDARY_REFLECTIVE = 2;
/**
 * A coordinate the chains move in without bounds: a plain coordinate of the cube seen through the
 * logit (`moveSpace: 'logit'`, see `move-space.ts`), where every real value has prior support.
 */
export const BOUNDARY_UNBOUNDED = 3;

/**
 * Builds the per-coordinate boundary kinds from lists of periodic and reflective coordinate indices.
 *
 * @param nDim - number of coordinates, a positive integer
 * @param periodic - indices of periodic coordinates (repeats allowed)
 * @param reflective - indices of reflective coordinates (repeats allowed)
 * @returns a length-nDim array of {@link BoundaryKind} values, {@link BOUNDARY_NONE} elsewhere
 * @throws {@link TempestError} `INVALID_CONFIGURATION` listing every problem at once: nDim not a
 *   positive integer, an index that is not an integer in [0, nDim), or an index in both lists
 *
 * @example
 * ```ts
 * const kinds = boundaryKinds(3, [2]); // the third coordinate is an angle
 * if (!applyBoundaries(u, i * 3, 3, kinds)) rejectProposal();
 * ```
 */
export function boundaryKinds(nDim: number, periodic: readonly number[] = [], reflective: readonly number[] = []): Uint8Array {
  if (!(Number.isInteger(nDim) && nDim >= 1)) {
    throw new TempestError('INVALID_CONFIGURATION', `nDim must be a positive integer; got ${nDim}.`, {
      option: 'nDim',
      value: nDim,
      problems: [`nDim must be a positive integer; got ${nDim}.`],
    });
  }
  const kinds = new Uint8Array(nDim);
  const problems: string[] = [];
  const mark = (list: readonly number[], name: string, kind: BoundaryKind, other: string): void => {
    for (const j of list) {
      if (!(Number.isInteger(j) && j >= 0 && j < nDim)) {
        problems.push(`${name} index ${j} is not an integer in [0, ${nDim - 1}].`);
      } else if (kinds[j] !== BOUNDARY_NONE && kinds[j] !== kind) {
        problems.push(`coordinate ${j} is listed as both ${other} and ${name}; choose one.`);
      } else {
        kinds[j] = kind;
      }
    }
  };
  mark(periodic, 'periodic', BOUNDARY_PERIODIC, 'reflective');
  mark(reflective, 'reflective', BOUNDARY_REFLECTIVE, 'periodic');
  if (problems.length > 0) {
    throw new TempestError('INVALID_CONFIGURATION', `invalid boundary conditions: ${problems.join(' ')}`, {
      option: 'periodic, reflective',
      value: { periodic, reflective },
      problems,
    });
  }
  return kinds;
}

/**
 * Applies boundary conditions in place to one point of the unit cube.
 *
 * Periodic coordinates wrap into [0, 1) (7.3 → 0.3, −0.2 → 0.8); reflective coordinates mirror into
 * [0, 1] (1.2 → 0.8, −0.3 → 0.3, 2.4 → 0.4), which is a continuous map. Values already in range are
 * left bit-identical. Any other coordinate outside [0, 1] is left unchanged and makes the result
 * `false`: such a point has zero prior density and the caller must reject the proposal (not redraw
 * it, which would bias the MCMC kernel). Non-finite values are also left unchanged and give `false`.
 *
 * @param u - array holding the point at `u[offset .. offset + d)`
 * @param offset - index of the point's first coordinate
 * @param d - number of coordinates
 * @param kinds - per-coordinate kinds from {@link boundaryKinds}, length ≥ d
 * @returns whether the point is inside the unit cube after wrapping and reflecting
 * @throws never
 */
export function applyBoundaries(u: Float64Array, offset: number, d: number, kinds: Uint8Array): boolean {
  let inside = true;
  for (let j = 0; j < d; j++) {
    const v = u[offset + j];
    if (v >= 0 && v <= 1) {
      // 1 itself is wrapped to 0 below for periodic coordinates; all else in range stays as it is.
      if (v === 1 && kinds[j] === BOUNDARY_PERIODIC) u[offset + j] = 0;
      continue;
    }
    if (v - v !== 0) {
      inside = false; // NaN or ±Infinity: nothing to wrap
      continue;
    }
    const kind = kinds[j];
    if (kind === BOUNDARY_UNBOUNDED) continue;
    if (kind === BOUNDARY_PERIODIC) {
      let w = v - Math.floor(v);
      if (w >= 1) w = 0; // −1e-17 − floor(−1e-17) rounds to 1
      u[offset + j] = w;
    } else if (kind === BOUNDARY_REFLECTIVE) {
      let r: number;
      if (v < 0 && v >= -1) {
        r = -v; // the common case, a small overshoot: exact
      } else if (v > 1 && v <= 2) {
        r = 2 - v; // exact too (Sterbenz)
      } else {
        // Triangle wave of period 2: fold into [0, 2], then mirror (1, 2] onto [0, 1).
        r = v - 2 * Math.floor(0.5 * v);
        if (r > 1) r = 2 - r;
      }
      u[offset + j] = r;
    } else {
      inside = false;
    }
  }
  return inside;
}
