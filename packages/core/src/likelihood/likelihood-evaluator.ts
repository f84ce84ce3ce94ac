import { PROMISE_NEVER_SETTLED, RESULT_NOT_CLONEABLE, settleOrDrain, splitChunks, type MapOptions, type Pool, type ShippedFunction } from '@tempest/pool';
import { resolveFunction, serializeValue, type FunctionReference } from '@tempest/serialize';
import { TempestError, type TempestErrorCode } from '../tempest-error.js';
import { COST_PREDICTION_SHARE, CostModel } from './cost-model.js';
import type { LogLikelihood, PriorTransform, VectorizedLogLikelihood, VectorizedResult } from './model-functions.js';
import { ParameterMatrix } from './parameter-matrix.js';

/** Where the likelihood runs when the sampler has a pool: the master keeps the prior transform. */
export interface RemoteLikelihood {
  /** The pool (an owned pool is created on first use). */
  pool(): Pool;
  /** The likelihood prepared for the pool's workers (see `shipLikelihood`). */
  readonly shipped: ShippedFunction;
}

/** Log-likelihoods (and blobs) of a batch of parameter vectors. */
export interface Evaluation {
  logl: Float64Array;
  blobs: unknown[] | undefined;
}

const describe = (v: unknown): string => {
  if (typeof v === 'number') return String(v);
  if (v === null) return 'null';
  // A function body without `return` (or an arrow function with braces) gives undefined.
  if (v === undefined) return 'undefined (did the function forget `return`? An arrow function with a body in braces, `(x) => { … }`, needs one)';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (isGenerator(v)) return 'a generator object (is logLikelihood a generator function, `function*`? It must return its value, not yield it)';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
};
const isGenerator = (v: unknown): boolean => {
  const tag = typeof v === 'object' && v !== null ? Object.prototype.toString.call(v) : '';
  return tag === '[object Generator]' || tag === '[object AsyncGenerator]';
};
const isThenable = (v: unknown): v is PromiseLike<unknown> => v !== null && typeof (v as PromiseLike<unknown>)?.then === 'function';
/** What a likelihood promise that can never settle is told to do. */
const NEVER_SETTLED_FIX = 'the event loop ran out of work while waiting for it, so nothing could resolve or reject it any more. Make every promise logLikelihood returns resolve or reject (a Promise whose resolve is never called, or an await on an event that never comes, does this).';
/** What a likelihood whose output cannot be copied is told to do. */
const UNCLONEABLE_FIX = 'Return a number, or [logL, blob] with a blob of plain data (numbers, strings, arrays, plain objects, typed arrays): blobs are saved in state files and sent back from pool workers.';
/**
 * A serial batch of a synchronous likelihood gives the event loop a turn at least this often, so
 * that signal handlers (Ctrl-C saving a state file), timers and progress output run during a long
 * iteration rather than after it. Checking the clock costs tens of nanoseconds a call.
 */
const YIELD_EVERY_MS = 50;
// setImmediate where there is one (Node); a browser's closest is a zero-delay timer.
const eventLoopTurn = () => new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

const formatVector = (x: ArrayLike<number>): string => `[${Array.from(x, (v) => (Number.isFinite(v) ? Number(v.toPrecision(8)) : v)).join(', ')}]`;

/**
 * Runs the user's prior transform and likelihood on batches, checks every result and turns
 * each kind of bad output into a {@link TempestError} that names the parameters concerned.
 * `-Infinity` is a legal log-likelihood (zero likelihood); NaN, `+Infinity`, non-numbers
 * and exceptions are errors. With a pool, the likelihood runs in the pool's workers (per-vector
 * likelihoods one task per vector, vectorized ones one batch per worker) and its results are
 * checked here, so errors read the same either way. On a pool of several workers, with one task
 * per vector, the evaluator also learns how long the likelihood takes where (a {@link CostModel} of the measured times, by
 * unit-cube position) and, when the times vary and the model predicts them, passes its
 * predictions to the pool as cost hints so that the dearest calls start first; the results are
 * the same either way.
 */
