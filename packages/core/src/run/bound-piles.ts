import { BOUNDARY_NONE } from '../math/boundaries.js';

/** Width of the strip at each bound of a coordinate (in u) whose weighted mass is measured. */
export const BOUND_STRIP = 1e-3;
/**
 * A coordinate moves through the logit once the weighted particles put more than this in its two
 * strips: ten times what a uniform density puts there (0.002), so the prior's own iterations never
 * do (their share scatters by 0.0016 with 768 particles)...
 */
export const BOUND_PILE_MASS = 0.02;
/**
 * ...carried by at least this many particles' worth of weight (Kish), so that a few heavy particles
 * near a bound early in the anneal do not choose a coordinate...
 */
export const BOUND_PILE_PARTICLES = 20;
/**
 * ...and with more than this fraction of the strip's mass in its innermost tenth (within 1e-4 of the
 * bound): the density grows towards the bound over orders of magnitude. A density that stays finite
 * up to the bound puts a tenth there or less, and is sampled well in the cube: the egg-box's peaks
 * at the prior's edges, 0.003 wide in u, put 4% of the mass within 0.001 of each coordinate's bounds
 * but only a tenth of that within 1e-4. A density u^(a - 1) puts 10^-a there: Beta(0.11, 8) 0.78,
 * Beta(0.5, 1) 0.32.
 */
export const BOUND_PILE_INNER_SHARE = 0.25;

/**
 * With `moveSpace: 'auto'`: adds to `chosen` every plain coordinate whose weighted mass within
 * {@link BOUND_STRIP} of its bounds exceeds {@link BOUND_PILE_MASS}, carried by at least
 * {@link BOUND_PILE_PARTICLES} particles' worth of weight, with more than
 * {@link BOUND_PILE_INNER_SHARE} of it within a tenth of the strip (a density growing towards the bound). The set only grows, so that the
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
  const squares = new Float64Array(d);
  const inner = new Float64Array(d);
  const innerStrip = BOUND_STRIP / 10;
  for (let s = 0; s < n; s++) {
    const w = weights[s];
    if (w === 0) continue;
    for (let j = 0; j < d; j++) {
      const x = u[s * d + j];
      if (x < BOUND_STRIP || x > 1 - BOUND_STRIP) {
        strips[j] += w;
        squares[j] += w * w;
        if (x < innerStrip || x > 1 - innerStrip) inner[j] += w;
      }
    }
  }
  let any = false;
  for (let j = 0; j < d; j++) {
    const particles = squares[j] > 0 ? (strips[j] * strips[j]) / squares[j] : 0;
    const piles = strips[j] > BOUND_PILE_MASS && particles >= BOUND_PILE_PARTICLES && inner[j] > BOUND_PILE_INNER_SHARE * strips[j];
    if (kinds[j] === BOUNDARY_NONE && piles) chosen[j] = 1;
    if (chosen[j] === 1) any = true;
  }
  return any;
}
