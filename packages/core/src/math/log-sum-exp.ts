/**
 * Computes log(Σ exp(values[i])) over `values[start..end)` without overflow or underflow.
 *
 * The largest term is factored out, so values of any magnitude (±1e300) are handled, and the
 * remaining sum is added with `log1p`, which keeps full relative precision when one term
 * dominates. An empty range, or a range of only `-Infinity`, gives `-Infinity` (log 0); any
 * `+Infinity` gives `+Infinity`; any `NaN` gives `NaN` (NaN wins over `+Infinity`).
 *
 * @param values - the log-terms
 * @param start - first index of the range (inclusive), default 0
 * @param end - end of the range (exclusive), default `values.length`
 * @returns log Σ exp(values[i]) for start ≤ i < end
 * @throws never; the range is not checked, so indices outside `values` read as `undefined` (NaN)
 *
 * @example
 * ```ts
 * logSumExp([1000, 1000]); // 1000 + Math.LN2, where the naive formula overflows
 * ```
 */
export function logSumExp(values: ArrayLike<number>, start = 0, end: number = values.length): number {
  let max = -Infinity;
  let argmax = -1;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v > max) {
      max = v;
      argmax = i;
    } else if (v !== v) {
      return NaN;
    }
  }
  if (max === -Infinity) return -Infinity;
  if (max === Infinity) return Infinity;
  let rest = 0;
  for (let i = start; i < end; i++) {
    if (i !== argmax) rest += Math.exp(values[i] - max);
  }
  return max + Math.log1p(rest);
}

/**
 * Computes log(exp(a) + exp(b)) without overflow or underflow.
 *
 * @param a - first log-term
 * @param b - second log-term
 * @returns log(exp(a) + exp(b)); `-Infinity` when both are `-Infinity`, `+Infinity` when either is
 *   `+Infinity`, `NaN` when either is `NaN`
 * @throws never
 */
export function logAddExp(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  if (a === b) return a + Math.LN2; // also covers ±Infinity on both sides, where a − b would be NaN
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
