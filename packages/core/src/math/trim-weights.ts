import { TempestError } from '../tempest-error.js';

/** The particles kept by {@link trimWeights}. */
export interface TrimmedWeights {
  /** Indices of the kept weights, ascending. */
  indices: Int32Array;
  /** Their weights, renormalised to sum to 1, in the order of `indices`. */
  weights: Float64Array;
}

/**
 * Drops the smallest importance weights while keeping a given fraction of the effective sample size.
 *
 * Keeps the k largest weights for the smallest k such that the ESS, (Σw)²/Σw², of the kept set is
 * at least `essFraction` × the ESS of the full set. Adding a weight no larger than those already
 * kept never lowers the ESS, so the search is a single scan down the sorted weights. Ties at the
 * cut-off are broken in favour of lower indices. Costs one O(N log N) numeric sort.
 *
 * @param weights - N nonnegative finite weights in any scale, not all zero
 * @param essFraction - fraction of the full ESS to keep, in [0, 1]; default 0.99. With 0 only the
 *   largest weight is kept; with 1 every positive weight is kept, up to rounding.
 * @returns the kept indices in ascending order, with their weights renormalised to sum to 1
 * @throws {@link TempestError} `INVALID_ARGUMENT` when a weight is negative, `NaN` or infinite,
 *   the weights sum to 0 or overflow, or `essFraction` is outside [0, 1]
 *
 * @example
 * ```ts
 * const { indices, weights } = trimWeights(posteriorWeights); // keeps 99% of the ESS
 * ```
 */
export function trimWeights(weights: ArrayLike<number>, essFraction = 0.99): TrimmedWeights {
  if (!(essFraction >= 0 && essFraction <= 1)) {
    throw new TempestError('INVALID_ARGUMENT', `essFraction must be in [0, 1]; got ${essFraction}. The usual value is 0.99.`, {
      option: 'essFraction',
      value: essFraction,
    });
  }
  const nWeights = weights.length;
  const sorted = new Float64Array(nWeights);
  let max = 0;
  for (let i = 0; i < nWeights; i++) {
    const w = weights[i];
    if (!(w >= 0 && w < Infinity)) {
      throw new TempestError(
        'INVALID_ARGUMENT',
        `weights must be nonnegative and finite; got ${w} at index ${i}. A NaN weight usually comes from a NaN log-likelihood.`,
        { option: 'weights', value: w, index: i },
      );
    }
    sorted[i] = w;
    if (w > max) max = w;
  }
  if (max === 0) {
    throw new TempestError('INVALID_ARGUMENT', `weights must include a positive weight; got ${nWeights} weights, none positive.`, {
      option: 'weights',
      value: 0,
    });
  }
  sorted.sort(); // ascending, numeric (typed-array sort)

  // Prefix sums from the largest weight down, scaled by the maximum so that squares cannot overflow.
  // The full-set ESS uses the same sums in the same order, so with essFraction = 1 the scan is
  // guaranteed to stop, at the latest when it reaches the zero weights.
  let s1 = 0;
  let s2 = 0;
  for (let r = nWeights - 1; r >= 0; r--) {
    const w = sorted[r] / max;
    s1 += w;
    s2 += w * w;
  }
  const target = essFraction * ((s1 * s1) / s2);
  s1 = 0;
  s2 = 0;
  let kept = 0;
  for (let r = nWeights - 1; r >= 0; r--) {
    const w = sorted[r] / max;
    s1 += w;
    s2 += w * w;
    kept++;
    if ((s1 * s1) / s2 >= target) break;
  }
  const threshold = sorted[nWeights - kept];

  // Everything above the threshold is kept, then ties at the threshold by ascending index.
  let above = 0;
  for (let i = 0; i < nWeights; i++) if (weights[i] > threshold) above++;
  let tiesLeft = kept - above;
  const indices = new Int32Array(kept);
  const out = new Float64Array(kept);
  let total = 0;
  let k = 0;
  for (let i = 0; i < nWeights && k < kept; i++) {
    const w = weights[i];
    if (w > threshold || (w === threshold && tiesLeft-- > 0)) {
      indices[k] = i;
      out[k] = w / max; // scaled, so that the total cannot overflow
      total += out[k];
      k++;
    }
  }
  for (let j = 0; j < kept; j++) out[j] /= total;
  return { indices, weights: out };
}
