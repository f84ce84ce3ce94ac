/**
 * Median wall time of `reps` awaited calls of `f`, after `warmups` untimed calls (JIT, caches).
 * @param f - the work to time (sync or async)
 * @param reps - timed calls
 * @param warmups - untimed calls first
 * @returns milliseconds
 */
export async function medianMs(f: () => unknown, reps: number, warmups: number): Promise<number> {
  for (let w = 0; w < warmups; w++) await f();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
