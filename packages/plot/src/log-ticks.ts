import type { AxisTicks } from './axis-ticks.js';

const SUPERSCRIPTS: Record<string, string> = {
  '0': '\u2070', '1': '\u00b9', '2': '\u00b2', '3': '\u00b3', '4': '\u2074',
  '5': '\u2075', '6': '\u2076', '7': '\u2077', '8': '\u2078', '9': '\u2079', '-': '\u207b',
};

/**
 * Writes ±10^k with a Unicode superscript exponent (`10⁻³`, `−10⁵`); 10⁰ and 10¹ are written `1`
 * and `10`, which read faster.
 * @param exponent - integer power of ten
 * @param negative - prefix a minus sign
 * @returns the label text
 */
export function powerOfTenLabel(exponent: number, negative = false): string {
  const sign = negative ? '\u2212' : '';
  if (exponent === 0) return `${sign}1`;
  if (exponent === 1) return `${sign}10`;
  return `${sign}10${String(exponent).replace(/[-0-9]/g, (c) => SUPERSCRIPTS[c])}`;
}

/**
 * Ticks at powers of ten inside `[lo, hi]` (both > 0) for a log axis, thinned to every 2nd, 3rd…
 * decade so at most `maxTicks` remain.
 *
 * @param lo - lower end of the domain (> 0)
 * @param hi - upper end of the domain (> lo)
 * @param maxTicks - most ticks wanted
 * @returns tick values and `10ᵏ` labels
 * @example
 * ```ts
 * logTicks(2e-5, 1, 4).labels; // ['10⁻⁴', '10⁻²', '1']
 * ```
 */
export function logTicks(lo: number, hi: number, maxTicks = 5): AxisTicks {
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  const every = Math.max(1, Math.ceil((last - first + 1) / maxTicks));
  const values: number[] = [];
  const labels: string[] = [];
  // Anchor the thinning at the top decade so 1 (β = 1, the target) always keeps its tick.
  for (let k = last; k >= first; k -= every) {
    values.unshift(Number(`1e${k}`));
    labels.unshift(powerOfTenLabel(k));
  }
  return { values, labels };
}

/**
 * Ticks for a symmetric-log axis (`sign(x)·log(1 + |x|/c)`): 0 when inside the domain, and ±10ᵏ
 * for the decades from `smallest` up to the domain's reach, thinned to at most `maxTicks`.
 *
 * @param lo - lower end of the domain
 * @param hi - upper end (> lo)
 * @param smallest - smallest magnitude to tick (about 10c: below it the axis is nearly linear
 *   and decade ticks would crowd together)
 * @param maxTicks - most ticks wanted
 * @returns tick values and labels
 */
export function symlogTicks(lo: number, hi: number, smallest: number, maxTicks = 5): AxisTicks {
  const candidates: number[] = [];
  if (lo <= 0 && hi >= 0) candidates.push(0);
  const top = Math.floor(Math.log10(Math.max(Math.abs(lo), Math.abs(hi))) + 1e-9);
  const bottom = Math.max(Math.ceil(Math.log10(smallest) - 1e-9), top - 40);
  for (let k = bottom; k <= top; k++) {
    const v = Number(`1e${k}`);
    if (v >= lo && v <= hi) candidates.push(v);
    if (-v >= lo && -v <= hi) candidates.push(-v);
  }
  candidates.sort((a, b) => a - b);
  const every = Math.max(1, Math.ceil(candidates.length / maxTicks));
  const values: number[] = [];
  const labels: string[] = [];
  // Keep the tick of largest magnitude (the far end of the range) and thin towards 0.
  const start = Math.abs(lo) > Math.abs(hi) ? 0 : (candidates.length - 1) % every;
  for (let i = start; i < candidates.length; i += every) {
    const v = candidates[i];
    values.push(v);
    labels.push(v === 0 ? '0' : powerOfTenLabel(Math.round(Math.log10(Math.abs(v))), v < 0));
  }
  return { values, labels };
}
