import { describe, expect, it } from 'vitest';
import { TaskClock } from './task-clock.js';
import { TaskWatch, watchPeriod, type OverdueTask } from './task-watch.js';

describe('TaskClock and TaskWatch', () => {
  it('the clock shows the running task, and nothing between tasks', () => {
    const clock = new TaskClock();
    expect(clock.read()).toBeUndefined();
    clock.begin(7, 12);
    expect(clock.read()).toMatchObject({ chunk: 7, index: 12, weight: 1 });
    clock.begin(7, 13, 3); // ends task 12 and starts 13 (with two more awaited together)
    expect(clock.read()).toMatchObject({ chunk: 7, index: 13, weight: 3 });
    clock.end();
    expect(clock.read()).toBeUndefined();
    // A reader on the same memory (another thread's view) sees the same.
    clock.begin(1, 2);
    expect(new TaskClock(clock.buffer).read()).toMatchObject({ chunk: 1, index: 2 });
  });

  it('reports a task once it has run weight × limit since it was first seen, once, and never a task that ended', () => {
    let now = 0;
    const reports: OverdueTask[] = [];
    const clock = new TaskClock();
    const watch = new TaskWatch(100, (_key, task) => reports.push(task), () => now);
    watch.watch(1, clock);
    clock.begin(3, 0);
    watch.poll(); // seen at 0
    now = 99;
    watch.poll();
    expect(reports).toEqual([]);
    clock.begin(3, 1); // task 0 ended in time; task 1 starts, seen at 120
    now = 120;
    watch.poll();
    now = 219;
    watch.poll();
    expect(reports).toEqual([]);
    now = 220;
    watch.poll();
    watch.poll();
    expect(reports).toEqual([{ chunk: 3, index: 1, weight: 1, elapsedMs: 100 }]);
    clock.begin(4, 10, 2); // two tasks awaited together: 200 ms
    now = 300;
    watch.poll();
    now = 450;
    watch.poll();
    expect(reports).toHaveLength(1);
    now = 500;
    watch.poll();
    expect(reports[1]).toMatchObject({ chunk: 4, index: 10, weight: 2 });
    watch.stop();
  });

  it('polls ten times per limit, between 5 and 250 ms', () => {
    expect(watchPeriod(10)).toBe(5);
    expect(watchPeriod(1000)).toBe(100);
    expect(watchPeriod(60_000)).toBe(250);
  });
});
