import { toRemoteError, type RemoteError } from './run-chunk.js';

/** Code of the remote error of a task whose result could not be sent back to the master. */
export const RESULT_NOT_CLONEABLE = 'RESULT_NOT_CLONEABLE';

/** A task to report as failed: its index in the `map` and its error as plain data. */
export interface FailedTask {
  /** Index of the task in its `map`. */
  readonly index: number;
  /** What to report, as plain data that survives structured clone. */
  readonly error: RemoteError;
}

/**
 * The failure a worker reports when a chunk's results could not be sent back (a function, a
 * generator object, a symbol in a result): the first task whose own result cannot be sent, as a
 * remote error of code `RESULT_NOT_CLONEABLE`, so that the master can report that task (the
 * sampler reports it as the likelihood's bad output, as a serial run does). Each result is tried
 * alone only after the whole chunk failed, so a chunk that sends costs nothing more.
 * @param results - the chunk's results
 * @param first - index of the chunk's first task in its `map`
 * @param error - what sending the whole chunk threw
 * @param trySend - throws for a value that cannot be sent (default: `structuredClone`, what
 *   worker threads and `advanced` IPC serialization do)
 * @returns the task's index in the `map` and the error to report
 * @example
 * ```ts
 * try { send(results); } catch (error) { const failure = unsendableResult(results, first, error); }
 * ```
 */
export function unsendableResult(
  results: readonly unknown[],
  first: number,
  error: unknown,
  trySend: (value: unknown) => unknown = structuredClone,
): FailedTask {
  let index = 0;
  let cause = error;
  for (let i = 0; i < results.length; i++) {
    try {
      trySend(results[i]);
    } catch (e) {
      index = i;
      cause = e;
      break;
    }
  }
  const e = toRemoteError(cause);
  return {
    index: first + index,
    error: {
      ...e,
      code: RESULT_NOT_CLONEABLE,
      message: `its result could not be sent back to the master (${e.message}); return numbers, arrays, plain objects or typed arrays`,
    },
  };
}
