import { BOUNDARY_NONE } from '../math/boundaries.js';

/**
 * How far towards each bound of a coordinate the prior transform is read: u = 2^-10, 2^-25 and
 * 2^-40 from the bound (the others held at 1/2).
 */
export const UNBOUNDED_PROBES = [2 ** -10, 2 ** -25, 2 ** -40] as const;
/**
 * A side of a coordinate is unbounded when the parameters move, between the second and third
 * probe, more than this fraction of what they moved between the first and second: the transform
 * keeps growing towards the bound. A normal prior gives 0.74 (its quantile grows like
 * sqrt(2 ln(1/u))), a log-type or heavier tail (exponential, Cauchy, Student-t) 1 or more. A
 * bounded transform with a finite slope gives 3e-5 (a uniform, a log-uniform), a power u^a
 * 2^(-15a): 0.35 for u^0.1, so only a tail within a few percent of a logarithm counts.
 */
export const UNBOUNDED_GROWTH = 0.5;

/**
 * The plain coordinates whose prior is unbounded on at least one side (a normal, Cauchy, log-normal
 * or gamma prior), read off the prior transform itself. With `moveSpace: 'auto'` their chains move
 * through the logit from the first iteration on. In the cube, a posterior several prior standard
 * deviations out in a normal prior's tail (data in tension with the prior) is a pile within 1e-4 or
 * less of the bound whose tempered targets are skewed over orders of magnitude of distance to it:
 * six such parameters took 550k to 1.3M likelihood calls in the cube, and 114k to 126k through the
 * logit, where those targets are nearly Gaussian; a 12-coefficient regression with normal priors
 * 205k and 99k. Bounded priors (uniform, log-uniform, beta) are left to the pile rule
 * (`bound-piles.ts`).
 * @param transform - maps m rows of unit-cube points to parameters (throws on a point it refuses)
 * @param kinds - boundary kind of every coordinate (periodic and reflective ones are never chosen)
 * @returns 1 for every unbounded plain coordinate
 */
export function unboundedCoordinates(transform: (out: Float64Array, u: Float64Array, m: number) => void, kinds: Uint8Array): Uint8Array {
  const d = kinds.length;
  const chosen = new Uint8Array(d);
  const m = UNBOUNDED_PROBES.length;
  const u = new Float64Array(m * d);
  const x = new Float64Array(m * d);
  for (let j = 0; j < d; j++) {
    if (kinds[j] !== BOUNDARY_NONE) continue;
    for (const side of [0, 1]) {
      u.fill(0.5);
      UNBOUNDED_PROBES.forEach((gap, k) => (u[k * d + j] = side === 0 ? gap : 1 - gap));
      try {
        transform(x, u, m);
      } catch {
        continue; // a transform that refuses its extreme points is not read as unbounded
      }
      const step = (a: number, b: number) => Math.hypot(...Array.from({ length: d }, (_, i) => x[b * d + i] - x[a * d + i]));
      const near = step(0, 1);
      const far = step(1, 2);
      if (near > 0 && far > UNBOUNDED_GROWTH * near) chosen[j] = 1;
    }
  }
  return chosen;
}
