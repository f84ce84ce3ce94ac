import { similarNames, TempestError, type PeriodicRange } from '@tempest/core';

/** One weighted posterior of a corner plot: the samples of every parameter, in the plot's order. */
export interface CornerSeries {
  /** One column of sample values per parameter, all of the same length. */
  columns: readonly Float64Array[];
  /** One non-negative weight per sample (need not sum to 1). */
  weights: Float64Array;
  /** Its name in the legend (overlays): a run or model name. Default `run 1`, `run 2`, … */
  label?: string;
  /** Its colour (any CSS colour). Default: the next of {@link CornerPlotInput.colors} or the palette. */
  color?: string;
}

/**
 * What {@link cornerPlotSvg} plots and how: one weighted posterior (`columns` and `weights`) or
 * several overlaid (`series`), and corner.py's options.
 */
export interface CornerPlotInput {
  /** One name per parameter: identifiers, used for the panels' `data-panel` names. */
  names: readonly string[];
  /**
   * One label per parameter, drawn on the axes and titles. TeX between `$…$`, as in corner.py
   * labels (`$\alpha$`, `$H_0$ [km/s/Mpc]`), is drawn with Greek letters, italic variables and
   * sub/superscripts. Default: the names.
   */
  labels?: readonly string[];
  /** The samples of one posterior: one column per parameter (with `weights`; or give `series`). */
  columns?: readonly Float64Array[];
  /** The weights of `columns`' samples. */
  weights?: Float64Array;
  /** Several posteriors drawn on the same axes (a model comparison), each in its own colour, with a legend. */
  series?: readonly CornerSeries[];
  /**
   * Per parameter, the range a periodic parameter wraps round (`undefined` for the others): its
   * axis is recentred on the circular mean, so a posterior straddling the seam is drawn whole.
   */
  periodic?: readonly (PeriodicRange | undefined)[];
  /** Reference values drawn as lines; one per parameter, a non-finite entry draws none. */
  truths?: readonly number[];
  /** Figure title drawn above the grid; undefined or empty draws none (as for a paper figure). */
  title?: string;
  /** Per parameter, the axis range `[low, high]` (`undefined`: chosen from the samples, the 0.5–99.5% quantiles padded). */
  ranges?: readonly (readonly [number, number] | undefined)[];
  /** Bins of the 1-D and 2-D histograms (corner.py's `bins`). Default: from the effective sample size, 20 to 50 (1-D) and 12 to 32 (2-D). */
  bins?: number;
  /**
   * Gaussian smoothing of the 2-D histograms, its standard deviation in bins (corner.py's
   * `smooth`). Default 0: none, so a thin feature is drawn as thin as the bins allow.
   */
  smooth?: number;
  /** Gaussian smoothing of the 1-D histograms, in bins (corner.py's `smooth1d`). Default 0. */
  smooth1d?: number;
  /**
   * Mass fractions enclosed by the 2-D contours, increasing. Default `[0.393, 0.865]`: the 1σ
   * and 2σ regions of a 2-D Gaussian (corner.py's default). With one posterior the regions
   * between them are shaded (by default also at 0.5σ and 1.5σ).
   */
  levels?: readonly number[];
  /** Quantiles drawn as dashed lines on the 1-D marginals (one posterior). Default `[0.16, 0.5, 0.84]`; `[]` for none. */
  quantiles?: readonly number[];
  /** Whether titles `label = median +up −down` are drawn over the diagonal (one posterior). Default true. */
  showTitles?: boolean;
  /** Colours of the series in order (any CSS colour). Default: a colour-blind-safe palette starting with dark blue. */
  colors?: readonly string[];
  /** Colour of the truth lines. Default orange, or near-black over several series. */
  truthColor?: string;
}

/** The fields of {@link CornerPlotInput}, for the did-you-mean of a misspelt one. */
const FIELDS = ['names', 'labels', 'columns', 'weights', 'series', 'periodic', 'truths', 'title', 'ranges', 'bins', 'smooth', 'smooth1d', 'levels', 'quantiles', 'showTitles', 'colors', 'truthColor'];

/** corner.py's and getdist's names of the fields. */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  range: 'ranges', truth_color: 'truthColor', show_titles: 'showTitles', color: 'colors', colours: 'colors', colour: 'colors',
  plot_contours: 'levels', fill_contours: 'levels', smoothing: 'smooth', samples: 'columns', weight: 'weights', parameterNames: 'names', parameterLabels: 'labels',
};

