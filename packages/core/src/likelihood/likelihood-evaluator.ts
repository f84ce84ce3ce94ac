import { TempestError } from '../tempest-error.js';
import type { LogLikelihood, PriorTransform, VectorizedLogLikelihood, VectorizedResult } from '../sampler/sampler-options.js';
import { ParameterMatrix } from './parameter-matrix.js';

/** Log-likelihoods (and blobs) of a batch of parameter vectors. */
export interface Evaluation {
  logl: Float64Array;
  blobs: unknown[] | undefined;
}

const describe = (v: unknown): string => {
  if (typeof v === 'number') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
};
const formatVector = (x: ArrayLike<number>): string => `[${Array.from(x, (v) => (Number.isFinite(v) ? Number(v.toPrecision(8)) : v)).join(', ')}]`;

/**
 * Runs the user's prior transform and likelihood on batches, checks every result and turns
 * each kind of bad output into a {@link TempestError} that names the parameters concerned.
 * `-Infinity` is a legal log-likelihood (zero likelihood); NaN, `+Infinity`, non-numbers
 * and exceptions are errors.
 */
export class LikelihoodEvaluator {
  /** Total number of likelihood evaluations so far. */
  calls = 0;
  /** Milliseconds spent inside the prior transform and likelihood so far. */
  elapsed = 0;

  /**
   * @param priorTransform - unit cube → parameters
   * @param logLikelihood - per-vector or vectorized log-likelihood
   * @param nDim - number of parameters
   * @param vectorize - whether `logLikelihood` takes a whole batch
   * @param args - extra arguments passed after the parameters
   */
  constructor(
    private readonly priorTransform: PriorTransform,
    private readonly logLikelihood: LogLikelihood | VectorizedLogLikelihood,
    private readonly nDim: number,
    private readonly vectorize: boolean,
    private readonly args: readonly unknown[],
  ) {}

  /**
   * Maps unit-cube rows to parameters, checking length and finiteness.
   * @param out - receives m x nDim parameters
   * @param u - m x nDim unit-cube points
   * @param m - number of rows
   * @param iteration - current iteration, for error messages
   * @throws {TempestError} `INVALID_PRIOR_TRANSFORM` for a wrong length, non-finite values or an exception
   */
  transform(out: Float64Array, u: Float64Array, m: number, iteration: number): void {
    const start = performance.now();
    try {
      this.transformRows(out, u, m, iteration);
    } finally {
      this.elapsed += performance.now() - start;
    }
  }

