// The worker module of TinypoolPool: load the shipped function (cached per worker), run the chunk.
// This worker compiles functions shipped by value (allowCode): its master is this job's own code.
// References may name modules under the working directory (the default allowModules).
import { loadTaskFunction, runChunk, type ShippedFunctionWire } from '@tempest/pool';

export default async function runTasks({ wire, tasks, first }: { wire: ShippedFunctionWire; tasks: unknown[]; first: number }) {
  return runChunk(await loadTaskFunction(wire, { allowCode: true }), tasks, first);
}
