/** A received message. */
export interface MpiMessage {
  readonly source: number;
  readonly tag: number;
  readonly data: Uint8Array;
}

/** What `native/src/tempest_mpi.cc` exports. Communicators are handles; 0 is MPI_COMM_WORLD. */
export interface MpiBinding {
  init(): { threadMultiple: boolean; library: string; version: string; anySource: number; anyTag: number };
  commRank(comm: number): number;
  commSize(comm: number): number;
  /** Collective. A negative color leaves the calling rank out (returns null). */
  commSplit(comm: number, color: number, key: number): number | null;
  /** Collective: a private duplicate of a communicator. */
  commDup(comm: number): number;
  /** Blocking standard-mode send of bytes. */
  send(comm: number, dest: number, tag: number, data: Uint8Array): void;
  /** Receives on a libuv thread; resolves null when cancelled by `cancelReceives`. */
  receive(comm: number, source: number, tag: number): Promise<MpiMessage | null>;
  cancelReceives(): void;
  pendingReceives(): number;
  finalize(): void;
  abort(code: number): void;
  /** Tells the addon's environment-teardown hook whether finalizing is safe (every pool closed). */
  setCleanExit(clean: boolean): void;
}