  private transformRows(out: Float64Array, u: Float64Array, m: number, iteration: number): void {
    const d = this.nDim;
    for (let i = 0; i < m; i++) {
      const ui = u.subarray(i * d, (i + 1) * d);
      let xi: ArrayLike<number>;
      try {
        xi = this.priorTransform(ui.slice());
      } catch (cause) {
        throw new TempestError('INVALID_PRIOR_TRANSFORM', `priorTransform threw at u = ${formatVector(ui)} (iteration ${iteration}): ${(cause as Error)?.message ?? cause}`, { cause, iteration, parameters: Array.from(ui) });
      }
      if (xi === null || typeof xi !== 'object' || typeof xi.length !== 'number' || xi.length !== d) {
        throw new TempestError('INVALID_PRIOR_TRANSFORM', `priorTransform must return ${d} numbers (nDim); got ${describe(xi)} at u = ${formatVector(ui)} (iteration ${iteration}). Return an array or Float64Array of length nDim.`, { iteration, value: xi, parameters: Array.from(ui) });
      }
      for (let j = 0; j < d; j++) {
        const v = xi[j];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new TempestError('INVALID_PRIOR_TRANSFORM', `priorTransform returned a non-finite value ${describe(v)} at index ${j} for u = ${formatVector(ui)} (iteration ${iteration}). A prior transform must map every point of the unit cube to finite parameters.`, { iteration, index: j, value: v, parameters: Array.from(ui) });
        }
        out[i * d + j] = v;
      }
    }
  }

  /**
   * Evaluates the log-likelihood of m parameter rows.
   * @param out - receives m log-likelihoods
   * @param x - m x nDim parameters
   * @param m - number of rows
   * @param iteration - current iteration, for error messages
   * @returns the blobs, when the likelihood returns any
   * @throws {TempestError} `LIKELIHOOD_THREW` or `INVALID_LIKELIHOOD`, naming the parameters
   */
  async evaluate(out: Float64Array, x: Float64Array, m: number, iteration: number): Promise<unknown[] | undefined> {
    if (m === 0) return undefined;
    this.calls += m;
    const start = performance.now();
    try {
      return await (this.vectorize ? this.evaluateBatch(out, x, m, iteration) : this.evaluateEach(out, x, m, iteration));
    } finally {
      this.elapsed += performance.now() - start;
    }
  }

  private async evaluateEach(out: Float64Array, x: Float64Array, m: number, iteration: number): Promise<unknown[] | undefined> {
    const d = this.nDim;
    const fn = this.logLikelihood as LogLikelihood;
    const results = new Array<unknown>(m);
    let pending = false;
    for (let i = 0; i < m; i++) {
      const xi = x.slice(i * d, (i + 1) * d);
      try {
        const r = fn(xi, ...this.args);
        if (r !== null && typeof (r as Promise<unknown>)?.then === 'function') {
          pending = true;
          results[i] = (r as Promise<unknown>).catch((cause: unknown) => this.threw(cause, x, i, iteration));
        } else results[i] = r;
      } catch (cause) {
        this.threw(cause, x, i, iteration);
      }
    }
    const values = pending ? await Promise.all(results) : results;
    let blobs: unknown[] | undefined;
    for (let i = 0; i < m; i++) {
      let v = values[i];
      if (Array.isArray(v)) {
        if (v.length !== 2) this.invalid(`logLikelihood returned an array of length ${v.length}; return a number, or [logL, blob]`, v, x, i, iteration);
        blobs ??= new Array<unknown>(m).fill(undefined);
        blobs[i] = v[1];
        v = v[0];
      }
      out[i] = this.check(v, x, i, iteration);
    }
    return blobs;
  }

  private async evaluateBatch(out: Float64Array, x: Float64Array, m: number, iteration: number): Promise<unknown[] | undefined> {
    const d = this.nDim;
    const fn = this.logLikelihood as VectorizedLogLikelihood;
    let result: VectorizedResult;
    try {
      result = await fn(new ParameterMatrix(x.slice(0, m * d), m, d), ...this.args);
    } catch (cause) {
      throw new TempestError('LIKELIHOOD_THREW', `The vectorized logLikelihood threw on a batch of ${m} vectors (iteration ${iteration}), first row ${formatVector(x.subarray(0, d))}: ${(cause as Error)?.message ?? cause}`, { cause, iteration, parameters: Array.from(x.subarray(0, d)) });
    }
    let logl: ArrayLike<number>;
    let blobs: unknown[] | undefined;
    if (result !== null && typeof result === 'object' && 'logl' in result && !ArrayBuffer.isView(result)) {
      logl = result.logl;
      if (result.blobs !== undefined) blobs = Array.from(result.blobs);
    } else logl = result as ArrayLike<number>;
    if (logl === null || typeof logl !== 'object' || logl.length !== m) {
      throw new TempestError('INVALID_LIKELIHOOD', `The vectorized logLikelihood must return ${m} values for a batch of ${m} vectors; got ${describe(logl)} (iteration ${iteration}). Return one log-likelihood per row.`, { iteration, value: logl, parameters: Array.from(x.subarray(0, d)) });
    }
    if (blobs !== undefined && blobs.length !== m) {
      throw new TempestError('INVALID_LIKELIHOOD', `The vectorized logLikelihood returned ${blobs.length} blobs for ${m} vectors (iteration ${iteration}); return one blob per row.`, { iteration, value: blobs.length });
    }
    for (let i = 0; i < m; i++) out[i] = this.check(logl[i], x, i, iteration);
    return blobs;
  }

  private check(v: unknown, x: Float64Array, i: number, iteration: number): number {
    if (typeof v !== 'number') return this.invalid(`logLikelihood must return a number (or [logL, blob]); got ${describe(v)}`, v, x, i, iteration);
    if (Number.isNaN(v)) return this.invalid('logLikelihood returned NaN', v, x, i, iteration, ' Return -Infinity where the likelihood is zero; NaN usually means an invalid operation in the model.');
    if (v === Infinity) return this.invalid('logLikelihood returned +Infinity', v, x, i, iteration, ' The likelihood must be finite; check for division by zero.');
    return v;
  }

  private invalid(what: string, value: unknown, x: Float64Array, i: number, iteration: number, hint = ''): never {
    const p = x.subarray(i * this.nDim, (i + 1) * this.nDim);
    throw new TempestError('INVALID_LIKELIHOOD', `${what} at x = ${formatVector(p)} (iteration ${iteration}).${hint}`, { iteration, value, index: i, parameters: Array.from(p) });
  }

  private threw(cause: unknown, x: Float64Array, i: number, iteration: number): never {
    const p = x.subarray(i * this.nDim, (i + 1) * this.nDim);
    throw new TempestError('LIKELIHOOD_THREW', `logLikelihood threw at x = ${formatVector(p)} (iteration ${iteration}): ${(cause as Error)?.message ?? cause}`, { cause, iteration, index: i, parameters: Array.from(p) });
  }
}
