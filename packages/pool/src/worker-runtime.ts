import { decodeTasks, encodeResults, payloadTransfer } from './chunk-codec.js';
import { loadTaskFunction } from './load-task-function.js';
import type { TaskFunction } from './pool.js';
import { runChunk, toRemoteError, type ChunkOutcome, type RunChunkOptions } from './run-chunk.js';
import { unsendableResult } from './unsendable-result.js';
import type { RunMessage, WorkerConfig, WorkerReply } from './worker-protocol.js';

type Send = (reply: WorkerReply, transfer: ArrayBuffer[]) => void;

// Functions this worker has loaded, by the id the master uses (the wire comes once per worker).
const functions = new Map<string, Promise<TaskFunction>>();

/**
 * Serves one `run` message in a worker thread or process: loads the function (first time), runs
 * the chunk and sends the results, or the failing task's index and error. Never throws.
 * @param message - from the master
 * @param send - posts a reply to the master
 * @param config - what this worker accepts, as it was started with (not as the message says)
 * @param keepAlive - the port or channel that keeps the worker alive, unref'd while a chunk waits
 *   for promises (so that one that can never settle is reported; see `runChunk`)
 */
export async function serveRun(message: RunMessage, send: Send, config: WorkerConfig, keepAlive?: RunChunkOptions['keepAlive']): Promise<void> {
  const { job, first } = message;
  let reply: WorkerReply;
  let outcome: ChunkOutcome | undefined;
  try {
    let fn = functions.get(message.fnId);
    if (fn === undefined) {
      if (message.wire === undefined) throw new Error(`the master sent no function for id ${message.fnId}; this is a bug in @tempest/pool`);
      fn = loadTaskFunction(message.wire, config);
      fn.catch(() => functions.delete(message.fnId));
      functions.set(message.fnId, fn);
    }
    const f = await fn;
    // The master's taskTimeout for this chunk starts now, not when the import started.
    if (message.wire !== undefined) send({ type: 'started', job }, []);
    outcome = await runChunk(f, decodeTasks(message.tasks), first, keepAlive === undefined ? {} : { keepAlive });
    reply = outcome.ok ? { type: 'done', job, results: encodeResults(outcome.results) } : { type: 'failed', job, index: outcome.index, error: outcome.error };
  } catch (error) {
    reply = { type: 'failed', job, index: first, error: toRemoteError(error) };
  }
  try {
    send(reply, reply.type === 'done' ? payloadTransfer(reply.results) : []);
  } catch (error) {
    // A result that cannot be cloned (a function, a generator object, a symbol, …): name its task.
    const failure = unsendableResult(outcome?.ok === true ? outcome.results : [], first, error);
    send({ type: 'failed', job, index: failure.index, error: failure.error }, []);
  }
}
