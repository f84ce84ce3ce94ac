import type { WorkerReply } from './protocol.js';
import { TaskClock } from './task-clock.js';
import { WEB_WORKER_NAME, type WebWorkerInit } from './web-worker-config.js';
import { WorkerPool, type WorkerEvents, type WorkerHandle, type WorkerPoolOptions } from './worker-pool.js';

/** Options of {@link WebWorkerPool}: those of every local pool (`WorkerPoolOptions`). */
export type WebWorkerPoolOptions = WorkerPoolOptions;

/** What a browser's `Worker` offers that the pool uses (typed here: the package compiles without the DOM library). */
interface BrowserWorker {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: { data?: unknown; message?: string }) => void): void;
}
type WorkerConstructor = new (url: URL, options: { type: 'module'; name: string }) => BrowserWorker;

let nextId = 1;

/**
 * A pool of Web Workers, for pages: the browser's counterpart of `ThreadPool`, on the same
 * scheduler (chunks, results in task order, the lowest failing task, per-task timeouts, dead
 * workers replaced) and the same worker loop. Likelihoods travel by value (`shipFunction`, or a
 * plain function; compiled in the workers, which needs a page whose Content-Security-Policy allows
 * `'unsafe-eval'`) or by module URL (`functionReference(import.meta.url, 'name')` to an ES module
 * served as is, from the page's origin by default: see `allowModules`). Packed `Float64Array`
 * tasks are transferred, not copied. A task that runs past `taskTimeout` has its worker
 * terminated and replaced; in a cross-origin-isolated page each task is timed on its own.
 * Bundlers (Vite, webpack, esbuild with a plugin) emit the worker script from this module's
 * `new URL('./web-worker.js', import.meta.url)`.
 *
 * @example
 * ```ts
 * import { WebWorkerPool } from '@tempest/pool'; // the browser build, picked by the bundler
 * await using pool = new WebWorkerPool({ size: navigator.hardwareConcurrency });
 * const sampler = new Sampler({ nDim: 2, priorTransform, logLikelihood, pool, randomState: 1 });
 * ```
 */
export class WebWorkerPool extends WorkerPool {
  /**
   * @param options - size (default: `navigator.hardwareConcurrency`), chunking, timeout,
   *   `shipCode`, `allowModules` (URL folders ending in `/` or module URLs; default the page's origin)
   * @throws {TempestError} INVALID_CONFIGURATION listing every problem with the options, or where
   *   there are no Web Workers
   */
  constructor(options: WebWorkerPoolOptions = {}) {
    const problems: string[] = [];
    if (workerConstructor() === undefined) problems.push('this platform has no Web Workers (globalThis.Worker): WebWorkerPool is for pages and Web Workers; in Node use ThreadPool.');
    const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
    super('web worker', options, Number.isInteger(cores) && cores! > 0 ? cores! : 2, problems, []);
    this.start();
  }

  protected spawn(events: WorkerEvents): WorkerHandle {
    const Worker = workerConstructor()!;
    const id = nextId++;
    const worker = new Worker(new URL('./web-worker.js', import.meta.url), { type: 'module', name: `${WEB_WORKER_NAME}${JSON.stringify(this.workerConfig)}` });
    const clock = typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true ? new TaskClock() : undefined;
    let ended = false;
    // A browser says nothing when a worker ends: the pool learns it from here (terminated, or dead of an error).
    const end = (error?: Error) => {
      if (ended) return;
      ended = true;
      worker.terminate();
      queueMicrotask(() => events.exit({ code: null, signal: error === undefined ? 'terminated' : null, ...(error === undefined ? {} : { error }) }));
    };
    worker.addEventListener('message', (event) => {
      if (!ended) events.message(event.data as WorkerReply);
    });
    worker.addEventListener('error', (event) => end(new Error(event.message ?? 'the worker script failed (it could not be loaded, or threw outside a task)')));
    worker.addEventListener('messageerror', () => end(new Error('a message from the worker could not be deserialized')));
    worker.postMessage({ type: 'init', ...(clock === undefined ? {} : { clock: clock.buffer }) } satisfies WebWorkerInit, []);
    return {
      id,
      ...(clock === undefined ? {} : { clock }),
      send: (message, transfer) => worker.postMessage(message, transfer),
      kill: () => end(),
      ref: () => {},
      unref: () => {},
      stop: async () => {
        ended = true;
        worker.terminate();
      },
    };
  }
}

function workerConstructor(): WorkerConstructor | undefined {
  const Worker = (globalThis as { Worker?: unknown }).Worker;
  return typeof Worker === 'function' ? (Worker as WorkerConstructor) : undefined;
}
