// Entry of a ThreadPool worker thread.
import { parentPort, workerData } from 'node:worker_threads';
import { serveRun } from './worker-runtime.js';
import type { RunMessage } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('@tempest/pool thread-worker must run in a worker thread');
// Loaders (tsx) and set-up modules the pool was asked to preload; messages wait in the port meanwhile.
for (const module of (workerData as { preload?: string[] } | undefined)?.preload ?? []) await import(module);
port.on('message', (message: RunMessage) => {
  void serveRun(message, (reply, transfer) => port.postMessage(reply, transfer), port);
});
port.postMessage({ type: 'ready' });
