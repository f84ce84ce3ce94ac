import { inspect } from 'node:util';
import type { MpiBinding } from './binding.js';
import { stopWatchingForOrphaning, watchForOrphaning } from './orphan-watch.js';

// Every policy of this process (one per binding: the addon, or a binding a test injected), served
// by one pair of process listeners.
const policies = new Set<ExitPolicy>();
let listening = false;
// Node prints an uncaught error only after the 'exit' handlers, and MPI_Abort would kill the
// process first: keep the error and print it at exit.
let fatal: { error: unknown } | undefined;
// Pools open across every policy: the orphan watch runs while there is one.
let openPools = 0;

function listen(): void {
  if (listening) return;
  listening = true;
  process.on('uncaughtExceptionMonitor', (error) => {
    fatal ??= { error };
  });
  process.on('exit', (code) => {
    for (const policy of policies) policy.atExit(code);
  });
}

/**
 * When a process may finalize MPI, and when it must abort the job instead. MPI_Finalize waits for
 * every rank, so after a failure it would hang the job; MPI_Abort ends it. A process therefore
 * finalizes only when it exits cleanly (code 0) with every pool closed and no worker rank left in
 * a timed-out task (or when the job has one process); otherwise it calls MPI_Abort, which ends
 * every rank instead of leaving them waiting. One policy per binding.
 */
export class ExitPolicy {
  /** Pools created with the binding and not yet closed. */
  private open = 0;
  /** Why this process must end the job with MPI_Abort even on a clean exit (a worker rank that never answered). */
  private abandoned: string | undefined;

  /**
   * Installs the policy: at process exit, pending receives are cancelled (so libuv can join its
   * threads), then MPI is finalized or the job aborted.
   * @param binding - the initialised binding
   * @param worldSize - size of MPI_COMM_WORLD
   */
  constructor(
    private readonly binding: MpiBinding,
    private readonly worldSize: number,
  ) {
    binding.setCleanExit(true);
    policies.add(this);
    listen();
  }

  /** Records that a pool was created with this binding. */
  poolOpened(): void {
    this.open++;
    openPools++;
    this.binding.setCleanExit(false);
    watchForOrphaning();
  }

  /** Records that a pool was closed cleanly. */
  poolClosed(): void {
    this.closed();
    this.binding.setCleanExit(this.open === 0 && this.abandoned === undefined);
  }

  /**
   * Records that a pool was closed while some of its worker ranks were still running tasks that had
   * timed out: they cannot be stopped on their own and would never finalize, so at exit this
   * process calls MPI_Abort, whatever its exit code, which ends every rank of the job.
   * @param why - what to print at exit, e.g. `worker rank 2 of an MPIPool was still running a task past taskTimeout`
   */
  poolAbandoned(why: string): void {
    this.abandoned = why;
    this.closed();
    this.binding.setCleanExit(false);
    // The receive that waited for the lost rank would keep the process alive forever; with no pool
    // left open nothing else is waiting for a message, so every receive can end now.
    if (this.open === 0) this.binding.cancelReceives();
  }

  /**
   * At process exit: finalize when clean, else print why and abort.
   * @param code - the process's exit code
   */
  atExit(code: number): void {
    this.binding.cancelReceives();
    if (this.worldSize === 1 || (code === 0 && this.open === 0 && this.abandoned === undefined)) {
      this.binding.finalize();
      return;
    }
    if (fatal !== undefined) process.stderr.write(`Uncaught ${inspect(fatal.error)}\n`);
    const why = this.abandoned !== undefined ? `exited while ${this.abandoned}` : code !== 0 ? `exited with code ${code}` : `exited with ${this.open} MPIPool(s) still open (pool.close() was not called)`;
    process.stderr.write(`@tempest/mpi: this rank ${why}; calling MPI_Abort so that no other rank waits forever.\n`);
    this.binding.abort(code === 0 ? 1 : code);
  }

  private closed(): void {
    this.open--;
    if (--openPools === 0) stopWatchingForOrphaning();
  }
}
