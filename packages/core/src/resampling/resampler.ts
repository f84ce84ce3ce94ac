import { multinomialResample, systematicResample } from '../math/resample.js';
import type { RandomGenerator } from '../random/random-generator.js';
import { resolveNamed } from '../kernels/resolve-named.js';

/**
 * A resampling scheme: draws the ancestors of the next active set from the weighted history.
 * Built in: `mult` (multinomial) and `syst` (systematic).
 */
export interface Resampler {
  /** Name stored in state files (a resumed run must use the scheme of the saved one). */
  readonly name: string;
  /**
   * Writes `out.length` indices into `weights`, drawn in proportion to them, using only `rng`.
   * @param out - receives the ancestor of each new particle
   * @param weights - nonnegative weights of the history (any scale)
   * @param rng - the run's generator
   */
  resample(out: Int32Array, weights: ArrayLike<number>, rng: RandomGenerator): void;
}

/** Independent multinomial draws: unbiased, the most variable. */
export const multinomialResampler: Resampler = { name: 'mult', resample: multinomialResample };

/** One uniform for n equally spaced points: lower variance, fewer merged lineages. */
export const systematicResampler: Resampler = { name: 'syst', resample: systematicResample };

/** The schemes a name selects (`resample: 'syst'`). */
export const BUILT_IN_RESAMPLERS = {
  /** Multinomial (the default). */
  mult: multinomialResampler,
  /** Systematic. */
  syst: systematicResampler,
} as const satisfies Record<string, Resampler>;

/** Name of a built-in resampling scheme. */
export type ResamplerName = keyof typeof BUILT_IN_RESAMPLERS;

/**
 * The scheme an option selects: a built-in name or a user's {@link Resampler}.
 * @param option - `'mult'`, `'syst'` or a resampler object
 * @returns the resampler, or undefined when the option is neither
 */
export function resolveResampler(option: unknown): Resampler | undefined {
  return resolveNamed<Resampler>(option, BUILT_IN_RESAMPLERS, isResampler);
}

/**
 * Whether a value implements {@link Resampler} (for option checks).
 * @param value - anything
 * @returns true for an object with a name and a `resample` method
 */
export function isResampler(value: unknown): value is Resampler {
  const r = value as Partial<Resampler> | null;
  return typeof r === 'object' && r !== null && typeof r.name === 'string' && r.name.length > 0 && typeof r.resample === 'function';
}
