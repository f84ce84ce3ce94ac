import type { PeriodicRange } from '../math/circular-statistics.js';
import type { PriorTransform } from '../likelihood/model-functions.js';

/**
 * The range each periodic parameter wraps round, read from the prior transform: `periodic`
 * marks unit-cube coordinates that wrap at 0 = 1, so parameter j's values at u_j = 0 and u_j = 1
 * (the other coordinates at ½) are the same point, and the range between them is one period
 * (φ = 2πu gives [0, 2π); φ = π(2u − 1) gives [−π, π)).
 * @param priorTransform - the model's prior transform
 * @param nDim - number of parameters
 * @param periodic - indices of the periodic parameters
 * @returns the range of each periodic parameter by index; a parameter whose ends are not two
 *   distinct finite values (a transform that throws or is constant there) is left out and
 *   summarised as a linear one
 * @example
 * ```ts
 * periodicRanges((u) => [2 * Math.PI * u[0], u[1]], 2, [0]).get(0); // { low: 0, high: 2π }
 * ```
 */
export function periodicRanges(priorTransform: PriorTransform, nDim: number, periodic: readonly number[]): Map<number, PeriodicRange> {
  const ranges = new Map<number, PeriodicRange>();
  for (const j of periodic) {
    const at = (end: number): number => {
      const u = new Float64Array(nDim).fill(0.5);
      u[j] = end;
      try {
        return Number(priorTransform(u)[j]);
      } catch {
        return NaN;
      }
    };
    const a = at(0);
    const b = at(1);
    if (Number.isFinite(a) && Number.isFinite(b) && a !== b) ranges.set(j, { low: Math.min(a, b), high: Math.max(a, b) });
  }
  return ranges;
}
