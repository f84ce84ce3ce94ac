import { TaskClock, WorkerLoop, decodeFrame, encodeFrame, type MasterMessage, type WorkerConfig } from '@tempest/pool';
import { encode } from '@tempest/serialize';
import type { MpiBinding, MpiMessage } from './binding.js';
import { TAG_OVERDUE, TAG_PROTOCOL } from './mpi-tags.js';

/**
 * A waiting worker rank polls for its next chunk at most this fraction of its tasks' mean time
 * apart (and a quarter of the time it has waited so far: see the addon's `receive`), between 50 µs
 * and 2 ms, and up to 2 ms apart once it has waited 64 times that: a chunk is then picked up at
 * most 2% of a task late, and ranks waiting on a machine with fewer cores than ranks (or waiting
 * long, whatever their tasks) leave the cores to the ranks that work.
 */
const POLL_FRACTION_OF_TASK = 0.02;
const MIN_POLL_US = 50;
const MAX_POLL_US = 2000;

/**
 * A worker rank waits for its next chunk on its JavaScript thread (the addon's `receiveWait`) in
 * slices this long, and lets its event loop run between them (signals, timers of the user's code).
 */
const WAIT_SLICE_US = 20_000;

/**
 * The master's next message: waited for on this thread where the binding can (the message then
 * reaches JavaScript without waking a libuv thread and then the event loop: two scheduling delays
 * on a machine with fewer cores than ranks, one here), else with the binding's asynchronous receive.
 * @returns the message, or null when receives were cancelled
 */
async function nextMessage(binding: MpiBinding, comm: number, anyTag: number, maxSleepUs: number): Promise<MpiMessage | null> {
  if (binding.receiveWait === undefined) return binding.receive(comm, 0, anyTag, 0, maxSleepUs, MAX_POLL_US);
  const started = performance.now();
  for (;;) {
    const waitedUs = Math.round(1000 * (performance.now() - started));
    const received = binding.receiveWait(comm, 0, anyTag, 0, maxSleepUs, MAX_POLL_US, waitedUs, WAIT_SLICE_US);
    if (received !== undefined) return received;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** What a worker rank needs to serve its pool. */
export interface MpiWorkerSettings {
  readonly binding: MpiBinding;
  /** The pool's communicator handle (its private duplicate). */
  readonly comm: number;
  /** MPI_ANY_TAG of the loaded library. */
  readonly anyTag: number;
  /** What this rank runs, from its own pool options (`shipCode`, `allowModules`), whatever the master sends. */
  readonly config: WorkerConfig;
  /** Whether the addon's task watchdog may send from its own thread (MPI_THREAD_MULTIPLE). */
  readonly threadMultiple: boolean;
}

/**
 * The MPI transport of the worker side: receives frames from the master (rank 0 of the
 * communicator) and hands each chunk to `@tempest/pool`'s {@link WorkerLoop}, one at a time, so
 * that the master balances the load; replies go back as frames. With a `taskTimeout` (which the
 * master sends with each chunk) the addon's watchdog thread times each task through the loop's
 * task clock and reports a late one itself: this rank's JavaScript may be stuck in it. Idle, the
 * rank sleeps in the addon's `receiveWait` (a back-off poll on this thread, in slices between
 * which its event loop runs), it does not spin.
 * @param settings - binding, communicator, constants, what the rank accepts
 * @returns when the master has closed the pool (or receives were cancelled at exit)
 */
export async function serveRank(settings: MpiWorkerSettings): Promise<void> {
  const { binding, comm, anyTag, config, threadMultiple } = settings;
  const clock = new TaskClock();
  const loop = new WorkerLoop({
    config,
    clock,
    send: (reply) => binding.sendNow(comm, 0, TAG_PROTOCOL, encodeFrame(reply)),
    trySend: encode,
  });
  let watchdog: number | undefined;
  let taskMs: number | undefined;
  try {
    for (;;) {
      const maxSleepUs = taskMs === undefined ? MAX_POLL_US : Math.min(MAX_POLL_US, Math.max(MIN_POLL_US, 1000 * POLL_FRACTION_OF_TASK * taskMs));
      const received = await nextMessage(binding, comm, anyTag, maxSleepUs);
      if (received === null) return;
      const message = decodeFrame<MasterMessage>(received.data);
      if (message.type === 'stop') return;
      if (message.taskTimeout !== undefined && watchdog === undefined && threadMultiple) {
        watchdog = binding.watchTasks(comm, 0, TAG_OVERDUE, new Int32Array(clock.buffer), message.taskTimeout);
      }
      const ran = await loop.run(message);
      // The tasks' mean time, following changes (a quarter weight to the newest chunk).
      if (ran.tasks > 0) taskMs = taskMs === undefined ? ran.busyMs / ran.tasks : 0.75 * taskMs + (0.25 * ran.busyMs) / ran.tasks;
    }
  } finally {
    if (watchdog !== undefined) binding.unwatchTasks(watchdog);
  }
}
