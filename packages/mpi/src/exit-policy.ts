import { inspect } from 'node:util';
import type { MpiBinding } from './binding.js';
import { stopWatchingForOrphaning, watchForOrphaning } from './orphan-watch.js';

// Pools created in this process and not yet closed. A rank may only finalize when none is open:
// MPI_Finalize waits for every rank, so after a failure it would hang the job; MPI_Abort ends it.
let open = 0;
let installed = false;
let addon: MpiBinding | undefined;
// Why this process must end the job with MPI_Abort even on a clean exit: a worker rank that never
// answered (a task past taskTimeout) would make MPI_Finalize wait forever.
let abandoned: string | undefined;

/** Records that a pool was created in this process. */
export function poolOpened(): void {
  open++;
  addon?.setCleanExit(false);
  watchForOrphaning();
}

/** Records that a pool was closed cleanly. */
export function poolClosed(): void {
  open--;
  addon?.setCleanExit(open === 0 && abandoned === undefined);
  if (open === 0) stopWatchingForOrphaning();
}

/**
 * Records that a pool was closed while some of its worker ranks were still running tasks that had
 * timed out: they cannot be stopped on their own and would never finalize, so at exit this
 * process calls MPI_Abort, whatever its exit code, which ends every rank of the job.
 * @param why - what to print at exit, e.g. `worker rank 2 did not finish its task within taskTimeout`
 */
export function poolAbandoned(why: string): void {
  abandoned = why;
  open--;
  addon?.setCleanExit(false);
  if (open > 0) return;
  stopWatchingForOrphaning();
  // The receive that waited for the lost rank would keep the process alive forever; with no pool
  // left open nothing else is waiting for a message, so every receive can end now.
  addon?.cancelReceives();
}

/**
 * At process exit: cancel pending receives (so libuv can join its threads), then MPI_Finalize when
 * the exit is clean (code 0, every pool closed and no worker rank left in a timed-out task) or the
 * job has one process, else MPI_Abort with the exit code, which ends every rank of the job instead
 * of leaving them waiting.
 * @param binding - the loaded addon
 * @param worldSize - size of MPI_COMM_WORLD
 */
export function installExitPolicy(binding: MpiBinding, worldSize: number): void {
  if (installed) return;
  installed = true;
  addon = binding;
  binding.setCleanExit(open === 0 && abandoned === undefined);
  // Node prints an uncaught error only after the 'exit' handlers, and MPI_Abort would kill the
  // process first: keep the error and print it here.
  let fatal: { error: unknown } | undefined;
  process.on('uncaughtExceptionMonitor', (error) => {
    fatal ??= { error };
  });
  process.on('exit', (code) => {
    binding.cancelReceives();
    if (worldSize === 1 || (code === 0 && open === 0 && abandoned === undefined)) {
      binding.finalize();
      return;
    }
    if (fatal !== undefined) process.stderr.write(`Uncaught ${inspect(fatal.error)}\n`);
    const why = abandoned !== undefined ? `exited while ${abandoned}` : code !== 0 ? `exited with code ${code}` : `exited with ${open} MPIPool(s) still open (pool.close() was not called)`;
    process.stderr.write(`@tempest/mpi: this rank ${why}; calling MPI_Abort so that no other rank waits forever.\n`);
    binding.abort(code === 0 ? 1 : code);
  });
}
