/**
 * `n` parameter vectors of `d` values each, stored row-major in one `Float64Array`: the batch
 * a vectorized likelihood receives and the posterior samples the sampler returns. Read it
 * per sample (`row`, `rows`) or per parameter (`column`, `columns`).
 *
 * @example
 * ```ts
 * const logLikelihood = (batch: ParameterMatrix) => batch.rows().map((x) => -0.5 * x[0] ** 2);
 * const { samples } = sampler.posterior();
 * const firstParameter = samples.column(0);
 * ```
 */
export class ParameterMatrix {
  /**
   * @param data - row-major values, at least `n * d` long
   * @param n - number of rows (parameter vectors)
   * @param d - number of columns (parameters)
   */
  constructor(
    readonly data: Float64Array,
    readonly n: number,
    readonly d: number,
  ) {}

  /**
   * A view of row `i` (no copy).
   * @param i - row index in [0, n)
   * @returns the `d` values of that row
   */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.d, (i + 1) * this.d);
  }

  /**
   * Views of every row.
   * @returns `n` subarray views
   */
  rows(): Float64Array[] {
    const out = new Array<Float64Array>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.row(i);
    return out;
  }

  /**
   * The values of parameter `j` across all rows (a copy).
   * @param j - column index in [0, d)
   * @returns `n` values
   */
  column(j: number): Float64Array {
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.data[i * this.d + j];
    return out;
  }

  /**
   * Every column (copies).
   * @returns `d` arrays of `n` values
   */
  columns(): Float64Array[] {
    const out = new Array<Float64Array>(this.d);
    for (let j = 0; j < this.d; j++) out[j] = this.column(j);
    return out;
  }

  /**
   * One value.
   * @param i - row index
   * @param j - column index
   * @returns `data[i * d + j]`
   */
  get(i: number, j: number): number {
    return this.data[i * this.d + j];
  }

  /**
   * Plain nested arrays, for JSON or plotting libraries.
   * @returns `n` arrays of `d` numbers
   */
  toArrays(): number[][] {
    return this.rows().map((r) => Array.from(r));
  }
}

/** The batch a vectorized likelihood receives (same type as posterior samples). */
export { ParameterMatrix as ParameterBatch };
