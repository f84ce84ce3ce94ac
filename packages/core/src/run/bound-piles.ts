import { BOUNDARY_NONE } from '../math/boundaries.js';

/** Width of the strip at each bound of a coordinate (in u) whose weighted mass is measured. */
export const BOUND_STRIP = 0.01;
/**
 * A coordinate moves through the logit once the weighted particles put more than this in the two
 * strips: 2.5 times what a uniform density puts there (0.02), so the prior's own iterations never
 * do. A half-Gaussian of width 0.1 against the bound puts 0.08 there, a Beta(0.11, 8) density 0.6,
 * a Gaussian in the middle of the prior nothing.
 */
export const BOUND_PILE_MASS = 0.05;

/**
 * With `moveSpace: 'auto'`: adds to `chosen` every plain coordinate whose weighted mass within
 * {@link BOUND_STRIP} of its bounds exceeds {@link BOUND_PILE_MASS}. The set only grows, so that the
 * chains of later iterations (and a second pass's guide) move where earlier ones learned to.
 * @param chosen - 1 for the coordinates already chosen (updated in place)
 * @param u - the history (N x d)
 * @param weights - normalised weights of the history at the iteration's temperature
 * @param n - history length N
 * @param kinds - boundary kind of every coordinate (periodic and reflective ones are never chosen)
 * @returns whether any coordinate is chosen
 */
export function chooseLogitCoordinates(chosen: Uint8Array, u: Float64Array, weights: Float64Array, n: number, kinds: Uint8Array): boolean {
  const d = kinds.length;
  const strips = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    const w = weights[s];
    if (w === 0) continue;
    for (let j = 0; j < d; j++) {
      const x = u[s * d + j];
      if (x < BOUND_STRIP || x > 1 - BOUND_STRIP) strips[j] += w;
    }
  }
  let any = false;
  for (let j = 0; j < d; j++) {
    if (kinds[j] === BOUNDARY_NONE && strips[j] > BOUND_PILE_MASS) chosen[j] = 1;
    if (chosen[j] === 1) any = true;
  }
  return any;
}
