// Entry of a ThreadPool worker thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { RunMessage, WorkerConfig } from './protocol.js';
import { TaskClock } from './task-clock.js';
import { WorkerLoop } from './worker-loop.js';

const port = parentPort;
if (port === null) throw new Error('@tempest/pool thread-worker must run in a worker thread');
const data = workerData as { preload?: string[]; config?: WorkerConfig; clock?: SharedArrayBuffer } | undefined;
// What this thread accepts is decided here, once, from how the pool started it; refuse everything
// if that is missing rather than fall back to something wider.
const config: WorkerConfig = data?.config ?? { allowCode: false, allowModules: [] };
// Loaders (tsx) and set-up modules the pool was asked to preload; messages wait in the port meanwhile.
for (const module of data?.preload ?? []) await import(module);
const loop = new WorkerLoop({
  config,
  send: (reply, transfer) => port.postMessage(reply, transfer),
  keepAlive: port,
  // The master reads this memory to time each task (see TaskClock).
  ...(data?.clock instanceof SharedArrayBuffer ? { clock: new TaskClock(data.clock) } : {}),
});
port.on('message', (message: RunMessage) => void loop.run(message));
port.postMessage({ type: 'ready' });
