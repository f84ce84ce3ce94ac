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
 * likelihood batch); a second SIGINT exits at once with code 130.
 */
export class InterruptGuard {
  /** Whether Ctrl-C was pressed. */
  requested = false;
  private readonly onSignal = () => {
    if (this.requested) process.exit(130);
    this.requested = true;
    this.onRequest?.();
  };

  /** @param onRequest - called once, when the first SIGINT arrives (e.g. to say the run is stopping) */
  constructor(private readonly onRequest?: () => void) {}

  /** Starts listening for SIGINT. */
  install(): this {
    process.on('SIGINT', this.onSignal);
    return this;
  }

  /** Stops listening (the default SIGINT behaviour returns). */
  uninstall(): void {
    process.off('SIGINT', this.onSignal);
  }

  /**
   * Throws {@link Interrupted} when a stop was requested.
   * @throws {Interrupted}
   */
  check(): void {
    if (this.requested) throw new Interrupted();
  }
}
