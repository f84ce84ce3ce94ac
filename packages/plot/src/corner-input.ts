import { TempestError } from '@tempest/core';

/** What {@link cornerPlotSvg} plots: weighted samples of named parameters. */
export interface CornerPlotInput {
  /**
   * One name per parameter (any text; escaped when written). TeX between `$…$`, as in corner.py
   * labels (`$\alpha$`, `$H_0$ [km/s/Mpc]`), is drawn with Greek letters and sub/superscripts.
   */
  names: readonly string[];
  /** One column of sample values per parameter, all of the same length. */
  columns: readonly Float64Array[];
  /** One non-negative weight per sample (need not sum to 1). */
  weights: Float64Array;
  /** Reference values drawn as lines; one per parameter, a non-finite entry draws none. */
  truths?: readonly number[];
  /** Figure title drawn above the grid; undefined or empty draws none (as for a paper figure). */
  title?: string;
}

/** Report the first few bad entries only: a message listing 20,000 NaNs helps nobody. */
const MAX_PROBLEMS = 12;

/**
 * Checks corner-plot input and throws one error listing every problem found: mismatched lengths,
 * non-finite sample values (naming the parameter and the first bad sample), negative or
 * non-finite weights, a zero weight sum, or truths of the wrong length.
 *
 * @param input - the plot input
 * @throws TempestError `INVALID_ARGUMENT` with `problems` (one sentence each) and, when one
 *   parameter is at fault, `option` set to its name
 */
export function validateCornerInput(input: CornerPlotInput): void {
  const problems: string[] = [];
  let culprit: string | undefined;
  const { names, columns, weights, truths } = input ?? ({} as CornerPlotInput);
  if (!Array.isArray(names) || !Array.isArray(columns) || !(weights instanceof Float64Array)) {
    throw new TempestError(
      'INVALID_ARGUMENT',
      'cornerPlotSvg needs { names: string[], columns: Float64Array[], weights: Float64Array }; got ' +
        `names ${describe(names)}, columns ${describe(columns)}, weights ${describe(weights)}. Pass the posterior's columns and weights.`,
      { option: 'input' },
    );
  }
  if (names.length === 0) problems.push('names is empty; a corner plot needs at least one parameter.');
  if (names.length !== columns.length) {
    problems.push(`names has ${names.length} entries but columns has ${columns.length}; give one name per column.`);
  }
  const n = weights.length;
  if (n === 0) problems.push('weights is empty; there are no samples to plot.');
  let sum = 0;
  for (let i = 0; i < n && problems.length < MAX_PROBLEMS; i++) {
    const w = weights[i];
    if (!Number.isFinite(w) || w < 0) problems.push(`weights[${i}] is ${w}; weights must be finite and non-negative.`);
    else sum += w;
  }
  if (n > 0 && !(sum > 0)) problems.push('the weights sum to 0; at least one sample needs a positive weight.');
  for (let j = 0; j < columns.length && problems.length < MAX_PROBLEMS; j++) {
    const name = typeof names[j] === 'string' ? names[j] : `x${j}`;
    const column = columns[j];
    if (!(column instanceof Float64Array)) {
      problems.push(`column ${j} ("${name}") is ${describe(column)}, not a Float64Array.`);
      culprit ??= name;
      continue;
    }
    if (column.length !== n) {
      problems.push(`column ${j} ("${name}") has ${column.length} values but there are ${n} weights; every column needs one value per weight.`);
      culprit ??= name;
      continue;
    }
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(column[i])) {
        problems.push(`parameter "${name}" (column ${j}) has the non-finite value ${column[i]} at sample ${i}; drop or fix such samples before plotting.`);
        culprit ??= name;
        break;
      }
    }
  }
  if (truths !== undefined && (!Array.isArray(truths) || truths.length !== columns.length)) {
    problems.push(`truths must have one entry per parameter (${columns.length}); got ${describe(truths)}. Use NaN for parameters without a reference value.`);
  }
  if (problems.length > 0) {
    throw new TempestError('INVALID_ARGUMENT', `Cannot draw the corner plot: ${problems.join(' ')}`, {
      option: culprit ?? 'input',
      problems,
    });
  }
}

/** Short description of a value for error messages. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Float64Array).length}`;
  return value === null ? 'null' : typeof value;
}
