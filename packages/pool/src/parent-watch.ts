// A watchdog thread of a ProcessPool child: it checks every PARENT_CHECK_MS whether the process
// that forked this child still is its parent, and if not SIGKILLs this whole process. It runs on
// its own thread, so a child whose main thread is stuck in a hung likelihood (which never lets the
// IPC 'disconnect' event run) still ends when its parent dies, even by SIGKILL. The child holds no
// state worth saving: the parent keeps the run.
import { workerData } from 'node:worker_threads';

/** How often the parent is checked. */
const PARENT_CHECK_MS = 200;

const parent = (workerData as { parentPid: number }).parentPid;
setInterval(() => {
  // Reparented (to init or a subreaper) once the parent has died.
  if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
}, PARENT_CHECK_MS);
