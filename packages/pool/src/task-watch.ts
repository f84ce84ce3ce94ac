import type { TaskClock } from './task-clock.js';

/** A task that ran past its limit, as a {@link TaskWatch} reports it. */
export interface OverdueTask {
  /** The chunk's id. */
  readonly chunk: number;
  /** The task's index in its map (the first of them when several share the interval). */
  readonly index: number;
  /** How many tasks share the interval; the limit was `weight × taskTimeout`. */
  readonly weight: number;
  /** How long it had run when it was seen, in milliseconds (at least the limit). */
  readonly elapsedMs: number;
}

interface Watched {
  readonly clock: TaskClock;
  counter: number;
  seenAt: number;
  reported: boolean;
}

/**
 * How often a watch looks at its clocks: a tenth of the limit, between 5 and 250 ms. A task is
 * reported between `limit` and `limit + period` after it started, never before.
 * @param limitMs - the per-task limit
 * @returns the polling period in milliseconds
 */
export function watchPeriod(limitMs: number): number {
  return Math.min(250, Math.max(5, limitMs / 10));
}

/**
 * Times tasks through their workers' {@link TaskClock}s: each task that runs longer than
 * `weight × limitMs` (from when the watch first saw it start) is reported once. A task's start is
 * noticed by polling, so a report comes at most one polling period late and never early. The
 * polling timer never keeps the process alive.
 *
 * @example
 * ```ts
 * const watch = new TaskWatch(1000, (worker, task) => console.log(`worker ${worker}: task ${task.index} is late`));
 * watch.watch(7, clockOfWorker7);
 * ```
 */
export class TaskWatch<K = number> {
  private readonly clocks = new Map<K, Watched>();
  private timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param limitMs - milliseconds a task may run (finite)
   * @param onOverdue - called once per late task, with the key it was watched under
   * @param now - the clock in milliseconds (for tests)
   */
  constructor(
    private readonly limitMs: number,
    private readonly onOverdue: (key: K, task: OverdueTask) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Starts watching a clock (replacing any clock watched under the key).
   * @param key - reported with each late task
   * @param clock - the worker's clock
   */
  watch(key: K, clock: TaskClock): void {
    this.clocks.set(key, { clock, counter: -1, seenAt: this.now(), reported: false });
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.poll(), watchPeriod(this.limitMs));
      // Node's timers keep a process alive unless unref'd; a browser's are numbers.
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /**
   * Stops watching a clock.
   * @param key - as given to {@link watch}
   */
  unwatch(key: K): void {
    this.clocks.delete(key);
    if (this.clocks.size === 0) this.stop();
  }

  /** Stops watching every clock. */
  stop(): void {
    this.clocks.clear();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Looks at every clock once (the timer calls it; tests may too). */
  poll(): void {
    const now = this.now();
    for (const [key, w] of this.clocks) {
      const task = w.clock.read();
      if (task === undefined) continue;
      if (task.counter !== w.counter) {
        w.counter = task.counter;
        w.seenAt = now;
        w.reported = false;
        continue;
      }
      const elapsedMs = now - w.seenAt;
      if (w.reported || elapsedMs < this.limitMs * Math.max(1, task.weight)) continue;
      w.reported = true;
      this.onOverdue(key, { chunk: task.chunk, index: task.index, weight: task.weight, elapsedMs });
    }
  }
}
