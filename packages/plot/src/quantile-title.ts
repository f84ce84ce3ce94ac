import { formatNumber } from './axis-ticks.js';

/** The pieces of a `name = median +up −down` panel title. */
export interface QuantileTitle {
  /** `name = median`. */
  main: string;
  /** The median alone, formatted. */
  median: string;
  /** Upper error `+…` (84% − 50%), or empty when the parameter has no spread. */
  upper: string;
  /** Lower error `−…` (50% − 16%), or empty when the parameter has no spread. */
  lower: string;
}

/**
 * Formats the title of a 1-D marginal, `name = median ^{+up}_{−down}`, rounding all three numbers
 * to the same decimal place: two significant digits of the smaller error, as corner.py and most
 * papers quote them.
 *
 * @param name - parameter name (plain text; escape before writing it to markup)
 * @param q16 - weighted 16% quantile
 * @param q50 - weighted median
 * @param q84 - weighted 84% quantile
 * @returns the title pieces
 * @example
 * ```ts
 * quantileTitle('m', 0.9, 1.234, 1.5); // { main: 'm = 1.23', median: '1.23', upper: '+0.27', lower: '−0.33' }
 * ```
 */
export function quantileTitle(name: string, q16: number, q50: number, q84: number): QuantileTitle {
  const up = q84 - q50;
  const down = q50 - q16;
  const smallest = Math.min(up, down) > 0 ? Math.min(up, down) : Math.max(up, down);
  if (!(smallest > 0)) {
    const median = formatNumber(q50, significantDecimals(q50, 4));
    return { main: `${name} = ${median}`, median, upper: '', lower: '' };
  }
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(smallest)));
  const median = formatNumber(q50, decimals);
  return {
    main: `${name} = ${median}`,
    median,
    upper: `+${formatNumber(up, decimals)}`,
    lower: `\u2212${formatNumber(down, decimals)}`,
  };
}

/** Decimals that show `digits` significant digits of `value`. */
function significantDecimals(value: number, digits: number): number {
  if (value === 0) return 0;
  return Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
}
