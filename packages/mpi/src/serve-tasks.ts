import { loadTaskFunction, runChunk, toRemoteError, unsendableResult, type ChunkOutcome, type TaskFunction } from '@tempest/pool';
import { encode, type LoadFunctionOptions } from '@tempest/serialize';
import type { MpiBinding } from './binding.js';
import { TAG_LOADED, TAG_RESULTS, TAG_STOP, decodeMessage, encodeMessage, packResults, unpack, type ResultsMessage, type TasksMessage } from './wire-messages.js';

/**
 * The worker loop: receives chunks from the master (rank 0 of the communicator), runs them with
 * `@tempest/pool`'s `runChunk`, and sends back the results or the failing task's index and error,
 * until the master sends STOP. One chunk at a time, so the master balances the load.
 * @param binding - the addon
 * @param comm - communicator handle
 * @param anyTag - MPI_ANY_TAG of the loaded library
 * @param accept - what this rank runs, from its own pool options (`shipCode`, `allowModules`),
 *   whatever the master sends
 * @returns when the master has closed the pool (or receives were cancelled at exit)
 */
export async function serveTasks(binding: MpiBinding, comm: number, anyTag: number, accept: LoadFunctionOptions): Promise<void> {
  // Functions by the master's id; the wire comes once per worker and function.
  const functions = new Map<string, Promise<TaskFunction>>();
  for (;;) {
    const message = await binding.receive(comm, 0, anyTag);
    if (message === null || message.tag === TAG_STOP) return;
    let reply: ResultsMessage;
    let outcome: ChunkOutcome | undefined;
    let job = -1;
    let first = 0;
    try {
      const m = decodeMessage<TasksMessage>(message.data);
      job = m.job;
      first = m.first;
      let fn = functions.get(m.fnId);
      if (fn === undefined) {
        if (m.wire === undefined) throw new Error(`the master sent no function for id ${m.fnId}; this is a bug in @tempest/mpi`);
        fn = loadTaskFunction(m.wire, accept);
        functions.set(m.fnId, fn);
      }
      const f = await fn;
      // The master's taskTimeout for this chunk starts now, not when the import started.
      if (m.wire !== undefined) binding.send(comm, 0, TAG_LOADED, new Uint8Array(0));
      outcome = await runChunk(f, unpack(m.tasks, false), m.first);
      reply = outcome.ok ? { job, ok: true, results: packResults(outcome.results) } : { job, ok: false, index: outcome.index, error: outcome.error };
    } catch (error) {
      reply = { job, ok: false, index: first, error: toRemoteError(error) };
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeMessage(reply);
    } catch (error) {
      // A result that cannot be encoded (a function, a generator object, …): name its task.
      const failure = unsendableResult(outcome?.ok === true ? outcome.results : [], first, error, encode);
      bytes = encodeMessage({ job, ok: false, index: failure.index, error: failure.error });
    }
    binding.send(comm, 0, TAG_RESULTS, bytes);
  }
}
