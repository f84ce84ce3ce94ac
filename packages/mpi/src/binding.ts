/** A received message. */
export interface MpiMessage {
  /** The sender's rank. */
  readonly source: number;
  /** The message's tag. */
  readonly tag: number;
  /** The bytes (the received memory itself, not a copy). */
  readonly data: Uint8Array;
}

/** What {@link MpiBinding.init} returns: the MPI library's constants. */
export interface MpiInit {
  /** Whether MPI calls may come from several threads (MPI_THREAD_MULTIPLE was provided). */
  readonly threadMultiple: boolean;
  /** The path of the loaded MPI library. */
  readonly library: string;
  /** The MPI library's version string. */
  readonly version: string;
  /** MPI_ANY_SOURCE of this library (OpenMPI and MPICH differ). */
  readonly anySource: number;
  /** MPI_ANY_TAG of this library. */
  readonly anyTag: number;
}

/**
 * What the native addon (`native/src/tempest_mpi.cc`) exports, and what a binding given to
 * `new MPIPool({ binding })` must implement (a test's in-process fake, or an addon loaded by the
 * caller). Communicators are small integer handles; 0 is MPI_COMM_WORLD.
 */
export interface MpiBinding {
  /** Initialises MPI (once per process) and returns the library's constants. */
  init(): MpiInit;
  /** This process's rank in a communicator. */
  commRank(comm: number): number;
  /** The number of ranks of a communicator. */
  commSize(comm: number): number;
  /** Collective. A negative color leaves the calling rank out (returns null). */
  commSplit(comm: number, color: number, key: number): number | null;
  /** Collective: a private duplicate of a communicator. */
  commDup(comm: number): number;
  /** Blocking standard-mode send of bytes. */
  send(comm: number, dest: number, tag: number, data: Uint8Array): void;
  /**
   * Non-blocking send (MPI_Isend) of a copy of the bytes: returns at once; the request is
   * completed by later calls (and before `finalize`). Messages keep their order with `send`'s.
   */
  sendNow(comm: number, dest: number, tag: number, data: Uint8Array): void;
  /**
   * Receives on a libuv thread that polls, spinning (yielding) for `spinUs` (default 50), then
   * sleeping a quarter of the time waited so far, at most `maxSleepUs` (default 2000) between
   * polls, a bound that grows to `idleSleepUs` (default `maxSleepUs`) as a 64th of a long wait;
   * resolves null when cancelled by `cancelReceives`.
   */
  receive(comm: number, source: number, tag: number, spinUs?: number, maxSleepUs?: number, idleSleepUs?: number): Promise<MpiMessage | null>;
  /**
   * The same wait as {@link MpiBinding.receive}, on the calling (JavaScript) thread, continuing a
   * wait begun `waitedUs` ago, for at most `timeoutUs` (default 10,000): the message, null when
   * cancelled, undefined when the time ran out. Optional: without it worker ranks use `receive`
   * (an in-process fake binding must, since a blocking wait would stop the other ranks).
   */
  receiveWait?(comm: number, source: number, tag: number, spinUs?: number, maxSleepUs?: number, idleSleepUs?: number, waitedUs?: number, timeoutUs?: number): MpiMessage | null | undefined;
  /** A message that has already arrived (matching source and tag), or null; never waits. */
  receiveNow(comm: number, source: number, tag: number): MpiMessage | null;
  /** Makes every pending receive resolve with null (before exit). */
  cancelReceives(): void;
  /** The number of receives pending. */
  pendingReceives(): number;
  /** MPI_Finalize (stops task watchdogs first). */
  finalize(): void;
  /** MPI_Abort on MPI_COMM_WORLD with the code. */
  abort(code: number): void;
  /** Tells the addon's environment-teardown hook whether finalizing is safe (every pool closed). */
  setCleanExit(clean: boolean): void;
  /**
   * Starts a thread that times the tasks recorded in a task clock (an Int32Array over a
   * `TaskClock`'s shared memory, as `@tempest/pool` lays it out) and sends `dest`, with `tag`, four
   * int32 `[chunk, index, weight, elapsed ms]` when a task has run past `weight × limitMs`. Needs
   * MPI_THREAD_MULTIPLE.
   * @returns an id for {@link MpiBinding.unwatchTasks}
   */
  watchTasks(comm: number, dest: number, tag: number, clock: Int32Array, limitMs: number): number;
  /** Stops a watchdog (and waits for its thread). */
  unwatchTasks(id: number): void;
}