export class LikelihoodEvaluator {
  /** Total number of likelihood evaluations so far. */
  calls = 0;
  /** Milliseconds spent inside the prior transform and likelihood so far. */
  elapsed = 0;
  private resolved: Promise<LogLikelihood | VectorizedLogLikelihood> | undefined;
  /** The likelihood's cost by position, learnt from a pool's measured times (made on first use). */
  private costModel: CostModel | undefined;
  /** Wall time of the last map on the pool, in milliseconds. */
  private lastMapMs = 0;

  /**
   * @param priorTransform - unit cube → parameters
   * @param logLikelihood - per-vector or vectorized log-likelihood
   * @param nDim - number of parameters
   * @param vectorize - whether `logLikelihood` takes a whole batch
   * @param args - extra arguments passed after the parameters
   * @param remote - the pool and shipped likelihood, when the likelihood runs in a pool
   */
  constructor(
    private readonly priorTransform: PriorTransform,
    private readonly logLikelihood: LogLikelihood | VectorizedLogLikelihood | FunctionReference,
    private readonly nDim: number,
    private readonly vectorize: boolean,
    private readonly args: readonly unknown[],
    private readonly remote?: RemoteLikelihood,
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
   * @param u - the rows' unit-cube coordinates (those `x` was transformed from), when known: with
   *   a pool of several workers and one task per row, the likelihood's cost is learnt and predicted by them
   * @returns the blobs, when the likelihood returns any
   * @throws {TempestError} `LIKELIHOOD_THREW` or `INVALID_LIKELIHOOD`, naming the parameters
   */
  async evaluate(out: Float64Array, x: Float64Array, m: number, iteration: number, u?: Float64Array): Promise<unknown[] | undefined> {
    if (m === 0) return undefined;
    this.calls += m;
    const start = performance.now();
    try {
      if (this.remote !== undefined) {
        return await (this.vectorize ? this.evaluateBatchRemote(out, x, m, iteration, this.remote) : this.evaluateEachRemote(out, x, m, iteration, this.remote, u));
      }
      const fn = typeof this.logLikelihood === 'function' ? this.logLikelihood : await this.resolveReference(this.logLikelihood);
      return await (this.vectorize ? this.evaluateBatch(out, x, m, iteration, fn as VectorizedLogLikelihood) : this.evaluateEach(out, x, m, iteration, fn as LogLikelihood));
    } finally {
      this.elapsed += performance.now() - start;
    }
  }

  /**
   * Imports a likelihood given by reference, once (a failed import is retried next time). The
   * caller named the module in this process, so it is allowed as named (a code-running built-in is
   * still refused); `allowModules` is for what pool workers receive.
   */
  private resolveReference(reference: FunctionReference): Promise<LogLikelihood | VectorizedLogLikelihood> {
    if (this.resolved === undefined) {
      this.resolved = resolveFunction<LogLikelihood>(reference, { allowModules: [reference.module] });
      this.resolved.catch(() => (this.resolved = undefined));
    }
    return this.resolved;
  }

  private async evaluateEach(out: Float64Array, x: Float64Array, m: number, iteration: number, fn: LogLikelihood): Promise<unknown[] | undefined> {
    const d = this.nDim;
    const results = new Array<unknown>(m);
    let pending = false;
    let turn = performance.now();
    for (let i = 0; i < m; i++) {
      if (performance.now() - turn > YIELD_EVERY_MS) {
        await eventLoopTurn();
        turn = performance.now();
      }
      const xi = x.slice(i * d, (i + 1) * d);
      try {
        const r = fn(xi, ...this.args);
        if (isThenable(r)) {
          pending = true;
          results[i] = Promise.resolve(r).catch((cause: unknown) => this.threw(cause, x, i, iteration));
        } else results[i] = r;
      } catch (cause) {
        this.threw(cause, x, i, iteration);
      }
    }
    const values = pending ? await this.settleEach(results, x, iteration) : results;
    return this.absorbEach(out, values, x, m, iteration);
  }

  /**
   * Awaits a serial batch's promises; one still pending when the event loop has run out of work
   * can never settle (Node would end the process with exit code 13): it is reported instead.
   */
  private async settleEach(results: unknown[], x: Float64Array, iteration: number): Promise<unknown[]> {
    const settled = new Uint8Array(results.length);
    const watched = results.map((r, i) => Promise.resolve(r).then((value) => {
      settled[i] = 1;
      return value;
    }));
    const outcome = await settleOrDrain(Promise.all(watched));
    if (!outcome.drained) return outcome.value;
    return this.neverSettled(x, Math.max(0, settled.indexOf(0)), iteration);
  }

  /** One task per vector; the workers' results are checked here, as in the serial path. */
  private async evaluateEachRemote(out: Float64Array, x: Float64Array, m: number, iteration: number, remote: RemoteLikelihood, u: Float64Array | undefined): Promise<unknown[] | undefined> {
    const d = this.nDim;
    const tasks = new Array<Float64Array>(m);
    for (let i = 0; i < m; i++) tasks[i] = x.slice(i * d, (i + 1) * d);
    const pool = remote.pool();
    const costs = this.costAdvice(pool, u, m);
    let values: unknown[];
    try {
      const t0 = performance.now();
      values = await pool.map(remote.shipped, tasks, costs?.options);
      this.lastMapMs = performance.now() - t0;
      if (costs !== undefined) costs.model.record(u!, m, costs.options.durations!, costs.predicted);
    } catch (error) {
      const i = failedTask(error, m);
      if (i === undefined) throw error;
      throwIfNotLoaded(error);
      const cause = (error as Error).cause as (Error & { code?: string }) | undefined;
      // What a serial run reports as bad output, the pool reports as a task failure: same code here.
      if (cause?.code === PROMISE_NEVER_SETTLED) return this.neverSettled(x, i, iteration);
      if (cause?.code === RESULT_NOT_CLONEABLE) return this.uncloneable(notSentReason(cause.message), undefined, x, i, iteration);
      return this.threw(cause, x, i, iteration);
    }
    return this.absorbEach(out, values, x, m, iteration);
  }

  private absorbEach(out: Float64Array, values: unknown[], x: Float64Array, m: number, iteration: number): unknown[] | undefined {
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
    if (blobs !== undefined) this.checkBlobs(blobs, x, 0, iteration);
    return blobs;
  }

  private async evaluateBatch(out: Float64Array, x: Float64Array, m: number, iteration: number, fn: VectorizedLogLikelihood): Promise<unknown[] | undefined> {
    const d = this.nDim;
    let returned: VectorizedResult | Promise<VectorizedResult>;
    try {
      returned = fn(new ParameterMatrix(x.slice(0, m * d), m, d), ...this.args);
    } catch (cause) {
      return this.batchThrew(cause, x, 0, m, iteration);
    }
    let result: VectorizedResult;
    if (isThenable(returned)) {
      let outcome: Awaited<ReturnType<typeof settleOrDrain<VectorizedResult>>>;
      try {
        outcome = await settleOrDrain(returned);
      } catch (cause) {
        return this.batchThrew(cause, x, 0, m, iteration);
      }
      if (outcome.drained) return this.neverSettled(x, 0, iteration, m);
      result = outcome.value;
    } else result = returned;
    return this.absorbBatch(out, result, x, 0, m, iteration);
  }

  /**
   * With a pool of several workers and the rows' unit-cube coordinates: the map options that
   * measure each task's time (for the cost model) and, when the model advises, hint at each row's
   * cost (its prediction).
   */
  private costAdvice(pool: Pool, u: Float64Array | undefined, m: number): { model: CostModel; options: MapOptions; predicted: Float64Array | undefined } | undefined {
    if (u === undefined || !(pool.size > 1)) return undefined;
    const model = (this.costModel ??= new CostModel(this.nDim));
    // The search may take 1% of what the last map took (its rows' summed times over the workers).
    const budget = this.lastMapMs * COST_PREDICTION_SHARE;
    const predicted = model.wantsPredictions ? model.predict(new Float64Array(m), u, m, budget) : undefined;
    // A pool that does not measure leaves NaN, which the model skips.
    const durations = new Float64Array(m).fill(NaN);
    const options: MapOptions = predicted !== undefined && model.advises ? { costHints: predicted, durations } : { durations };
    return { model, options, predicted };
  }

  /**
   * One batch per worker: the pool's size in contiguous chunks of rows. All batches start at once,
   * so there is no order for cost hints to improve, and no cost model is kept for them.
   */
  private async evaluateBatchRemote(out: Float64Array, x: Float64Array, m: number, iteration: number, remote: RemoteLikelihood): Promise<unknown[] | undefined> {
    const d = this.nDim;
    const pool = remote.pool();
    const chunks = splitChunks(m, pool.size);
    let results: unknown[];
    try {
      results = await pool.map(remote.shipped, chunks.map(([s, e]) => x.slice(s * d, e * d)));
    } catch (error) {
      const c = failedTask(error, chunks.length);
      if (c === undefined) throw error;
      throwIfNotLoaded(error);
      const [s, e] = chunks[c];
      const cause = (error as Error).cause as (Error & { code?: string }) | undefined;
      if (cause?.code === PROMISE_NEVER_SETTLED) return this.neverSettled(x, s, iteration, e - s);
      if (cause?.code === RESULT_NOT_CLONEABLE) return this.uncloneable(notSentReason(cause.message), undefined, x, s, iteration, e - s);
      return this.batchThrew(cause, x, s, e, iteration);
    }
    let blobs: unknown[] | undefined;
    for (let c = 0; c < chunks.length; c++) {
      const [s, e] = chunks[c];
      const part = this.absorbBatch(out, results[c] as VectorizedResult, x, s, e, iteration);
      if (part !== undefined) {
        blobs ??= new Array<unknown>(m).fill(undefined);
        for (let i = s; i < e; i++) blobs[i] = part[i - s];
      }
    }
    return blobs;
  }

  private batchThrew(cause: unknown, x: Float64Array, s: number, e: number, iteration: number): never {
    const d = this.nDim;
    const first = x.subarray(s * d, (s + 1) * d);
    throw new TempestError('LIKELIHOOD_THREW', `The vectorized logLikelihood threw on a batch of ${e - s} vectors (iteration ${iteration}), first row ${formatVector(first)}: ${(cause as Error)?.message ?? cause}`, { cause, iteration, parameters: Array.from(first) });
  }

  /** Checks a vectorized result for rows [s, e) and writes their log-likelihoods into `out`. */
  private absorbBatch(out: Float64Array, result: VectorizedResult, x: Float64Array, s: number, e: number, iteration: number): unknown[] | undefined {
    const d = this.nDim;
    const m = e - s;
    let logl: ArrayLike<number>;
    let blobs: unknown[] | undefined;
    if (result !== null && typeof result === 'object' && 'logl' in result && !ArrayBuffer.isView(result)) {
      logl = result.logl;
      if (result.blobs !== undefined) blobs = Array.from(result.blobs);
    } else logl = result as ArrayLike<number>;
    if (logl === null || typeof logl !== 'object' || logl.length !== m) {
      throw new TempestError('INVALID_LIKELIHOOD', `The vectorized logLikelihood must return ${m} values for a batch of ${m} vectors; got ${describe(logl)} (iteration ${iteration}). Return one log-likelihood per row.`, { iteration, value: logl, parameters: Array.from(x.subarray(s * d, (s + 1) * d)) });
    }
    if (blobs !== undefined && blobs.length !== m) {
      throw new TempestError('INVALID_LIKELIHOOD', `The vectorized logLikelihood returned ${blobs.length} blobs for ${m} vectors (iteration ${iteration}); return one blob per row.`, { iteration, value: blobs.length });
    }
    for (let i = 0; i < m; i++) out[s + i] = this.check(logl[i], x, s + i, iteration);
    if (blobs !== undefined) this.checkBlobs(blobs, x, s, iteration);
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

  /**
   * Blobs are saved in state files (and cross to pool workers) by structured clone: one that
   * cannot be cloned is refused here, at the evaluation that returned it, rather than by the first
   * checkpoint. Each blob is tried alone only after the whole batch failed.
   */
  private checkBlobs(blobs: readonly unknown[], x: Float64Array, s: number, iteration: number): void {
    try {
      serializeValue(blobs);
      return;
    } catch {
      // find the blob
    }
    for (let i = 0; i < blobs.length; i++) {
      try {
        serializeValue(blobs[i]);
      } catch (cause) {
        this.uncloneable(`its blob cannot be copied (${(cause as Error)?.message ?? String(cause)})`, blobs[i], x, s + i, iteration);
      }
    }
  }

  /** A result (or blob) that cannot be cloned: the same error serially and from a pool's workers. */
  private uncloneable(what: string, value: unknown, x: Float64Array, i: number, iteration: number, batch?: number): never {
    const p = x.subarray(i * this.nDim, (i + 1) * this.nDim);
    const subject = batch === undefined ? 'logLikelihood' : `The vectorized logLikelihood (a batch of ${batch} vectors, first row)`;
    throw new TempestError('INVALID_LIKELIHOOD', `${subject} returned a value that cannot be copied at x = ${formatVector(p)} (iteration ${iteration}): ${what}. ${UNCLONEABLE_FIX}`, { iteration, value, index: i, parameters: Array.from(p) });
  }

  /** A promise still pending when the event loop ran out of work: the same error serially and from a pool's workers. */
  private neverSettled(x: Float64Array, i: number, iteration: number, batch?: number): never {
    const p = x.subarray(i * this.nDim, (i + 1) * this.nDim);
    const subject = batch === undefined ? 'logLikelihood' : `The vectorized logLikelihood (a batch of ${batch} vectors, first row)`;
    throw new TempestError('INVALID_LIKELIHOOD', `${subject} returned a promise that never settled at x = ${formatVector(p)} (iteration ${iteration}): ${NEVER_SETTLED_FIX}`, { iteration, value: undefined, index: i, parameters: Array.from(p) });
  }

  private threw(cause: unknown, x: Float64Array, i: number, iteration: number): never {
    const p = x.subarray(i * this.nDim, (i + 1) * this.nDim);
    throw new TempestError('LIKELIHOOD_THREW', `logLikelihood threw at x = ${formatVector(p)} (iteration ${iteration}): ${(cause as Error)?.message ?? cause}`, { cause, iteration, index: i, parameters: Array.from(p) });
  }
}

/**
 * Why a pool's worker could not send a result back, for the likelihood's error: the pool's advice
 * to its own users is replaced by the sampler's, and a generator object gets the generator hint.
 */
function notSentReason(message: string): string {
  const reason = message.replace(/; return numbers, arrays, plain objects or typed arrays$/, '');
  return /(#<|\[object )(Async)?Generator\b/.test(reason) ? `${reason}; it is a generator object: is logLikelihood a generator function (\`function*\`)? It must return its value, not yield it` : reason;
}

/** Codes of a worker failing to load the likelihood: it never ran, so it did not "throw at x". */
const LOAD_FAILURES = new Set(['REFERENCE_FAILED', 'REFERENCE_NOT_ALLOWED', 'DECODE_FAILED', 'CODE_NOT_ALLOWED', 'UNSHIPPABLE_FUNCTION']);

/** Rethrows a task failure that was the workers failing to load the likelihood, under its own code. */
function throwIfNotLoaded(error: unknown): void {
  const cause = (error as Error).cause as (Error & { code?: string }) | undefined;
  if (cause === undefined || !LOAD_FAILURES.has(cause.code ?? '')) return;
  throw new TempestError(cause.code as TempestErrorCode, `The pool's workers could not load logLikelihood, so it never ran: ${cause.message}`, { cause: error });
}

/** The index of the task whose failure rejected a pool's `map`, when that is what happened. */
function failedTask(error: unknown, tasks: number): number | undefined {
  if (!TempestError.is(error, 'TASK_FAILED')) return undefined;
  const i = error.index;
  return typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < tasks ? i : undefined;
}
