import { TempestError } from '@tempest/core';
import { CliError, EXIT } from './cli-error.js';
import { ProcessPool, ThreadPool, functionReference, type FunctionReference, type Pool } from '@tempest/pool';
import type { LoadedModel } from './load-model.js';
import type { PoolSpec } from './parse-pool.js';

/** A pool made for a run, and how the likelihood reaches it. */
export interface RunPool {
  /** The pool, or undefined for serial evaluation. */
  pool: Pool | undefined;
  /** What to give the sampler as `logLikelihood`: the function itself, or a reference workers import. */
  logLikelihood: LoadedModel['logLikelihood'] | FunctionReference;
  /** False on MPI worker ranks, which only serve tasks. */
  isMaster: boolean;
  /** On MPI workers: resolves when the master closes the pool. */
  wait(): Promise<void>;
  /** Closes the pool (idempotent). */
  close(): Promise<void>;
}

/** Whether this module runs from TypeScript source (this repository's tests), where the pool package adds tsx itself
 * (and tsx registered in the test's own process). */
const SOURCE_MODE = import.meta.url.endsWith('.ts');

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
 * @param spec - the parsed `--pool`
 * @param model - the loaded model
 * @param taskTimeout - `--task-timeout` in milliseconds (threads and processes), undefined for none
 * @returns the pool and the likelihood to give the sampler
 * @throws {CliError} (exit 2) for `--task-timeout` with a serial run or MPI, which cannot enforce it
 */
export async function makePool(spec: PoolSpec, model: LoadedModel, taskTimeout?: number): Promise<RunPool> {
  if (taskTimeout !== undefined && (spec.kind === 'serial' || spec.kind === 'mpi')) {
    throw new CliError(`--task-timeout applies to --pool threads or processes (a stuck worker is stopped and replaced); this run uses --pool ${spec.kind}, which cannot stop a stuck likelihood. Use --pool processes, or drop --task-timeout.`, EXIT.usage);
  }
  const timeout = taskTimeout === undefined ? {} : { taskTimeout };
  if (spec.kind === 'serial') return { pool: undefined, logLikelihood: model.logLikelihood, isMaster: true, wait: async () => {}, close: async () => {} };
  const reference = functionReference(proxyUrl(model.url), 'logLikelihood');
  const accept = { shipCode: model.vectorize, allowModules: [reference.module] };
  let pool: Pool;
  if (spec.kind === 'threads') {
    // Loaders given with --import do not reach worker threads in Node 20: each thread registers tsx itself
    // (in source mode too: the pool's own boot file registers only tsx's ESM hook, and a .ts model
    // under a "type": "commonjs" package.json needs the CommonJS one).
    const preload = model.typescript ? [registerTsxUrl()] : [];
    pool = new ThreadPool({ size: spec.size, preload, ...accept, ...timeout });
  } else if (spec.kind === 'processes') {
    const execArgv = model.typescript && !SOURCE_MODE ? ['--import', registerTsxUrl()] : [];
    pool = new ProcessPool({ size: spec.size, execArgv, ...accept, ...timeout });
  } else {
    const { MPIPool } = await import('@tempest/mpi');
    let mpi: InstanceType<typeof MPIPool>;
    try {
      mpi = new MPIPool(accept);
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
