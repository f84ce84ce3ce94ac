import { decodeTasks, encodeResults, payloadTransfer } from './chunk-codec.js';
import { cachedTaskFunction, loadTaskFunction } from './load-task-function.js';
import type { TaskFunction } from './pool.js';
import type { RunMessage, WorkerConfig, WorkerReply } from './protocol.js';
import { runChunk, toRemoteError, type ChunkOutcome, type KeepAlive } from './run-chunk.js';
import type { TaskClock } from './task-clock.js';
import { unsendableResult } from './unsendable-result.js';

/** Options of {@link WorkerLoop}. */
export interface WorkerLoopOptions {
  /** What this worker accepts, as it was started (never as a message says). */
  readonly config: WorkerConfig;
  /**
   * Sends a reply to the master; throws when the reply cannot be sent (a result that cannot be
   * cloned or encoded).
   */
  readonly send: (reply: WorkerReply, transfer: ArrayBuffer[]) => void;
  /**
   * Throws for a single value that cannot be sent, to find the task whose result made `send`
   * throw. Default: `structuredClone` (message ports and `advanced` IPC); byte transports pass the
   * encoder they frame with.
   */
  readonly trySend?: (value: unknown) => unknown;
  /** The port or channel that keeps the worker alive, unref'd while a chunk waits for promises (see `runChunk`). */
  readonly keepAlive?: KeepAlive;
  /** Where each task is recorded as it runs, for a per-task timeout timed outside this thread. */
  readonly clock?: TaskClock;
}

/** What a {@link WorkerLoop} did with a chunk. */
export interface ChunkReport {
  /** Tasks that ran (0 when the function was missing or could not load). */
  readonly tasks: number;
  /** Milliseconds spent on them. */
  readonly busyMs: number;
}

/**
 * The worker side of every pool (threads, processes, MPI ranks): for each chunk the master sends,
 * finds the function (loading it the first time it comes; one cache per worker, see
 * `loadTaskFunction`), runs the tasks with {@link runChunk}, and replies with the results or the
 * lowest failing task. A transport only carries the messages.
 *
 * @example
 * ```ts
 * const loop = new WorkerLoop({ config, send: (reply, transfer) => port.postMessage(reply, transfer) });
 * port.on('message', (message: RunMessage) => void loop.run(message));
 * ```
 */
export class WorkerLoop {
  constructor(private readonly options: WorkerLoopOptions) {}

  /**
   * Serves one chunk: replies `started` once a function that came with it is loaded, then `done`
   * or `failed`; or `missing` when the chunk came without a function this worker holds. Never
   * throws.
   * @param message - the master's run message
   * @returns when the reply has been sent: how many tasks ran and how long they took (a transport
   *   may pace its waiting on it)
   */
  async run(message: RunMessage): Promise<ChunkReport> {
    const { config, send, clock, keepAlive } = this.options;
    const { chunk, first } = message;
    let reply: WorkerReply;
    let outcome: ChunkOutcome | undefined;
    let started = performance.now();
    let busyMs = 0;
    let count = 0;
    try {
      const fn: Promise<TaskFunction> | undefined = message.wire !== undefined ? loadTaskFunction(message.wire, config) : cachedTaskFunction(message.fnId, config);
      if (fn === undefined) {
        send({ type: 'missing', chunk }, []);
        return { tasks: 0, busyMs: 0 };
      }
      const f = await fn;
      if (message.wire !== undefined) {
        // The master's timeout for the tasks starts now, not when the import started.
        send({ type: 'started', chunk }, []);
        started = performance.now();
      }
      const tasks = decodeTasks(message.tasks);
      count = tasks.length;
      const durations = message.timeTasks === true ? new Float64Array(count) : undefined;
      outcome = await runChunk(f, tasks, first, { chunk, ...(clock === undefined ? {} : { clock }), ...(keepAlive === undefined ? {} : { keepAlive }), ...(durations === undefined ? {} : { durations }) });
      busyMs = performance.now() - started;
      reply = outcome.ok
        ? { type: 'done', chunk, results: encodeResults(outcome.results), busyMs, ...(durations === undefined ? {} : { taskMs: durations }) }
        : { type: 'failed', chunk, index: outcome.index, error: outcome.error, busyMs };
    } catch (error) {
      busyMs = performance.now() - started;
      reply = { type: 'failed', chunk, index: first, error: toRemoteError(error), busyMs };
    }
    try {
      send(reply, reply.type === 'done' ? payloadTransfer(reply.results) : []);
    } catch (error) {
      // A result that cannot be sent (a function, a generator object, a symbol, …): name its task.
      const failure = unsendableResult(outcome?.ok === true ? outcome.results : [], first, error, this.options.trySend);
      send({ type: 'failed', chunk, index: failure.index, error: failure.error, busyMs }, []);
    }
    return { tasks: count, busyMs };
  }
}
