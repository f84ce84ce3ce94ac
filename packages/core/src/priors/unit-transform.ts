import { TempestError } from '../tempest-error.js';

/**
 * A prior on one parameter as a map from u ∈ [0, 1] to the parameter: its quantile function
 * (inverse CDF). If u is uniform, the result follows the prior. Plain functions of a number, so
 * they map over a `Float64Array` or combine with {@link independentPrior}.
 */
export type UnitTransform = (u: number) => number;

/**
 * How far from 0 and 1 the transforms of unbounded priors read their quantile function:
 * 2⁻⁵³ ≈ 1.1 × 10⁻¹⁶, so u = 0 and u = 1 give finite values (a normal's ±8.21σ) instead of ±∞,
 * symmetrically. The prior mass cut off, 2 × 1.1 × 10⁻¹⁶, is far below anything a sampler
 * resolves. Bounded priors (uniform, beta, a truncated normal with finite bounds) return their
 * bounds exactly at u = 0 and 1 and are not clipped.
 */
export const UNIT_CLIP = 2 ** -53;

/**
 * u moved inside [{@link UNIT_CLIP}, 1 − UNIT_CLIP], for quantile functions that are infinite at 0 or 1.
 * @param u - a point of [0, 1]
 * @returns the clipped point
 */
export function clipUnit(u: number): number {
  return u < UNIT_CLIP ? UNIT_CLIP : u > 1 - UNIT_CLIP ? 1 - UNIT_CLIP : u;
}

/**
 * Refuses a distribution parameter that fails its condition, naming the prior, the value and the fix.
 * @param prior - the call as the user wrote it, e.g. `normal(0, -1)`
 * @param ok - whether the parameters are valid
 * @param problem - what must hold, e.g. `the standard deviation must be a positive number`
 * @param value - the offending value
 * @throws {TempestError} `INVALID_ARGUMENT` when `ok` is false
 */
export function requireParameter(prior: string, ok: boolean, problem: string, value: unknown): void {
  if (!ok) throw new TempestError('INVALID_ARGUMENT', `${prior}: ${problem}; got ${String(value)}.`, { option: prior.replace(/\(.*$/, ''), value });
}

/** Whether v is a finite number. */
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
