// The worker module of TinypoolPool: load the shipped function (cached per worker), run the chunk.
// This worker compiles functions shipped by value (allowCode): its master is this job's own code.
// References may name modules under the working directory (the default allowModules).
import { loadTaskFunction, runChunk, unsendableResult, type ChunkOutcome, type ShippedFunctionWire } from '@tempest/pool';

export default async function runTasks({ wire, tasks, first }: { wire: ShippedFunctionWire; tasks: unknown[]; first: number }): Promise<ChunkOutcome> {
  const outcome = await runChunk(await loadTaskFunction(wire, { allowCode: true }), tasks, first);
  if (!outcome.ok) return outcome;
  // Tinypool posts the outcome itself, and a result it cannot clone would reject the whole run
  // without saying which task: report that task as failing instead (the Pool contract).
  try {
    structuredClone(outcome.results);
  } catch (error) {
    return { ok: false, ...unsendableResult(outcome.results, first, error) };
  }
  return outcome;
}
