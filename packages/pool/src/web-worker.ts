// Entry of a WebWorkerPool worker (a module Web Worker). What it accepts comes from its name, set
// by the pool when it started it; its first message brings the task clock, if the page can share
// memory; then it serves chunks with the WorkerLoop, as every pool's workers do.
import type { RunMessage } from './protocol.js';
import { TaskClock } from './task-clock.js';
import { webWorkerConfig, type WebWorkerInit } from './web-worker-config.js';
import { WorkerLoop } from './worker-loop.js';

interface WorkerScope {
  readonly name: string;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: RunMessage | WebWorkerInit }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const config = webWorkerConfig(scope.name);
let loop: WorkerLoop | undefined;
scope.addEventListener('message', ({ data }) => {
  if (data.type === 'init') {
    loop = new WorkerLoop({
      config,
      send: (reply, transfer) => scope.postMessage(reply, transfer),
      ...(typeof SharedArrayBuffer === 'function' && data.clock instanceof SharedArrayBuffer ? { clock: new TaskClock(data.clock) } : {}),
    });
    scope.postMessage({ type: 'ready' }, []);
    return;
  }
  void loop?.run(data);
});
