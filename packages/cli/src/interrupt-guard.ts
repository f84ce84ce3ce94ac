/** Thrown inside the run to stop it at a clean point after Ctrl-C. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

/**
 * Turns the first SIGINT into a request to stop at the next clean point (the run checks
 * {@link InterruptGuard.check} before every batch of prior transforms, which start every
 * likelihood batch). A second SIGINT, or a SIGTERM (what `kill`, Slurm's time limit and mpirun's
 * Ctrl-C send, the last two with SIGKILL a moment later), cannot wait for that: it calls
 * {@link InterruptGuard.onUrgent}, which saves what is complete and exits.
 */
export class InterruptGuard {
  /** Whether Ctrl-C was pressed. */
  requested = false;
  /**
   * Called on a second SIGINT (exit code 130) or a SIGTERM (143); it must end the process. Without
   * one the process exits at once with that code.
   */
  onUrgent: ((exitCode: number) => void) | undefined;
  private urgent = false;
  private readonly onSignal = () => {
    if (this.requested) return this.stopNow(130);
    this.requested = true;
    this.onRequest?.();
  };
  private readonly onTerminate = () => {
    this.requested = true;
    this.stopNow(143);
  };

  /** @param onRequest - called once, when the first SIGINT arrives (e.g. to say the run is stopping) */
  constructor(private readonly onRequest?: () => void) {}

  /** Starts listening for SIGINT and SIGTERM. */
  install(): this {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onTerminate);
    return this;
  }

  /** Stops listening (the default signal behaviour returns). */
  uninstall(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onTerminate);
  }

  private stopNow(exitCode: number): void {
    if (this.urgent || this.onUrgent === undefined) process.exit(exitCode);
    this.urgent = true;
    this.onUrgent(exitCode);
  }

  /**
   * Throws {@link Interrupted} when a stop was requested.
   * @throws {Interrupted}
   */
  check(): void {
    if (this.requested) throw new Interrupted();
  }
}
