// The worker module of TinypoolPool: load the shipped function (cached per worker), run the chunk.
import { loadTaskFunction, runChunk, type ShippedFunctionWire } from '@tempest/pool';

export default async function runTasks({ wire, tasks, first }: { wire: ShippedFunctionWire; tasks: unknown[]; first: number }) {
  return runChunk(await loadTaskFunction(wire), tasks, first);
}
