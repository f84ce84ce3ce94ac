/**
 * The arithmetic mean.
 * @param values - the numbers
 * @returns their mean (NaN for none)
 */
export function meanOf(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}
