import type { RandomGenerator } from '../random/random-generator.js';
import { TempestError } from '../tempest-error.js';

/**
 * Draws `out.length` independent indices with probability proportional to `weights` (multinomial resampling).
 *
 * Runs in O(N + n) for N weights and n draws, with no allocation: the n uniforms are generated
 * already sorted (as successive order statistics, U(k) = 1 − Π V_j^(1/(n−j))), merged with the
 * running sum of the weights in one pass, and the result is then shuffled (Fisher–Yates) so that
 * `out[k]` are independent draws in random order, not sorted. The result, order included, is a
 * deterministic function of the generator's stream: n uniforms, then n − 1 integers. Indices with
 * zero weight are never drawn.
 *
 * @param out - receives the n drawn indices into `weights`
 * @param weights - N nonnegative, finite weights in any scale, not all zero
 * @param rng - the run's seeded generator
 * @returns nothing; the indices are written to `out`
 * @throws {@link TempestError} `INVALID_ARGUMENT` when a weight is negative, `NaN` or infinite,
 *   or the weights sum to 0 (or overflow)
 *
 * @example
 * ```ts
 * const ancestors = new Int32Array(nParticles);
 * multinomialResample(ancestors, historyWeights, rng);
 * ```
 */
export function multinomialResample(out: Int32Array, weights: ArrayLike<number>, rng: RandomGenerator): void {
  const total = checkedTotal(weights);
  const n = out.length;
  if (n === 0) return;
  const nWeights = weights.length;
  let i = 0;
  let cumulative = weights[0]; // the same left-to-right sum as `total`, so it ends exactly at it
  let lastPositive = 0;
  let tail = 1; // 1 − U(k): the running product of V_j^(1/(n − j))
  for (let k = 0; k < n; k++) {
    tail *= Math.exp(Math.log(1 - rng.uniform()) / (n - k));
    const target = (1 - tail) * total;
    // Index i is chosen iff cumulative(i − 1) ≤ target < cumulative(i), impossible when w_i = 0.
    while (cumulative <= target && i < nWeights - 1) {
      if (weights[i] > 0) lastPositive = i;
      i++;
      cumulative += weights[i];
    }
    if (weights[i] > 0) lastPositive = i;
    // Only when tail rounds to 0 can the target reach the total; fall back to the last positive weight.
    out[k] = cumulative > target ? i : lastPositive;
  }
  for (let k = n - 1; k > 0; k--) {
    const j = rng.integer(k + 1);
    const t = out[k];
    out[k] = out[j];
    out[j] = t;
  }
}

/**
 * Draws `out.length` indices by systematic resampling: one uniform offset u, and the n points
 * (k + u)/n, k = 0…n − 1, located in the normalised cumulative weights.
 *
 * Index i is drawn either floor(n·w_i) or ceil(n·w_i) times (w normalised), which gives lower
 * variance than multinomial resampling, but the draws are not independent. The indices come out
 * in ascending order. Runs in O(N + n) and uses exactly one uniform from `rng`. Indices with zero
 * weight are never drawn.
 *
 * @param out - receives the n drawn indices into `weights`, ascending
 * @param weights - N nonnegative, finite weights in any scale, not all zero
 * @param rng - the run's seeded generator
 * @returns nothing; the indices are written to `out`
 * @throws {@link TempestError} `INVALID_ARGUMENT` when a weight is negative, `NaN` or infinite,
 *   or the weights sum to 0 (or overflow)
 *
 * @example
 * ```ts
 * systematicResample(ancestors, historyWeights, rng);
 * ```
 */
export function systematicResample(out: Int32Array, weights: ArrayLike<number>, rng: RandomGenerator): void {
  const total = checkedTotal(weights);
  const n = out.length;
  if (n === 0) return;
  const u = rng.uniform();
  const scale = n / total;
  let cumulative = 0;
  let filled = 0;
  let lastPositive = 0;
  for (let i = 0; i < weights.length && filled < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    cumulative += w;
    lastPositive = i;
    // The number of points k + u below cumulative·n/total is ceil(cumulative·n/total − u).
    let upTo = Math.ceil(cumulative * scale - u);
    if (upTo > n) upTo = n;
    while (filled < upTo) out[filled++] = i;
  }
  // Rounding can leave the last count one short; the last positive weight owns the top of [0, 1).
  while (filled < n) out[filled++] = lastPositive;
}

/** Validates the weights and returns their left-to-right sum. */
function checkedTotal(weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0 && w < Infinity)) {
      throw new TempestError(
        'INVALID_ARGUMENT',
        `resampling weights must be nonnegative and finite; got ${w} at index ${i}. A NaN weight usually comes from a NaN log-likelihood.`,
        { option: 'weights', value: w, index: i },
      );
    }
    total += w;
  }
  if (!(total > 0 && total < Infinity)) {
    throw new TempestError(
      'INVALID_ARGUMENT',
      `resampling weights must have a positive, finite sum; got ${total} from ${weights.length} weights. ` +
        'Give at least one particle a positive weight, or rescale the weights (e.g. exponentiate log-weights minus their maximum).',
      { option: 'weights', value: total },
    );
  }
  return total;
}
