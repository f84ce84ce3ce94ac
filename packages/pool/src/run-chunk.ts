import type { TaskFunction } from './pool.js';
import { PROMISE_NEVER_SETTLED, settleOrDrain } from './settle-or-drain.js';
import type { TaskClock } from './task-clock.js';

/** An error thrown in a worker, as plain data. */
export interface RemoteError {
  /** The error's class name, e.g. `TypeError`. */
  readonly name: string;
  /** Its message. */
  readonly message: string;
  /** Its stack trace in the worker, when it had one. */
  readonly stack?: string;
  /** The `code` of the error, when it had one (e.g. a TempestError's). */
  readonly code?: string;
}

/** The outcome of one chunk: every result, or the first failing task (lowest index). */
export type ChunkOutcome<R = unknown> =
  | {
      /** Every task succeeded. */
      readonly ok: true;
      /** One result per task, in task order. */
      readonly results: R[];
    }
  | {
      /** A task failed. */
      readonly ok: false;
      /** Index of the first failing task. */
      readonly index: number;
      /** What it threw. */
      readonly error: RemoteError;
    };

/** What keeps a worker alive between chunks: its message port (threads) or IPC channel (processes). */
export interface KeepAlive {
  /** Keeps the worker's event loop alive again. */
  ref(): void;
  /** Lets the worker's event loop end when nothing else is pending. */
  unref(): void;
}

/** Options of {@link runChunk}. */
export interface RunChunkOptions {
  /**
   * What keeps this worker alive between chunks (its message port or IPC channel). It is unref'd
   * while the chunk waits for the promises its tasks returned, so that when nothing else is left
   * to do the thread's event loop drains and a promise that can never settle is reported (code
   * `PROMISE_NEVER_SETTLED`) instead of being waited for forever.
   */
  readonly keepAlive?: KeepAlive;
  /**
   * Where to record each task as it starts and ends, so that a task that never returns can be
   * timed from outside this thread (see {@link TaskClock}). While the chunk awaits the promises
   * its tasks returned, they are recorded as one interval of all the pending tasks.
   */
  readonly clock?: TaskClock;
  /** The chunk's id, recorded in `clock` with each task. Default 0. */
  readonly chunk?: number;
  /**
   * Receives each task's run time in milliseconds (index i for the chunk's task i): the time of
   * its call, or NaN for a task that returned a promise (promises are awaited together, so their
   * times cannot be told apart).
   */
  readonly durations?: Float64Array;
}

/**
 * Runs a chunk of tasks in the current thread, as a worker does. Calls are made in task order;
 * async results are awaited together (like `Promise.all`), so an async function's tasks overlap.
 * When tasks fail, the one with the lowest index is reported, so the outcome does not depend on
 * timing. A task whose promise is still pending when this thread's event loop has run out of work
 * (so that nothing can settle it any more) fails with a remote error of code
 * `PROMISE_NEVER_SETTLED`. Never rejects.
 *
 * @param fn - the task function
 * @param tasks - the chunk
 * @param first - index of the chunk's first task in the whole `map`, for error reports
 * @param options - `keepAlive`: the handle to unref while waiting for promises
 * @returns the results, or the failing task's index and its error as plain data
 * @example
 * ```ts
 * const outcome = await runChunk(await loadTaskFunction(wire), tasks, first);
 * if (!outcome.ok) throw taskFailedError(outcome.index, outcome.error);
 * ```
 */
export async function runChunk<T, R>(fn: TaskFunction<T, R>, tasks: readonly T[], first = 0, options: RunChunkOptions = {}): Promise<ChunkOutcome<R>> {
  const n = tasks.length;
  const values = new Array<unknown>(n);
  let pending = false;
  let syncFailure: { index: number; error: unknown } | undefined;
  const { clock, chunk = 0, durations } = options;
  let firstPending = -1;
  let promises = 0;
  for (let i = 0; i < n; i++) {
    try {
      clock?.begin(chunk, first + i);
      const t0 = durations === undefined ? 0 : performance.now();
      const r = fn(tasks[i]);
      if (durations !== undefined) durations[i] = performance.now() - t0;
      if (r !== null && typeof (r as Promise<R>)?.then === 'function') {
        pending = true;
        promises++;
        if (firstPending < 0) firstPending = i;
        if (durations !== undefined) durations[i] = NaN;
      }
      values[i] = r;
    } catch (error) {
      syncFailure = { index: i, error };
      values.length = i;
      break;
    } finally {
      clock?.end();
    }
  }
  if (pending) {
    clock?.begin(chunk, first + firstPending, promises);
    const failure = await awaitValues(values, options.keepAlive).finally(() => clock?.end());
    if (failure !== undefined) return { ok: false, index: first + failure.index, error: failure.error };
  }
  if (syncFailure !== undefined) return { ok: false, index: first + syncFailure.index, error: toRemoteError(syncFailure.error) };
  return { ok: true, results: values as R[] };
}

/**
 * Replaces each promise in `values` by its value; returns the lowest task that rejected or, if the
 * event loop drained first, that rejected or is still pending.
 */
async function awaitValues(values: unknown[], keepAlive: RunChunkOptions['keepAlive']): Promise<{ index: number; error: RemoteError } | undefined> {
  // 0 pending, 1 fulfilled, 2 rejected
  const status = new Uint8Array(values.length);
  const reasons = new Array<unknown>(values.length);
  const watched = values.map((v, i) => Promise.resolve(v).then(
    (value) => {
      status[i] = 1;
      values[i] = value;
    },
    (reason: unknown) => {
      status[i] = 2;
      reasons[i] = reason;
    },
  ));
  keepAlive?.unref();
  let drained: boolean;
  try {
    drained = (await settleOrDrain(Promise.all(watched))).drained;
  } finally {
    keepAlive?.ref();
  }
  for (let i = 0; i < values.length; i++) {
    if (status[i] === 2) return { index: i, error: toRemoteError(reasons[i]) };
    if (status[i] === 0 && drained) {
      return {
        index: i,
        error: {
          name: 'Error',
          code: PROMISE_NEVER_SETTLED,
          message: 'the promise it returned never settled: the event loop ran out of work while waiting for it, so nothing could resolve or reject it any more',
        },
      };
    }
  }
  return undefined;
}

/**
 * An error (or any thrown value) as plain data that survives structured clone.
 * @param error - what was thrown
 * @returns name, message, stack and code
 */
export function toRemoteError(error: unknown): RemoteError {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const e = error as Error & { code?: unknown };
    return {
      name: String(e.name ?? 'Error'),
      message: String(e.message),
      ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
    };
  }
  return { name: 'Error', message: `a non-Error value was thrown: ${safeString(error)}` };
}

/**
 * Rebuilds a remote error as an `Error` whose name, message, stack and code are the remote ones.
 * @param remote - from {@link toRemoteError}
 * @returns an Error for the `cause` of a pool error
 */
export function fromRemoteError(remote: RemoteError): Error {
  const error = new Error(remote.message);
  error.name = remote.name;
  if (remote.stack !== undefined) error.stack = remote.stack;
  if (remote.code !== undefined) (error as Error & { code?: string }).code = remote.code;
  return error;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}
