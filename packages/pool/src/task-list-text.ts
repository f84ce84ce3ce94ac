/** How many task indices a message names before it says how many more there are. */
const NAMED = 6;

/**
 * Names tasks in a message: `task 7`, `tasks 3–9` when they are consecutive, otherwise a list
 * (`tasks 3, 17 and 42`), cut after a few (`tasks 3, 5, 9, 12, 17 and 40 more, up to 201`). With
 * cost hints a chunk's tasks are not consecutive, so a range would name tasks it never had.
 * @param indices - task indices, ascending, not empty
 * @returns the phrase, lower case
 */
export function describeTasks(indices: readonly number[]): string {
  const n = indices.length;
  if (n === 1) return `task ${indices[0]}`;
  const first = indices[0];
  const last = indices[n - 1];
  if (last - first + 1 === n) return `tasks ${first}–${last}`;
  if (n <= NAMED) return `tasks ${indices.slice(0, n - 1).join(', ')} and ${last}`;
  return `tasks ${indices.slice(0, NAMED - 1).join(', ')} and ${n - NAMED + 1} more, up to ${last}`;
}

/**
 * @param indices - task indices, ascending, not empty
 * @returns {@link describeTasks} with a capital letter, to start a sentence
 */
export function describeTasksCapitalized(indices: readonly number[]): string {
  const text = describeTasks(indices);
  return text[0].toUpperCase() + text.slice(1);
}

/**
 * The `tasks` and `taskIndices` fields of an error about these tasks.
 * @param indices - task indices, ascending, not empty
 * @returns `tasks: [lowest, highest]` and every index
 */
export function taskFields(indices: readonly number[]): { tasks: [number, number]; taskIndices: number[] } {
  return { tasks: [indices[0], indices[indices.length - 1]], taskIndices: [...indices] };
}
