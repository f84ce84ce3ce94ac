import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { WorkerReply } from './protocol.js';
import { SOURCE_MODE, workerEntry } from './worker-entry.js';
import { WorkerPool, type WorkerEvents, type WorkerHandle, type WorkerPoolOptions } from './worker-pool.js';

/** Options of {@link ProcessPool}. */
export interface ProcessPoolOptions extends WorkerPoolOptions {
  /** Node options of the child processes. Default: the parent's (`process.execArgv`), so `--import tsx` carries over. */
  execArgv?: string[];
  /** Environment of the children. Default: the parent's. */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds `close()` waits for a child to exit after SIGTERM before sending SIGKILL. Default 2000. */
  killTimeout?: number;
}

// Children still running, killed if the parent exits without closing its pools. A parent killed
// outright (SIGKILL) cannot run this; its children then exit when their IPC channel disconnects,
// or, stuck in a task, by their watchdog thread (child-watchdog.ts).
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/**
 * A pool of child processes (`child_process.fork` with Node's advanced serialization, so NaN,
 * ±Infinity, typed arrays and Maps survive, unlike JSON). Use it when tasks need process isolation:
 * native addons that are not thread-safe, code that calls `process.exit`, separate heaps. Costs
 * more per message than {@link ThreadPool}. Children exit when the pool closes and when the
 * parent exits or dies, even in the middle of a task that never yields. With `taskTimeout`, a
 * watchdog thread in each child times every task and reports a late one on a pipe of its own.
 *
 * @example
 * ```ts
 * await using pool = new ProcessPool({ size: 2 });
 * const results = await pool.map(functionReference(import.meta.url, './model.js', 'logLikelihood'), points);
 * ```
 */
export class ProcessPool extends WorkerPool {
  private readonly execArgv: string[] | undefined;
  private readonly env: NodeJS.ProcessEnv | undefined;
  private readonly killTimeout: number;

  /**
   * @param options - size (default: available parallelism), chunking, timeout, `shipCode`,
   *   `allowModules`, execArgv, env, killTimeout
   * @throws {TempestError} INVALID_CONFIGURATION listing every problem with the options
   */
  constructor(options: ProcessPoolOptions = {}) {
    const problems: string[] = [];
    if (options.execArgv !== undefined && !(Array.isArray(options.execArgv) && options.execArgv.every((a) => typeof a === 'string'))) {
      problems.push('execArgv must be an array of strings, e.g. ["--import", "tsx"].');
    }
    const killTimeout = options.killTimeout ?? 2000;
    if (!(typeof killTimeout === 'number' && killTimeout >= 0)) problems.push(`killTimeout must be a non-negative number of milliseconds; got ${String(killTimeout)}.`);
    super('worker process', options, availableParallelism(), problems, ['execArgv', 'env', 'killTimeout']);
    this.execArgv = options.execArgv;
    this.env = options.env;
    this.killTimeout = killTimeout;
    this.start();
  }

  /** Process ids of the live children. */
  get pids(): number[] {
    return this.workerIds;
  }

  protected spawn(events: WorkerEvents): WorkerHandle {
    const { url, sourceExecArgv } = workerEntry('process-worker');
    const base = this.execArgv ?? process.execArgv;
    const execArgv = SOURCE_MODE ? [...(this.execArgv ?? []), ...sourceExecArgv, '--import', 'tsx'] : base;
    const config = { ...this.workerConfig, ...(Number.isFinite(this.taskTimeout) ? { taskTimeout: this.taskTimeout } : {}) };
    const child = fork(fileURLToPath(url), [JSON.stringify(config)], {
      execArgv,
      serialization: 'advanced',
      // fd 4: the child's watchdog thread reports tasks past taskTimeout (child-watchdog.ts).
      stdio: ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'],
      ...(this.env === undefined ? {} : { env: this.env }),
    });
    track(child);
    let spawnError: Error | undefined;
    child.on('error', (error) => (spawnError = error));
    child.on('message', (reply: WorkerReply) => events.message(reply));
    const reports = child.stdio[4] as Readable | null;
    if (reports !== null) {
      (reports as Readable & { unref?: () => void }).unref?.();
      createInterface({ input: reports }).on('line', (line) => {
        let report: WorkerReply | undefined;
        try {
          report = JSON.parse(line) as WorkerReply;
        } catch {
          // not a report
        }
        if (report?.type === 'overdue') events.message(report);
      });
    }
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        events.exit({ code, signal, ...(spawnError === undefined ? {} : { error: spawnError }) });
        resolve();
      });
    });
    const killTimeout = this.killTimeout;
    return {
      id: child.pid ?? -1,
      send: (message) => {
        child.send(message);
      },
      kill: () => void child.kill('SIGKILL'),
      ref: () => {
        child.ref();
        (child.channel as { ref?: () => void } | null | undefined)?.ref?.();
      },
      unref: () => {
        child.unref();
        (child.channel as { unref?: () => void } | null | undefined)?.unref?.();
      },
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return exited;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), killTimeout);
        await exited;
        clearTimeout(timer);
      },
    };
  }
}
