import { TempestError } from '@tempest/core';
import { CliError, EXIT } from './cli-error.js';
import { ProcessPool, ThreadPool, functionReference, isSourceModule, shipFunction, type FunctionReference, type Pool } from '@tempest/pool';
import type { LoadedModel } from './load-model.js';
import type { PoolSpec } from './parse-pool.js';

/** A pool made for a run, and how the likelihood reaches it. */
export interface RunPool {
  /** The pool, or undefined for evaluation on the main thread. */
  pool: Pool | undefined;
  /** What to give the sampler as `logLikelihood`: the function itself, or a reference workers import. */
  logLikelihood: LoadedModel['logLikelihood'] | FunctionReference;
  /** False on MPI worker ranks, which only serve tasks. */
  isMaster: boolean;
  /**
   * Set when `--pool serial` had to run the likelihood on the main thread instead of its worker
   * thread: why, as a sentence to show the user.
   */
  note?: string;
  /** On MPI workers: resolves when the master closes the pool. */
  wait(): Promise<void>;
  /** Closes the pool (idempotent). */
  close(): Promise<void>;
}

/** Whether this module runs from TypeScript source (this repository's tests), where the pool package adds tsx itself
 * (and tsx registered in the test's own process). */
const SOURCE_MODE = isSourceModule(import.meta.url);

/** The module that registers tsx in whichever thread or process imports it (see register-tsx.ts). */
function registerTsxUrl(): string {
  return new URL(SOURCE_MODE ? './register-tsx.ts' : './register-tsx.js', import.meta.url).href;
}

/**
 * The URL workers import the likelihood from: the model proxy, told which model by its query.
 * @param modelUrl - `file:` URL of the model
 * @returns the proxy's URL
 */
export function proxyUrl(modelUrl: string): string {
  const url = new URL(SOURCE_MODE ? './model-proxy.ts' : './model-proxy.js', import.meta.url);
  url.searchParams.set('model', modelUrl);
  return url.href;
}

/**
 * Makes the pool `--pool` asks for. Workers import the likelihood by reference (see
 * model-proxy.ts), so the function itself never has to be serialised; TypeScript models get tsx
 * in every worker. The workers accept that one reference and nothing else: `allowModules` is the
 * proxy's exact URL (which names the model), and code shipped by value is refused unless the model
 * is vectorized, whose batch adapter travels by value.
 *
 * `--pool serial` (the default) runs the likelihood one call at a time on a worker thread of its
 * own (a ThreadPool of size 1), so that the main thread's event loop stays free: Ctrl-C and
 * SIGTERM save the run even while a call never returns, and `--task-timeout` can stop such a call.
 * The results are the same, bit for bit, as on the main thread (`--pool main`): the sampler draws
 * every random number on the main thread and the thread only evaluates the likelihood. A model
 * that cannot run there (its `logLikelihoodArgs` cannot be copied to a thread, or the file cannot
 * be imported in one, e.g. a native addon that is not thread-safe) runs on the main thread instead,
 * with a note saying why.
 * @param spec - the parsed `--pool`
 * @param model - the loaded model
 * @param taskTimeout - `--task-timeout` in milliseconds, undefined for none
 * @returns the pool and the likelihood to give the sampler
 * @throws {CliError} (exit 2) for `--task-timeout` with `--pool main`, or with `--pool serial` for
 *   a model that has to run on the main thread, where nothing can stop a call
 */
