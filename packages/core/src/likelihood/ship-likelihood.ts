import { shipFunction, type ShippedFunction, type TaskFunction } from '@tempest/pool';
import { isFunctionReference, type FunctionReference } from '@tempest/serialize';
import { TempestError } from '../tempest-error.js';
import type { LogLikelihood, VectorizedLogLikelihood } from './model-functions.js';

/** What {@link shipLikelihood} needs from the sampler options. */
export interface LikelihoodShipping {
  logLikelihood: LogLikelihood | VectorizedLogLikelihood | FunctionReference;
  logLikelihoodArgs: readonly unknown[];
  logLikelihoodCaptures: Readonly<Record<string, unknown>> | undefined;
  vectorize: boolean;
  nDim: number;
}

/**
 * Prepares the likelihood for a pool's workers, at Sampler construction, so that a likelihood
 * that cannot be shipped fails before any work starts: by value with `logLikelihoodCaptures` (the
 * dill analogue), or by reference (the pickle analogue); `logLikelihoodArgs` travel with it. A
 * vectorized likelihood gets an adapter that hands it each chunk as a `ParameterMatrix`-shaped batch.
 *
 * @param o - the likelihood, its arguments and captures, `vectorize` and `nDim`
 * @returns the shipped likelihood
 * @throws {TempestError} INVALID_CONFIGURATION naming what to change: free variables to add to
 *   `logLikelihoodCaptures`, constructs that cannot be shipped, arguments that cannot be cloned
 */
export function shipLikelihood(o: LikelihoodShipping): ShippedFunction {
  const args = o.vectorize ? [o.nDim, ...o.logLikelihoodArgs] : [...o.logLikelihoodArgs];
  try {
    return shipFunction(o.logLikelihood as LogLikelihood | FunctionReference, {
      ...(o.logLikelihoodCaptures === undefined || isFunctionReference(o.logLikelihood) ? {} : { captures: o.logLikelihoodCaptures }),
      args,
      ...(o.vectorize ? { adapter: batchAdapter } : {}),
    });
  } catch (cause) {
    const refusals = TempestError.is(cause, 'UNSHIPPABLE_FUNCTION') ? (cause.refusals ?? []) : [];
    // Free variables are fixed with logLikelihoodCaptures here, not serialize's lower-level options.
    const free = [...new Set(refusals.filter((r) => r.capturable !== undefined && r.name !== undefined).map((r) => r.name as string))];
    const reasons = refusals.length > 0
      ? refusals.map((r) => r.capturable ?? r.message)
      : TempestError.is(cause) ? (cause.problems ?? [cause.message]) : [String((cause as Error)?.message ?? cause)];
    const badArgs = TempestError.is(cause, 'UNSUPPORTED_VALUE');
    const what = badArgs ? 'logLikelihoodArgs cannot be sent to the pool\'s workers' : 'logLikelihood cannot be shipped to the pool\'s workers';
    const capture = free.length > 0 ? `Add logLikelihoodCaptures: { ${free.join(', ')} } to the Sampler options` : 'Give the values it uses by name as logLikelihoodCaptures: { name: value }';
    const fix = badArgs
      ? 'Pass plain data (numbers, arrays, typed arrays, plain objects) as logLikelihoodArgs.'
      : `${capture} (captured helper functions ship too), or pass a functionReference(import.meta.url, './model.js', 'exportName') to an exported likelihood, or leave pool unset.`;
    const problems = [...reasons];
    throw new TempestError('INVALID_CONFIGURATION', `Invalid Sampler configuration: ${what}; nothing was run:\n${problems.map((p) => `  - ${p}`).join('\n')}\n${fix}`, {
      option: badArgs ? 'logLikelihoodArgs' : 'logLikelihood',
      problems: [...problems, fix],
      cause,
    });
  }
}

/**
 * The calling convention of a vectorized likelihood in a worker: each task is a chunk of rows
 * (flat, row-major) and the likelihood receives it as a batch with ParameterMatrix's fields and
 * methods (`data`, `n`, `d`, `row`, `rows`, `column`, `columns`, `get`, `toArrays`). Shipped by
 * value, so it is self-contained; `parameter-matrix.test.ts` keeps it in step with the class.
 * @param fn - the user's vectorized likelihood
 * @param args - `[nDim, ...logLikelihoodArgs]`
 * @returns the task function of one chunk
 */
export const batchAdapter = (fn: (...a: any[]) => any, args: readonly unknown[]): TaskFunction<Float64Array> => {
  const d = args[0] as number;
  const rest = args.slice(1);
  const batch = (data: Float64Array, n: number) => {
    const row = (i: number) => data.subarray(i * d, (i + 1) * d);
    const column = (j: number) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = data[i * d + j];
      return out;
    };
    const rows = () => {
      const out = new Array<Float64Array>(n);
      for (let i = 0; i < n; i++) out[i] = row(i);
      return out;
    };
    const columns = () => {
      const out = new Array<Float64Array>(d);
      for (let j = 0; j < d; j++) out[j] = column(j);
      return out;
    };
    return { data, n, d, row, rows, column, columns, get: (i: number, j: number) => data[i * d + j], toArrays: () => rows().map((r) => Array.from(r)) };
  };
  return (chunk: Float64Array) => fn(batch(chunk, chunk.length / d), ...rest);
};
