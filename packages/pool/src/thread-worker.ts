// Entry of a ThreadPool worker thread.
import { parentPort, workerData } from 'node:worker_threads';
import { serveRun } from './worker-runtime.js';
import type { RunMessage, WorkerConfig } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('@tempest/pool thread-worker must run in a worker thread');
const data = workerData as { preload?: string[]; config?: WorkerConfig } | undefined;
// What this thread accepts is decided here, once, from how the pool started it; refuse everything
// if that is missing rather than fall back to something wider.
const config: WorkerConfig = data?.config ?? { allowCode: false, allowModules: [] };
// Loaders (tsx) and set-up modules the pool was asked to preload; messages wait in the port meanwhile.
for (const module of data?.preload ?? []) await import(module);
port.on('message', (message: RunMessage) => {
  void serveRun(message, (reply, transfer) => port.postMessage(reply, transfer), config, port);
});
port.postMessage({ type: 'ready' });