export async function makePool(spec: PoolSpec, model: LoadedModel, taskTimeout?: number): Promise<RunPool> {
  const timeout = taskTimeout === undefined ? {} : { taskTimeout };
  const onMainThread = (note?: string): RunPool => ({ pool: undefined, logLikelihood: model.logLikelihood, isMaster: true, ...(note === undefined ? {} : { note }), wait: async () => {}, close: async () => {} });
  if (spec.kind === 'main') {
    if (taskTimeout !== undefined) throw new CliError('--task-timeout cannot apply to --pool main: nothing can stop a likelihood call on the main thread. Use --pool serial (the default: one call at a time on a worker thread, which a timeout can stop), or drop --task-timeout.', EXIT.usage);
    return onMainThread();
  }
  const reference = functionReference(proxyUrl(model.url), 'logLikelihood');
  const accept = { shipCode: model.vectorize, allowModules: [reference.module] };
  // Loaders given with --import do not reach worker threads in Node 20: each thread registers tsx itself
  // (in source mode too: the pool's own boot file registers only tsx's ESM hook, and a .ts model
  // under a "type": "commonjs" package.json needs the CommonJS one).
  const preload = model.typescript ? [registerTsxUrl()] : [];
  let pool: Pool;
  if (spec.kind === 'serial') {
    const thread = await serialThread(model, preload, accept, taskTimeout);
    if (typeof thread === 'string') {
      if (taskTimeout !== undefined) throw new CliError(`--task-timeout needs the likelihood on a worker thread (where --pool serial runs it), but ${thread}. Use --pool processes:1 (one call at a time in a child process, which a timeout can stop), or drop --task-timeout.`, EXIT.usage);
      return onMainThread(`the likelihood runs on the main thread, because ${thread}; Ctrl-C and SIGTERM then act between likelihood calls, so a call that never returns can only be stopped by SIGKILL (--pool processes:1 avoids that).`);
    }
    pool = thread;
  } else if (spec.kind === 'threads') {
    pool = new ThreadPool({ size: spec.size, preload, ...accept, ...timeout });
  } else if (spec.kind === 'processes') {
    const execArgv = model.typescript && !SOURCE_MODE ? ['--import', registerTsxUrl()] : [];
    pool = new ProcessPool({ size: spec.size, execArgv, ...accept, ...timeout });
  } else {
    const { MPIPool } = await import('@tempest/mpi');
    let mpi: InstanceType<typeof MPIPool>;
    try {
      mpi = new MPIPool({ ...accept, ...timeout });
    } catch (error) {
      if (TempestError.is(error, 'INVALID_CONFIGURATION') && error.option === 'comm' && error.value === 1) {
        throw new CliError('--pool mpi needs more than one MPI process; start the command under MPI, e.g. `mpirun -n 4 tempest run model.ts --pool mpi` (rank 0 samples, the other ranks evaluate the likelihood).', EXIT.usage, { cause: error });
      }
      throw error;
    }
    let closing: Promise<void> | undefined;
    return {
      pool: mpi,
      logLikelihood: reference,
      isMaster: mpi.isMaster(),
      wait: () => mpi.wait(),
      close: () => (closing ??= mpi.close()),
    };
  }
  let closing: Promise<void> | undefined;
  return { pool, logLikelihood: reference, isMaster: true, wait: async () => {}, close: () => (closing ??= pool.close()) };
}

/**
 * The worker thread of `--pool serial`, with the model already imported there; or, when the model
 * cannot run on a thread, why not (a clause to follow "because").
 */
async function serialThread(model: LoadedModel, preload: string[], accept: { shipCode: boolean; allowModules: string[] }, taskTimeout: number | undefined): Promise<ThreadPool | string> {
  if (model.logLikelihoodArgs !== undefined) {
    // What the sampler would refuse when shipping the likelihood: arguments that cannot be cloned.
    try {
      shipFunction(functionReference(proxyUrl(model.url), 'logLikelihood'), { args: model.logLikelihoodArgs });
    } catch (error) {
      const problems = TempestError.is(error) ? error.problems : undefined;
      // The first clause of each problem, naming the value (`value[0].f is a function`), without serialize's advice.
      const what = problems !== undefined && problems.length > 0 ? problems.map((p) => p.split(/[;.] /)[0].replace(/^value/, 'logLikelihoodArgs')).join('; ') : firstLine(error);
      return `its logLikelihoodArgs cannot be copied to a worker thread (${what})`;
    }
  }
  const pool = new ThreadPool({ size: 1, preload, ...accept, ...(taskTimeout === undefined ? {} : { taskTimeout }) });
  try {
    // Imports the model in the thread without evaluating anything.
    await pool.map(functionReference(proxyUrl(model.url), 'loaded'), [0]);
    return pool;
  } catch (error) {
    await pool.close();
    const cause = TempestError.is(error, 'TASK_FAILED') ? error.cause : error;
    // The import's own error, without the reference's advice about paths and loaders.
    const message = firstLine(cause);
    const own = /to get `loaded`: ([^]*?)\. The module must exist/.exec(message)?.[1] ?? message;
    return `${model.path} cannot be imported in a worker thread (${own})`;
  }
}

/** An error's message, first line only. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
}
