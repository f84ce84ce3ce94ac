import { TempestError } from './tempest-error.js';

/**
 * Checks that `map` was given an array of tasks, the first thing every pool's `map` does.
 * @param tasks - what `map` received
 * @throws {TempestError} INVALID_ARGUMENT naming what was passed instead
 */
export function assertTaskArray(tasks: unknown): asserts tasks is readonly unknown[] {
  if (!Array.isArray(tasks)) {
    throw new TempestError('INVALID_ARGUMENT', `map needs an array of tasks; got ${tasks === null ? 'null' : typeof tasks}. Use Array.from(iterable) for other collections.`, { option: 'tasks', value: tasks });
  }
}
