/**
 * Turns SIGINT (Ctrl-C, exit code 130) and SIGTERM (`kill`, a batch system's time limit, Ctrl-C on
 * mpirun; exit code 143) into a call of {@link InterruptGuard.onSignal}, which saves what is
 * complete and exits. It acts at once rather than at the end of the iteration: batch systems and
 * mpirun send SIGKILL a moment after SIGTERM, and the sampler can save its last complete iteration
 * while another is in flight. The likelihood runs off the main thread (`--pool serial` uses a
 * worker thread of its own), so the signal is seen at once even while a call never returns; with
 * `--pool main` a serial batch yields to the event loop every ~50 ms, so the signal is seen
 * within a likelihood call or so. A signal after the first exits at once.
 */
export class InterruptGuard {
  /** Called on the first signal with the exit code to end with; it must end the process. */
  onSignal: ((exitCode: number) => void) | undefined;
  private stopping = false;
  private readonly onInterrupt = () => this.stop(130);
  private readonly onTerminate = () => this.stop(143);

  /**
   * Starts listening for SIGINT and SIGTERM.
   * @returns this guard
   */
  install(): this {
    process.on('SIGINT', this.onInterrupt);
    process.on('SIGTERM', this.onTerminate);
    return this;
  }

  /** Stops listening (the default signal behaviour returns). */
  uninstall(): void {
    process.off('SIGINT', this.onInterrupt);
    process.off('SIGTERM', this.onTerminate);
  }

  private stop(exitCode: number): void {
    if (this.stopping || this.onSignal === undefined) process.exit(exitCode);
    this.stopping = true;
    this.onSignal(exitCode);
  }
}
