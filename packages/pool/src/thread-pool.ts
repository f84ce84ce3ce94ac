import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { SOURCE_MODE, sourceBootUrl, workerEntry } from './worker-entry.js';
import type { WorkerReply } from './protocol.js';
import { TaskClock } from './task-clock.js';
import { WorkerPool, type WorkerEvents, type WorkerHandle, type WorkerPoolOptions } from './worker-pool.js';

/** Options of {@link ThreadPool}. */
export interface ThreadPoolOptions extends WorkerPoolOptions {
  /** Node options of the worker threads. Default: the main thread's (`process.execArgv`), so `--import tsx` carries over. */
  execArgv?: string[];
  /**
   * Modules each thread imports before its first task: package names, absolute paths or `file:`
   * URLs. For TypeScript modules sent by reference, preload a file that registers a loader in the
   * thread (`import { register } from 'tsx/esm/api'; register();`): in Node 20, loaders given with
   * `--import` reach child processes but not worker threads.
   */
  preload?: string[];
  /** Heap limits of each thread (`maxOldGenerationSizeMb`, …); a thread exceeding them dies with `WORKER_DIED` and is replaced. */
  resourceLimits?: ResourceLimits;
}

/**
 * A pool of worker threads: the default for one machine. Vectors (`Float64Array` tasks) travel
 * packed and are transferred, not copied; chunks shrink as a map drains, so tasks of uneven cost
 * keep every thread busy (see `chunksPerWorker`). Each task is timed with `taskTimeout` through
 * memory the thread shares with the master. A worker that dies is replaced; `close()` terminates
 * every thread. Idle threads do not keep the process alive.
 *
 * @example
 * ```ts
 * await using pool = new ThreadPool({ size: 2 });
 * const logl = await pool.map(shipFunction(logLikelihood, { captures: { data } }), points);
 * ```
 */
export class ThreadPool extends WorkerPool {
  private readonly execArgv: string[] | undefined;
  private readonly resourceLimits: ResourceLimits | undefined;
  private readonly preload: string[];

  /**
   * @param options - size (default: available parallelism), chunking, timeout, `shipCode`,
   *   `allowModules`, execArgv, preload, resourceLimits
   * @throws {TempestError} INVALID_CONFIGURATION listing every problem with the options
   */
  constructor(options: ThreadPoolOptions = {}) {
    const problems: string[] = [];
    if (options.execArgv !== undefined && !(Array.isArray(options.execArgv) && options.execArgv.every((a) => typeof a === 'string'))) {
      problems.push('execArgv must be an array of strings, e.g. ["--import", "tsx"].');
    }
    if (options.preload !== undefined && !(Array.isArray(options.preload) && options.preload.every((a) => typeof a === 'string'))) {
      problems.push("preload must be an array of module names or paths, e.g. ['tsx'].");
    }
    super('worker thread', options, availableParallelism(), problems, ['execArgv', 'preload', 'resourceLimits']);
    this.execArgv = options.execArgv;
    this.resourceLimits = options.resourceLimits;
    this.preload = (options.preload ?? []).map(moduleUrl);
    this.start();
  }

  protected spawn(events: WorkerEvents): WorkerHandle {
    const { url, sourceExecArgv } = workerEntry('thread-worker');
    const execArgv = SOURCE_MODE ? [...(this.execArgv ?? []), ...sourceExecArgv] : this.execArgv;
    const clock = new TaskClock();
    const worker = new Worker(SOURCE_MODE ? sourceBootUrl() : url, {
      ...(execArgv === undefined ? {} : { execArgv }),
      ...(this.resourceLimits === undefined ? {} : { resourceLimits: this.resourceLimits }),
      workerData: { preload: this.preload, config: this.workerConfig, clock: clock.buffer, ...(SOURCE_MODE ? { tempestEntry: url.href } : {}) },
    });
    let lastError: Error | undefined;
    worker.on('message', (reply: WorkerReply) => events.message(reply));
    worker.on('error', (error) => (lastError = error));
    worker.once('exit', (code) => events.exit({ code, signal: null, ...(lastError === undefined ? {} : { error: lastError }) }));
    return {
      id: worker.threadId,
      clock,
      send: (message, transfer) => worker.postMessage(message, transfer),
      kill: () => void worker.terminate(),
      ref: () => worker.ref(),
      unref: () => worker.unref(),
      stop: () => worker.terminate().then(() => undefined),
    };
  }
}

/** Relative paths resolve against the working directory, as Node resolves `--import`; names and URLs stay. */
function moduleUrl(specifier: string): string {
  if (/^[A-Za-z][A-Za-z\d+.-]*:/.test(specifier) && !/^[A-Za-z]:[\\/]/.test(specifier)) return specifier;
  if (isAbsolute(specifier) || specifier.startsWith('.')) return pathToFileURL(resolve(specifier)).href;
  return specifier;
}
