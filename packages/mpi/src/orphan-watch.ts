// OpenMPI's mpirun, on Ctrl-C, forwards SIGCONT to the ranks and then usually SIGTERM a second
// later; but sometimes it exits about 0.1 s after the SIGCONT without sending SIGTERM, and the
// ranks, orphaned, are killed by the MPI runtime within a second or so. Nothing would then run a
// rank's SIGTERM handler (the CLI saving its state). So while a pool is open, a rank whose parent
// process (mpirun, or the launcher's daemon) goes away sends itself SIGTERM: the handlers run, and
// without one the rank ends.
//
// The watch runs on a thread of its own, not on the event loop: a worker rank stuck in a hung
// synchronous likelihood never returns to its loop, so a timer there would never fire. And such a
// rank cannot run its SIGTERM handler either (nor can a CLI worker rank, which ignores SIGTERM so
// that the master saves first), so a rank still alive ORPHAN_GRACE_MS after the SIGTERM is
// SIGKILLed: worker ranks hold nothing worth saving, and the grace leaves a master time to save.
// Not every launcher tears down orphans itself (OpenMPI 4 does; others may not).
import { Worker } from 'node:worker_threads';

/** How often the parent is checked (the runtime kills an orphan after roughly 0.5–1 s). */
const CHECK_EVERY_MS = 100;
/** How long an orphaned rank has, after its SIGTERM, before the watchdog SIGKILLs it. */
export const ORPHAN_GRACE_MS = 2000;

// Plain JavaScript evaluated in the thread (no file to build or to find, no loader needed); a
// dynamic import works whether Node evaluates it as a script or as a module (--input-type).
const WATCHDOG = `
import('node:worker_threads').then(({ workerData }) => {
  const { parentPid, checkEveryMs, graceMs } = workerData;
  const timer = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.kill(process.pid, 'SIGKILL'), graceMs);
  }, checkEveryMs);
});
`;

let watchdog: Worker | undefined;

/**
 * Starts watching, on a thread of its own, for this process's parent to go away (idempotent): the
 * process then gets SIGTERM, and SIGKILL {@link ORPHAN_GRACE_MS} later if it is still alive (a
 * rank stuck in a hung likelihood, or one that ignores SIGTERM). The thread never keeps the process
 * alive.
 */
export function watchForOrphaning(): void {
  if (watchdog !== undefined) return;
  // No execArgv of this process (loaders, --input-type): the watchdog needs none of them.
  watchdog = new Worker(WATCHDOG, { eval: true, execArgv: [], workerData: { parentPid: process.ppid, checkEveryMs: CHECK_EVERY_MS, graceMs: ORPHAN_GRACE_MS } });
  // A watchdog that failed to start must not take the rank down with it.
  watchdog.on('error', (error) => process.emitWarning(`@tempest/mpi: the orphan watchdog thread failed: ${error.message}`));
  watchdog.unref();
}

/** Stops the watch (when no pool is open). */
export function stopWatchingForOrphaning(): void {
  if (watchdog === undefined) return;
  void watchdog.terminate();
  watchdog = undefined;
}