/** Report the first few bad entries only: a message listing 20,000 NaNs helps nobody. */
const MAX_PROBLEMS = 12;

/**
 * The series of an input: `series`, or the one posterior of `columns` and `weights`.
 * @param input - the plot input (validated)
 * @returns one or more series
 */
export function seriesOf(input: CornerPlotInput): readonly CornerSeries[] {
  return input.series ?? [{ columns: input.columns!, weights: input.weights! }];
}

/**
 * Checks corner-plot input and throws one error listing every problem found: unknown fields
 * (with the one meant), mismatched lengths, non-finite sample values (naming the parameter and
 * the first bad sample), negative or non-finite weights, a zero weight sum, truths, labels,
 * ranges or periodic ranges of the wrong length or value, and options out of range.
 *
 * @param input - the plot input
 * @throws TempestError `INVALID_ARGUMENT` with `problems` (one sentence each) and, when one
 *   parameter is at fault, `option` set to its name
 */
export function validateCornerInput(input: CornerPlotInput): void {
  const problems: string[] = [];
  let culprit: string | undefined;
  if (input === null || typeof input !== 'object' || !Array.isArray(input.names) || (input.series === undefined && (!Array.isArray(input.columns) || !(input.weights instanceof Float64Array)))) {
    throw new TempestError(
      'INVALID_ARGUMENT',
      'cornerPlotSvg needs { names: string[], columns: Float64Array[], weights: Float64Array } (or series: [{ columns, weights }, …] to overlay several posteriors); got ' +
        `names ${describe(input?.names)}, columns ${describe(input?.columns)}, weights ${describe(input?.weights)}. Pass the posterior's columns and weights.`,
      { option: 'input' },
    );
  }
  for (const key of Object.keys(input)) {
    if (FIELDS.includes(key)) continue;
    const meant = OTHER_NAMES[key] ?? similarNames(key, FIELDS)[0];
    problems.push(`unknown option ${JSON.stringify(key)}${meant === undefined ? '' : ` (did you mean ${meant}?)`}; the options are ${FIELDS.join(', ')}.`);
  }
  const { names } = input;
  const nDim = names.length;
  if (nDim === 0) problems.push('names is empty; a corner plot needs at least one parameter.');
  if (input.series !== undefined && (input.columns !== undefined || input.weights !== undefined)) problems.push('give either columns and weights (one posterior) or series (several), not both.');
  if (input.series !== undefined && (!Array.isArray(input.series) || input.series.length === 0)) problems.push(`series must be a non-empty array of { columns, weights }; got ${describe(input.series)}.`);
  const series = Array.isArray(input.series) ? input.series : input.series === undefined ? seriesOf(input) : [];
  series.forEach((s, k) => {
    const where = input.series === undefined ? '' : `series[${k}]: `;
    if (s === null || typeof s !== 'object' || !Array.isArray(s.columns) || !(s.weights instanceof Float64Array)) {
      problems.push(`${where}needs { columns: Float64Array[], weights: Float64Array }; got columns ${describe(s?.columns)}, weights ${describe(s?.weights)}.`);
      return;
    }
    const { columns, weights } = s;
    if (columns.length !== nDim) problems.push(`${where}names has ${nDim} entries but columns has ${columns.length}; give one name per column.`);
    const n = weights.length;
    if (n === 0) problems.push(`${where}weights is empty; there are no samples to plot.`);
    let sum = 0;
    for (let i = 0; i < n && problems.length < MAX_PROBLEMS; i++) {
      const w = weights[i];
      if (!Number.isFinite(w) || w < 0) problems.push(`${where}weights[${i}] is ${w}; weights must be finite and non-negative.`);
      else sum += w;
    }
    if (n > 0 && !(sum > 0)) problems.push(`${where}the weights sum to 0; at least one sample needs a positive weight.`);
    for (let j = 0; j < columns.length && problems.length < MAX_PROBLEMS; j++) {
      const name = typeof names[j] === 'string' ? names[j] : `x${j}`;
      const column = columns[j];
      if (!(column instanceof Float64Array)) {
        problems.push(`${where}column ${j} ("${name}") is ${describe(column)}, not a Float64Array.`);
        culprit ??= name;
        continue;
      }
      if (column.length !== n) {
        problems.push(`${where}column ${j} ("${name}") has ${column.length} values but there are ${n} weights; every column needs one value per weight.`);
        culprit ??= name;
        continue;
      }
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(column[i])) {
          problems.push(`${where}parameter "${name}" (column ${j}) has the non-finite value ${column[i]} at sample ${i}; drop or fix such samples before plotting.`);
          culprit ??= name;
          break;
        }
      }
    }
  });
  const perParameter = (field: 'truths' | 'labels' | 'ranges' | 'periodic', what: string) => {
    const value = input[field];
    if (value !== undefined && (!Array.isArray(value) || value.length !== nDim)) problems.push(`${field} must have one entry per parameter (${nDim}); got ${describe(value)}. ${what}`);
  };
  perParameter('truths', 'Use NaN for parameters without a reference value.');
  perParameter('labels', 'Give one label per name, or leave labels out.');
  perParameter('ranges', 'Use undefined for parameters whose range is chosen from the samples.');
  perParameter('periodic', 'Use undefined for parameters that are not periodic.');
  input.ranges?.forEach((r, j) => {
    if (r !== undefined && r !== null && !(Array.isArray(r) && r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] < r[1])) problems.push(`ranges[${j}] must be [low, high] with low < high, both finite; got ${JSON.stringify(r)}.`);
  });
  input.periodic?.forEach((r, j) => {
    if (r !== undefined && r !== null && !(Number.isFinite(r.low) && Number.isFinite(r.high) && r.low < r.high)) problems.push(`periodic[${j}] must be { low, high } with low < high; got ${JSON.stringify(r)}.`);
  });
  if (input.bins !== undefined && !(Number.isInteger(input.bins) && input.bins >= 2 && input.bins <= 500)) problems.push(`bins must be an integer from 2 to 500; got ${JSON.stringify(input.bins)}. corner.py's default is 20.`);
  for (const field of ['smooth', 'smooth1d'] as const) {
    const v = input[field];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 50)) problems.push(`${field} must be a standard deviation in bins from 0 (none) to 50; got ${JSON.stringify(v)}.`);
  }
  if (input.levels !== undefined && !(Array.isArray(input.levels) && input.levels.length > 0 && input.levels.every((l, i) => typeof l === 'number' && l > 0 && l < 1 && (i === 0 || l > input.levels![i - 1])))) {
    problems.push(`levels must be increasing mass fractions in (0, 1), e.g. [0.393, 0.865] (the 1σ and 2σ regions of a 2-D Gaussian) or [0.68, 0.95]; got ${JSON.stringify(input.levels)}.`);
  }
  if (input.quantiles !== undefined && !(Array.isArray(input.quantiles) && input.quantiles.every((q) => typeof q === 'number' && q >= 0 && q <= 1))) problems.push(`quantiles must be probabilities in [0, 1], e.g. [0.16, 0.5, 0.84]; got ${JSON.stringify(input.quantiles)}.`);
  if (input.colors !== undefined && !(Array.isArray(input.colors) && input.colors.every(isColor))) problems.push(`colors must be CSS colours such as "#1f4e8c" or "crimson"; got ${JSON.stringify(input.colors)}.`);
  for (const [i, s] of (Array.isArray(input.series) ? input.series : []).entries()) if (s?.color !== undefined && !isColor(s.color)) problems.push(`series[${i}].color must be a CSS colour such as "#1f4e8c" or "crimson"; got ${JSON.stringify(s.color)}.`);
  if (input.truthColor !== undefined && !isColor(input.truthColor)) problems.push(`truthColor must be a CSS colour; got ${JSON.stringify(input.truthColor)}.`);
  if (problems.length > 0) {
    throw new TempestError('INVALID_ARGUMENT', `Cannot draw the corner plot: ${problems.join(' ')}`, {
      option: culprit ?? 'input',
      problems,
    });
  }
}

/** A CSS colour as SVG takes it: a name, #rgb / #rrggbb(aa), or rgb()/hsl() notation. */
function isColor(value: unknown): value is string {
  return typeof value === 'string' && /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(rgb|rgba|hsl|hsla)\([\d\s.,%/]+\))$/.test(value);
}

/** Short description of a value for error messages. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Float64Array).length}`;
  return value === null ? 'null' : typeof value;
}
