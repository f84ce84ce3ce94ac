/**
 * Kish's effective sample size of normalised weights, 1 / sum w^2 (what the summary and
 * `tempest info` report as the posterior ESS).
 * @param weights - weights summing to 1
 * @returns the effective sample size
 */
export function kishEss(weights: ArrayLike<number>): number {
  let squares = 0;
  for (let i = 0; i < weights.length; i++) squares += weights[i] * weights[i];
  return 1 / squares;
}
