import { describe, expect, it } from 'vitest';
import { describeTasks, describeTasksCapitalized, taskFields } from './task-list-text.js';

describe('describeTasks', () => {
  it('names one task, a run of consecutive tasks as a range, and scattered tasks one by one', () => {
    expect(describeTasks([7])).toBe('task 7');
    expect(describeTasks([3, 4, 5, 6])).toBe('tasks 3–6');
    expect(describeTasks([3, 17, 42])).toBe('tasks 3, 17 and 42');
    expect(describeTasks([1, 2, 4, 8, 16, 32])).toBe('tasks 1, 2, 4, 8, 16 and 32');
    expect(describeTasks([1, 2, 4, 8, 16, 32, 64, 128])).toBe('tasks 1, 2, 4, 8, 16 and 3 more, up to 128');
    expect(describeTasksCapitalized([3, 17])).toBe('Tasks 3 and 17');
  });

  it('gives the lowest and highest task and every index as error fields', () => {
    expect(taskFields([3, 17, 42])).toEqual({ tasks: [3, 42], taskIndices: [3, 17, 42] });
  });
});
