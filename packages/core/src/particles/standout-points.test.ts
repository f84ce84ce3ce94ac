import { describe, expect, it } from 'vitest';
import { StandoutPoints } from './standout-points.js';

/** 1-D points at 0.001 k with log-likelihoods `logl`. */
function batch(logl: number[]): { u: Float64Array; logl: Float64Array } {
  return { u: Float64Array.from(logl, (_, k) => 0.001 * k), logl: Float64Array.from(logl) };
}

describe('StandoutPoints', () => {
  it('keeps the highest log-likelihoods offered, whatever the batches, and skips -Infinity', () => {
    const values = [3, -1, 7, 7, -Infinity, 2, 9, 0, 7, 5];
    const whole = new StandoutPoints(1, 4);
    const all = batch(values);
    whole.offer(all.u, all.logl, values.length);
    expect(Array.from(whole.snapshot().logl).sort((a, b) => b - a)).toEqual([9, 7, 7, 7]);
    const pieces = new StandoutPoints(1, 4);
    for (let k = 0; k < values.length; k += 3) {
      const part = { u: all.u.slice(k, k + 3), logl: all.logl.slice(k, k + 3) };
      pieces.offer(part.u, part.logl, part.logl.length);
    }
    expect(pieces.snapshot()).toEqual(whole.snapshot());
    // A tie with the lowest kept does not replace it: the first 7s offered stay.
    expect(Array.from(whole.snapshot().u).sort()).toEqual([0.002, 0.003, 0.006, 0.008].map((v) => expect.closeTo(v, 15)));
  });

  it('restores from its snapshot to the same state, so a resumed run keeps the same points', () => {
    const a = new StandoutPoints(2, 3);
    const first = { u: Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), logl: Float64Array.of(1, 5, 3) };
    a.offer(first.u, first.logl, 3);
    const b = new StandoutPoints(2, 3);
    const saved = a.snapshot();
    b.restore(saved.u, saved.logl);
    const later = { u: Float64Array.of(0.9, 0.9, 0.8, 0.8), logl: Float64Array.of(4, 0) };
    a.offer(later.u, later.logl, 2);
    b.offer(later.u, later.logl, 2);
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(Array.from(a.snapshot().logl)).toEqual([4, 5, 3]);
    expect(a.count).toBe(3);
  });
});
