import { describe, expect, it } from 'vitest';
import { mulberry32 } from './test-support/seeded-random.js';
import { TaskTimeEstimate } from './task-time-estimate.js';

describe('TaskTimeEstimate', () => {
  it('knows nothing before two chunks, and sees tasks of equal cost as not varying', () => {
    const e = new TaskTimeEstimate();
    expect(e.variation).toBeUndefined();
    e.record(8, 160);
    expect(e.variation).toBeUndefined();
    expect(e.meanMs).toBe(20);
    for (let k = 0; k < 20; k++) e.record(1 + (k % 5), 20 * (1 + (k % 5)));
    expect(e.variation).toBeCloseTo(0, 6);
  });

  it('estimates the variation of single tasks from chunks of several', () => {
    // Task times uniform on [10, 30]: mean 20, sd 20 / sqrt(12), so variation 0.289. Chunks of 1–8
    // tasks; older chunks fade (decay 0.99), so the estimate rests on about 100 chunks and its
    // relative standard error is about 1 / sqrt(2 × 100) = 7%: allowed 3 of them.
    const random = mulberry32(9);
    const e = new TaskTimeEstimate();
    for (let k = 0; k < 4000; k++) {
      const n = 1 + Math.floor(random() * 8);
      let busy = 0;
      for (let i = 0; i < n; i++) busy += 10 + 20 * random();
      e.record(n, busy);
    }
    expect(e.variation).toBeGreaterThan(0.289 * 0.79);
    expect(e.variation).toBeLessThan(0.289 * 1.21);
  });
});
