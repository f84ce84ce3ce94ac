// The functions a user's model consists of. They live beside the evaluator that calls them; the
// sampler's options refer to them.
import type { ParameterMatrix } from './parameter-matrix.js';

/** Maps a point of the unit cube to the parameters (length `nDim`). */
export type PriorTransform = (u: Float64Array) => ArrayLike<number>;

/**
 * A log-likelihood of one parameter vector: a number, or `[logL, blob]` to carry a blob
 * (any derived quantity kept with the sample). May return a Promise.
 */
export type LogLikelihood = (
  x: Float64Array,
  ...args: any[]
) => number | readonly [number, unknown] | Promise<number | readonly [number, unknown]>;

/** Result of a vectorized log-likelihood: one value per row, optionally with blobs. */
export type VectorizedResult =
  | ArrayLike<number>
  | {
      /** One log-likelihood per row of the batch. */
      logl: ArrayLike<number>;
      /** One blob per row, kept with the samples. */
      blobs?: readonly unknown[];
    };

/** A vectorized log-likelihood: one call for an `n x d` batch. May return a Promise. */
export type VectorizedLogLikelihood = (
  batch: ParameterMatrix,
  ...args: any[]
) => VectorizedResult | Promise<VectorizedResult>;
