import { inspect } from 'node:util';
import type { MpiBinding } from './binding.js';
import { stopWatchingForOrphaning, watchForOrphaning } from './orphan-watch.js';

// Pools created in this process and not yet closed. A rank may only finalize when none is open:
// MPI_Finalize waits for every rank, so after a failure it would hang the job; MPI_Abort ends it.
let open = 0;
let installed = false;
let addon: MpiBinding | undefined;

/** Records that a pool was created in this process. */
export function poolOpened(): void {
  open++;
  addon?.setCleanExit(false);
  watchForOrphaning();
}

/** Records that a pool was closed cleanly. */
export function poolClosed(): void {
  open--;
  addon?.setCleanExit(open === 0);
  if (open === 0) stopWatchingForOrphaning();
}

/**
 * At process exit: cancel pending receives (so libuv can join its threads), then MPI_Finalize when
 * the exit is clean (code 0 and every pool closed) or the job has one process, else MPI_Abort with
 * the exit code, which ends every rank of the job instead of leaving them waiting.
 * @param binding - the loaded addon
 * @param worldSize - size of MPI_COMM_WORLD
 */
export function installExitPolicy(binding: MpiBinding, worldSize: number): void {
  if (installed) return;
  installed = true;
  addon = binding;
  binding.setCleanExit(open === 0);
  // Node prints an uncaught error only after the 'exit' handlers, and MPI_Abort would kill the
  // process first: keep the error and print it here.
  let fatal: { error: unknown } | undefined;
  process.on('uncaughtExceptionMonitor', (error) => {
    fatal ??= { error };
  });
  process.on('exit', (code) => {
    binding.cancelReceives();
    if (worldSize === 1 || (code === 0 && open === 0)) {
      binding.finalize();
      return;
    }
    if (fatal !== undefined) process.stderr.write(`Uncaught ${inspect(fatal.error)}\n`);
    const why = code !== 0 ? `exited with code ${code}` : `exited with ${open} MPIPool(s) still open (pool.close() was not called)`;
    process.stderr.write(`@tempest/mpi: this rank ${why}; calling MPI_Abort so that no other rank waits forever.\n`);
    binding.abort(code === 0 ? 1 : code);
  });
}
