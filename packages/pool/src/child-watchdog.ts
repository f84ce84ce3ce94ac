// The watchdog thread of a ProcessPool child. It runs on its own thread, so it works while the
// child's main thread is stuck in a task that never yields:
// - every PARENT_CHECK_MS it checks whether the process that forked this child still is its
//   parent, and if not SIGKILLs this whole process (a child stuck in a hung likelihood never lets
//   the IPC 'disconnect' event run); the child holds no state worth saving, the parent keeps the run;
// - with a taskTimeout, it times each task through the task clock the main thread writes, and
//   reports a late one to the master on the report pipe (fd 4), which the master reads while the
//   main thread cannot send anything; the master then stops this child and replaces it.
import { writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { TaskClock } from './task-clock.js';
import { TaskWatch } from './task-watch.js';

/** How often the parent is checked. */
const PARENT_CHECK_MS = 200;
/** The child's file descriptor of the pipe to the master (ProcessPool's fork stdio). */
const REPORT_FD = 4;

const { parentPid, clock, taskTimeout } = workerData as { parentPid: number; clock?: SharedArrayBuffer; taskTimeout?: number };
setInterval(() => {
  // Reparented (to init or a subreaper) once the parent has died.
  if (process.ppid !== parentPid) process.kill(process.pid, 'SIGKILL');
}, PARENT_CHECK_MS);

if (clock instanceof SharedArrayBuffer && typeof taskTimeout === 'number' && Number.isFinite(taskTimeout)) {
  const watch = new TaskWatch(taskTimeout, (_key, task) => {
    try {
      writeSync(REPORT_FD, `${JSON.stringify({ type: 'overdue', ...task })}\n`);
    } catch {
      // the master is gone or closed the pipe: the parent check ends this child
    }
  });
  // The parent check's interval keeps this thread alive (the watch's own timer is unref'd).
  watch.watch(0, new TaskClock(clock));
}
