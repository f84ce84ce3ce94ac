// A worker stuck in a synchronous task never returns to its event loop, so it cannot say that its
// task is late. What it can do, before each task, is write which task it starts into shared
// memory; something else then times the task: the master of a ThreadPool (the same memory), a
// watchdog thread of a ProcessPool child, or the MPI addon's watchdog thread on a worker rank.
//
// Layout, four int32 cells: [0] a counter that is odd while a task runs (so a reader sees each new
// task, even when the same index runs twice); [1] the chunk's id; [2] the task's index in its map;
// [3] how many tasks share this interval (1 for a task called on its own; k while a chunk awaits
// the k promises its tasks returned, which run together). The index, chunk and weight are written
// before the counter turns odd, and a reader that sees the counter change while it reads skips
// the reading: it never pairs one task's index with another's start. The MPI addon reads the same
// layout (native/src/tempest_mpi.cc); keep the two in step.

/** Bytes of the shared memory of one {@link TaskClock}. */
export const TASK_CLOCK_BYTES = 16;

/** What a {@link TaskClock} shows: the task running now. */
export interface RunningTask {
  /** Changes every time a task starts or ends. */
  readonly counter: number;
  /** The id of the chunk the scheduler sent (see `RunMessage.chunk`). */
  readonly chunk: number;
  /** The task's index in its `map`. */
  readonly index: number;
  /** How many tasks share this interval (1, or k tasks of a chunk whose promises are awaited together). */
  readonly weight: number;
}

/**
 * The shared record of the task a worker is running, written by the worker before and after each
 * task and read by whatever times the tasks from outside the worker's thread.
 *
 * @example
 * ```ts
 * const clock = new TaskClock();            // in the master; clock.buffer goes to the worker
 * const inWorker = new TaskClock(buffer);   // in the worker
 * inWorker.begin(chunk, index); fn(task); inWorker.end();
 * ```
 */
export class TaskClock {
  /** The shared memory (hand it to the worker, or to a watchdog). */
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  /**
   * @param buffer - existing shared memory of {@link TASK_CLOCK_BYTES} bytes, or none for new
   */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(TASK_CLOCK_BYTES)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer, 0, 4);
  }

  /**
   * Marks a task as started (ending the previous one if it was not ended).
   * @param chunk - the chunk's id
   * @param index - the task's index in its map
   * @param weight - tasks sharing the interval (default 1)
   */
  begin(chunk: number, index: number, weight = 1): void {
    const c = this.cells;
    if ((Atomics.load(c, 0) & 1) === 1) Atomics.add(c, 0, 1);
    Atomics.store(c, 1, chunk);
    Atomics.store(c, 2, index);
    Atomics.store(c, 3, weight);
    Atomics.add(c, 0, 1);
  }

  /** Marks the running task as ended (nothing runs until the next {@link begin}). */
  end(): void {
    if ((Atomics.load(this.cells, 0) & 1) === 1) Atomics.add(this.cells, 0, 1);
  }

  /**
   * @returns the task running now, or undefined when none runs (or one started during the reading)
   */
  read(): RunningTask | undefined {
    const c = this.cells;
    const counter = Atomics.load(c, 0);
    if ((counter & 1) === 0) return undefined;
    const chunk = Atomics.load(c, 1);
    const index = Atomics.load(c, 2);
    const weight = Atomics.load(c, 3);
    return Atomics.load(c, 0) === counter ? { counter, chunk, index, weight } : undefined;
  }
}
