import type { OverdueTask } from './task-watch.js';
import { TempestError } from './tempest-error.js';

/**
 * With `taskTimeout`, how long a worker may take to load a chunk's function (import a module);
 * the tasks' own limits start once it has.
 */
export const LOAD_ALLOWANCE_MS = 120_000;

/** A chunk's tasks, for messages. */
interface TaskRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The error of a chunk whose function a worker did not load within {@link LOAD_ALLOWANCE_MS}.
 * @param where - the worker, e.g. `worker thread 3`
 * @param run - the chunk
 * @param afterTimeout - what became of the worker
 * @returns a TASK_TIMEOUT error
 */
export function loadTimeoutError(where: string, run: TaskRange, afterTimeout: string): TempestError {
  return new TempestError(
    'TASK_TIMEOUT',
    `The ${where} did not load the function of tasks ${run.start}–${run.end - 1} within ${LOAD_ALLOWANCE_MS} ms (with taskTimeout, loading a function may take ${LOAD_ALLOWANCE_MS} ms). ${afterTimeout} Look for a module whose import never ends.`,
    { index: run.start, tasks: [run.start, run.end - 1], value: LOAD_ALLOWANCE_MS },
  );
}

/**
 * The error of a task past its limit: one task, the tasks of a chunk awaited together (their
 * limit is their number × taskTimeout), or, when the worker's watchdog never reported, the chunk
 * past the scheduler's backstop.
 * @param where - the worker
 * @param run - the chunk
 * @param task - what was reported
 * @param limits - the pool's `taskTimeout`, what became of the worker, and whether the backstop fired
 * @returns a TASK_TIMEOUT error naming the task(s)
 */
export function taskTimeoutError(where: string, run: TaskRange, task: OverdueTask, limits: { taskTimeout: number; afterTimeout: string; backstop: boolean }): TempestError {
  const { taskTimeout, afterTimeout, backstop } = limits;
  const last = Math.min(run.end, task.index + Math.max(1, task.weight)) - 1;
  const limit = backstop ? Math.round(task.elapsedMs) : taskTimeout * Math.max(1, task.weight);
  const what = backstop
    ? `Tasks ${task.index}–${last} did not finish within ${limit} ms (taskTimeout ${taskTimeout} ms per task, and the worker's own watchdog did not report)`
    : last === task.index
      ? `Task ${task.index} did not finish within ${taskTimeout} ms (taskTimeout ${taskTimeout} ms per task)`
      : `Tasks ${task.index}–${last}, whose promises were awaited together, did not finish within ${limit} ms (taskTimeout ${taskTimeout} ms per task)`;
  return new TempestError(
    'TASK_TIMEOUT',
    `${what} in ${where}. ${afterTimeout} Raise taskTimeout if the tasks are just slow, or look for a task that never returns.`,
    { index: task.index, tasks: [task.index, last], value: limit },
  );
}

/**
 * The error of a map that no worker is left to run: every one is lost to a timed-out task.
 * @param kind - what a worker is called
 * @param first - the first task not handed out
 * @param tasks - the map's number of tasks
 * @param taskTimeout - the pool's limit
 * @returns a TASK_TIMEOUT error
 */
export function starvedError(kind: string, first: number, tasks: number, taskTimeout: number): TempestError {
  return new TempestError(
    'TASK_TIMEOUT',
    `Every ${kind} of this pool is still running a task that exceeded taskTimeout (${taskTimeout} ms per task), so none is left to run tasks ${first}–${tasks - 1}. Close the pool, then raise taskTimeout or fix the task that never returns.`,
    { index: first, tasks: [first, tasks - 1], value: taskTimeout },
  );
}
