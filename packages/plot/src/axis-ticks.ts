// Tick positions and labels for the corner plot's shared axes. Computed here rather than left to
// Plot so that the x ticks of column j and the y ticks of row j are the same set, and so that labels
// near a panel edge (which would collide with the neighbouring panel's labels) are dropped, as
// corner.py does with matplotlib's pruned locators.

/** Tick values with their labels. */
export interface AxisTicks {
  values: number[];
  labels: string[];
  /**
   * The labels are drawn rotated by 45° (as corner.py draws them): on a narrow x axis of long
   * labels, where level labels would leave room for one tick only.
   */
  rotated?: boolean;
}

/** Options of {@link axisTicks}. */
export interface AxisTicksOptions {
  /** Axis length in pixels. */
  length: number;
  /** Label font size in pixels (used to estimate label extents). */
  fontSize: number;
  /** `x`: labels sit side by side, so their widths must fit; `y`: only their heights must. */
  orientation: 'x' | 'y';
  /** Most ticks wanted. */
  maxTicks?: number;
  /** Smallest allowed step, e.g. 1 for counts. */
  minStep?: number;
  /** Pixels a label may extend past the panel edge (into the gap beside it); default 1. */
  edgeSlack?: number;
}

/** Average advance of a DejaVu Sans digit, in em: an upper bound for the other characters we emit. */
const CHAR_WIDTH_EM = 0.64;

/** sin 45° = cos 45°. */
const DIAGONAL = Math.SQRT1_2;

/**
 * Chooses "nice" ticks (steps of 1, 2 or 5 × 10^k) inside `[lo, hi]` whose labels do not overlap
 * each other nor spill past the panel edge, preferring the most ticks that fit.
 *
 * @param lo - lower end of the axis domain
 * @param hi - upper end (> lo)
 * @param options - axis length, font size and orientation
 * @returns at least one tick when the domain contains a nice number at all
 * @example
 * ```ts
 * axisTicks(-1.3, 2.7, { length: 200, fontSize: 10, orientation: 'x' }).labels; // ['−1', '0', '1', '2']
 * ```
 */
export function axisTicks(lo: number, hi: number, options: AxisTicksOptions): AxisTicks {
  const { length, fontSize, orientation, maxTicks = 6, minStep = 0, edgeSlack = 1 } = options;
  const span = hi - lo;
  let step = niceStepAtLeast(Math.max(span / Math.max(1, maxTicks), minStep));
  let best: AxisTicks = { values: [], labels: [] };
  for (let attempt = 0; attempt < 12; attempt++, step = nextNiceStep(step)) {
    const first = Math.ceil(lo / step);
    const last = Math.floor(hi / step);
    const values: number[] = [];
    for (let k = first; k <= last; k++) values.push(k * step + 0); // + 0 turns -0 into 0
    const labels = formatTicks(values, step);
    const extents = labels.map((l) => (orientation === 'x' ? l.length * CHAR_WIDTH_EM * fontSize : fontSize));
    // Keep only ticks whose label stays a little away from both panel edges.
    const kept: AxisTicks = { values: [], labels: [] };
    for (let i = 0; i < values.length; i++) {
      const at = ((values[i] - lo) / span) * length;
      const half = extents[i] / 2 + 1;
      if (at - half >= -edgeSlack && at + half <= length + edgeSlack) {
        kept.values.push(values[i]);
        kept.labels.push(labels[i]);
      }
    }
    const spacing = (step / span) * length;
    const widest = Math.max(0, ...extents);
    const fits = spacing >= widest + 0.8 * fontSize;
    if (fits && kept.values.length >= 2) return kept;
    // A single tick is a fallback for tiny panels; keep the first one found.
    if (fits && kept.values.length > 0 && best.values.length === 0) best = kept;
  }
  // A narrow x axis with long labels (a period of 12.3456 ± 0.0003): rotated by 45°, labels only
  // need a line height between them, so two or more ticks fit where level ones allowed one.
  if (orientation === 'x' && best.values.length < 2) return rotatedTicks(lo, hi, length, fontSize, maxTicks, minStep) ?? best;
  return best;
}

/**
 * Ticks with labels rotated by 45°, anchored at their end under the tick: neighbours need
 * √2 × a line height between ticks, and a label must not start left of the panel by more than
 * half the gap (it runs down and to the left).
 */
function rotatedTicks(lo: number, hi: number, length: number, fontSize: number, maxTicks: number, minStep: number): AxisTicks | undefined {
  const span = hi - lo;
  let step = niceStepAtLeast(Math.max(span / Math.max(1, maxTicks), minStep));
  for (let attempt = 0; attempt < 12; attempt++, step = nextNiceStep(step)) {
    const spacing = (step / span) * length;
    if (spacing < 1.5 * fontSize / DIAGONAL) continue;
    const values: number[] = [];
    for (let k = Math.ceil(lo / step); k <= Math.floor(hi / step); k++) values.push(k * step + 0);
    const labels = formatTicks(values, step);
    const kept: AxisTicks = { values: [], labels: [], rotated: true };
    for (let i = 0; i < values.length; i++) {
      const at = ((values[i] - lo) / span) * length;
      // The label's top corner sits at the tick; its far end reaches width·cos45 to the left.
      if (at >= fontSize && at <= length - 2) {
        kept.values.push(values[i]);
        kept.labels.push(labels[i]);
      }
    }
    if (kept.values.length >= 2) return kept;
  }
  return undefined;
}

/**
 * Pixels that rotated labels reach below their axis: the longest label's diagonal drop plus a line.
 * @param labels - the tick labels
 * @param fontSize - their font size
 * @returns the depth of the labels below the tick marks' ends
 */
export function rotatedLabelDepth(labels: readonly string[], fontSize: number): number {
  const widest = Math.max(0, ...labels.map((l) => l.length)) * CHAR_WIDTH_EM * fontSize;
  return (widest + fontSize) * DIAGONAL;
}

/**
 * Formats one number for an axis or a title: plain decimals with `decimals` places for ordinary
 * magnitudes, exponent form for very large or small ones, and a true minus sign (U+2212).
 * @param value - the number
 * @param decimals - places after the decimal point (plain form)
 * @returns e.g. `−0.25`, `1.5e−7`
 */
export function formatNumber(value: number, decimals: number): string {
  const abs = Math.abs(value);
  let text: string;
  if (abs === 0 && decimals > 6) {
    text = '0';
  } else if ((abs >= 1e5 && (decimals <= 0 || abs >= 1e9)) || decimals > 6) {
    // A large value known to a few decimals (123456.71) stays plain: its exponent form is longer.
    const exponent = Math.floor(Math.log10(abs));
    const mantissaDecimals = Math.min(10, Math.max(0, exponent + decimals));
    text = value.toExponential(mantissaDecimals).replace('e+', 'e');
  } else {
    text = value.toFixed(Math.max(0, Math.min(20, decimals)));
  }
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1);
  return text.replace(/-/g, '\u2212');
}

/** Labels for ticks spaced `step` apart, with just enough decimals to tell them apart. */
function formatTicks(values: number[], step: number): string[] {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return values.map((v) => formatNumber(Math.abs(v) < step * 1e-9 ? 0 : v, decimals));
}

/** Smallest step of the form {1, 2, 5} × 10^k that is ≥ `raw`. */
function niceStepAtLeast(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/** The next larger step in the 1-2-5 sequence. */
function nextNiceStep(step: number): number {
  return niceStepAtLeast(step * 1.5);
}
