import { resolveAllowModules } from '@tempest/serialize';
import type { Chunking } from './chunk-plan.js';

/** Options every built-in pool (threads, processes, MPI ranks) takes for its scheduler and its workers. */
export interface SchedulerOptions {
  /**
   * Cut each `map` in advance into `workers × chunksPerWorker` chunks of equal size. Default:
   * unset, for adaptive chunks (adaptive factoring): handed out in batches of one chunk per
   * worker as workers free up, each batch's chunks sized from how much the function's task times
   * have varied so far: tasks of even cost get one chunk per worker (the fewest messages), tasks of
   * uneven cost get chunks that shrink to single tasks as the map drains, so that every worker
   * stays busy to the end. Set 1 for exactly one message per worker and map.
   */
  chunksPerWorker?: number;
  /** At most this many tasks per chunk (balanced: 7 tasks at 3 give 3, 2, 2); overrides `chunksPerWorker`. `chunkSize: 1` sends one task per message. */
  chunkSize?: number;
  /**
   * Milliseconds each task may take. A task that has run longer fails its `map` with
   * `TASK_TIMEOUT` naming that task, whatever chunk it came in. The time counts from when the task
   * starts (importing the function's module is not charged: loading a function may take 2
   * minutes). What becomes of the worker depends on the pool (a thread or process is stopped and
   * replaced; an MPI rank cannot be stopped). Default: no limit.
   */
  taskTimeout?: number;
  /**
   * Ship plain functions by value, with their captures (the analogue of mpi4py's `use_dill=True`).
   * Default true. With false only data travels: `map` accepts function references
   * (`functionReference(import.meta.url, 'name')`) and refuses functions to ship by value, and
   * the workers themselves are started refusing code, so they would refuse it even from a master
   * that sent it anyway.
   */
  shipCode?: boolean;
  /**
   * The modules a function reference may name in the workers: folders (their files, outside
   * `node_modules` below them), files, `node:` built-ins and package names; relative paths resolve
   * against the working directory when the pool is created. Default: the working directory. A
   * reference to any other module fails its `map` with `TASK_FAILED` whose cause has code
   * `REFERENCE_NOT_ALLOWED`. Details: `ResolveOptions.allowModules` of `@tempest/serialize`.
   */
  allowModules?: readonly string[];
}

/** {@link SchedulerOptions} checked and with their defaults. */
export interface ResolvedSchedulerOptions {
  /** How maps are cut into chunks. */
  readonly chunking: Chunking;
  /** Milliseconds each task may take (Infinity: no limit). */
  readonly taskTimeout: number;
  /** Whether functions may travel by value. */
  readonly shipCode: boolean;
  /** The modules references may name: absolute entries, as from `resolveAllowModules`. */
  readonly allowModules: readonly string[];
}

/** The option names of {@link SchedulerOptions}, for "unknown option" messages. */
export const SCHEDULER_OPTIONS = ['chunksPerWorker', 'chunkSize', 'taskTimeout', 'shipCode', 'allowModules'] as const;

/**
 * Checks the scheduler options of a pool and applies their defaults.
 * @param options - as the user gave them
 * @param problems - receives a sentence per invalid option (the caller reports them all at once)
 * @returns the resolved options (meaningless when `problems` grew)
 */
export function resolveSchedulerOptions(options: SchedulerOptions, problems: string[]): ResolvedSchedulerOptions {
  const { chunksPerWorker, chunkSize, taskTimeout = Infinity, shipCode = true } = options;
  const allowModules = resolveAllowModules(options.allowModules);
  problems.push(...allowModules.problems);
  if (typeof shipCode !== 'boolean') problems.push(`shipCode must be true or false; got ${String(shipCode)}.`);
  if (chunksPerWorker !== undefined && !(Number.isInteger(chunksPerWorker) && chunksPerWorker >= 1)) problems.push(`chunksPerWorker must be a positive integer or undefined; got ${String(chunksPerWorker)}. Leave it unset for chunks that adapt as the map drains, or set 1 for one message per worker.`);
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 1)) problems.push(`chunkSize must be a positive integer or undefined; got ${String(chunkSize)}.`);
  if (!(typeof taskTimeout === 'number' && taskTimeout > 0)) problems.push(`taskTimeout must be a positive number of milliseconds (Infinity for none); got ${String(taskTimeout)}.`);
  const chunking: Chunking = chunkSize !== undefined ? { kind: 'size', size: chunkSize } : chunksPerWorker !== undefined ? { kind: 'perWorker', perWorker: chunksPerWorker } : { kind: 'adaptive' };
  return { chunking, taskTimeout, shipCode, allowModules: Object.freeze(allowModules.allowModules) };
}
