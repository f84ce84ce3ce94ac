import { BOUNDARY_NONE } from '../math/boundaries.js';

/** Width of the strip at each bound of a coordinate (in u) whose weighted mass is measured. */
export const BOUND_STRIP = 1e-3;
/**
 * A coordinate moves through the logit once the weighted particles put more than this in its two
 * strips: ten times what a uniform density puts there (0.002), so the prior's own iterations never
 * do (their share scatters by 0.0016 with 768 particles). A density that stays finite up to the
 * bound puts its value there times 0.001: a half-Gaussian of width 0.1 against the bound 0.008, the
 * egg-box's half-peaks at its edges about 0.003; those are sampled well in the cube. Mass that piles
 * up towards the bound over orders of magnitude does not: a Beta(0.11, 8) density puts 0.47 there,
 * a Beta(0.28, 1.7) one 0.16, a Gaussian of width 1e-4 against the bound all of it.
 */
export const BOUND_PILE_MASS = 0.02;

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
