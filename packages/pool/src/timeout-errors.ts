import { describeTasks, describeTasksCapitalized, taskFields } from './task-list-text.js';
import type { OverdueTask } from './task-watch.js';
import { TempestError } from './tempest-error.js';

/**
 * With `taskTimeout`, how long a worker may take to load a chunk's function (import a module);
 * the tasks' own limits start once it has.
 */
export const LOAD_ALLOWANCE_MS = 120_000;

/**
 * The error of a chunk whose function a worker did not load within {@link LOAD_ALLOWANCE_MS}.
 * @param where - the worker, e.g. `worker thread 3`
 * @param tasks - the chunk's task indices, ascending
 * @param afterTimeout - what became of the worker
 * @returns a TASK_TIMEOUT error
 */
export function loadTimeoutError(where: string, tasks: readonly number[], afterTimeout: string): TempestError {
  return new TempestError(
    'TASK_TIMEOUT',
    `The ${where} did not load the function of ${describeTasks(tasks)} within ${LOAD_ALLOWANCE_MS} ms (with taskTimeout, loading a function may take ${LOAD_ALLOWANCE_MS} ms). ${afterTimeout} Look for a module whose import never ends.`,
    { index: tasks[0], ...taskFields(tasks), value: LOAD_ALLOWANCE_MS },
  );
}

/**
 * The error of a task past its limit: one task, the tasks of a chunk awaited together (their
 * limit is their number × taskTimeout), or, when the worker's watchdog never reported, the chunk
 * past the scheduler's backstop.
 * @param where - the worker
 * @param late - the task indices concerned, ascending: the reported task and those awaited with it
 * @param task - what was reported (its time; `weight`, the number of tasks awaited together)
 * @param limits - the pool's `taskTimeout`, what became of the worker, and whether the backstop fired
 * @returns a TASK_TIMEOUT error naming the task(s)
 */
export function taskTimeoutError(where: string, late: readonly number[], task: OverdueTask, limits: { taskTimeout: number; afterTimeout: string; backstop: boolean }): TempestError {
  const { taskTimeout, afterTimeout, backstop } = limits;
  const limit = backstop ? Math.round(task.elapsedMs) : taskTimeout * Math.max(1, task.weight);
  const named = describeTasksCapitalized(late);
  const what = backstop
    ? `${named} did not finish within ${limit} ms (taskTimeout ${taskTimeout} ms per task, and the worker's own watchdog did not report)`
    : late.length === 1
      ? `${named} did not finish within ${taskTimeout} ms (taskTimeout ${taskTimeout} ms per task)`
      : `${named}, whose promises were awaited together, did not finish within ${limit} ms (taskTimeout ${taskTimeout} ms per task)`;
  return new TempestError(
    'TASK_TIMEOUT',
    `${what} in ${where}. ${afterTimeout} Raise taskTimeout if the tasks are just slow, or look for a task that never returns.`,
    { index: late[0], ...taskFields(late), value: limit },
  );
}

/**
 * The error of a map that no worker is left to run: every one is lost to a timed-out task.
 * @param kind - what a worker is called
 * @param waiting - the task indices not handed out, ascending, not empty
 * @param taskTimeout - the pool's limit
 * @returns a TASK_TIMEOUT error
 */
export function starvedError(kind: string, waiting: readonly number[], taskTimeout: number): TempestError {
  return new TempestError(
    'TASK_TIMEOUT',
    `Every ${kind} of this pool is still running a task that exceeded taskTimeout (${taskTimeout} ms per task), so none is left to run ${describeTasks(waiting)}. Close the pool, then raise taskTimeout or fix the task that never returns.`,
    { index: waiting[0], ...taskFields(waiting), value: taskTimeout },
  );
}
