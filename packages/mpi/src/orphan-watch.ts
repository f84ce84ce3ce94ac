// OpenMPI's mpirun, on Ctrl-C, forwards SIGCONT to the ranks and then usually SIGTERM a second
// later; but sometimes it exits about 0.1 s after the SIGCONT without sending SIGTERM, and the
// ranks, orphaned, are killed by the MPI runtime within a second or so. Nothing would then run a
// rank's SIGTERM handler (the CLI saving its state). So while a pool is open, a rank whose parent
// process goes away sends itself SIGTERM: the handlers run, and without one the rank ends.

/** How often the parent is checked (the runtime kills an orphan after roughly 0.5–1 s). */
const CHECK_EVERY_MS = 100;

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Starts watching for this process's parent to go away (idempotent). The timer never keeps the
 * process alive.
 */
export function watchForOrphaning(): void {
  if (timer !== undefined) return;
  const parent = process.ppid;
  timer = setInterval(() => {
    if (process.ppid === parent) return;
    stopWatchingForOrphaning();
    process.kill(process.pid, 'SIGTERM');
  }, CHECK_EVERY_MS);
  timer.unref();
}

/** Stops the watch (when no pool is open). */
export function stopWatchingForOrphaning(): void {
  if (timer === undefined) return;
  clearInterval(timer);
  timer = undefined;
}
