// The messages between a pool's master and its workers, whatever carries them: structured clone
// over a MessagePort (threads) or an IPC channel (processes), or frames of bytes over MPI
// (see frame-codec.ts). The master side is the TaskScheduler, the worker side the WorkerLoop.
import type { EncodedValues } from './chunk-codec.js';
import type { RemoteError } from './run-chunk.js';
import type { ShippedFunctionWire } from './shipped-function.js';

/**
 * What a worker accepts, fixed when it starts (thread `workerData`, process argument, an MPI
 * rank's own pool options) and never taken from a message: whether it compiles code, and which
 * modules references may name.
 */
export interface WorkerConfig {
  /** Whether code shipped by value is compiled and run. */
  readonly allowCode: boolean;
  /** Absolute entries, as from `resolveAllowModules`. */
  readonly allowModules: readonly string[];
}

/** Master → worker: run one chunk. `wire` comes with the first chunk of a function per worker. */
export interface RunMessage {
  readonly type: 'run';
  /** The chunk's id, unique in its scheduler; replies and task clocks name it. */
  readonly chunk: number;
  /** The id of the function (its wire's id). */
  readonly fnId: string;
  /** The function itself, when the master has not sent it to this worker yet. */
  readonly wire?: ShippedFunctionWire;
  /** Index of the chunk's first task in its `map`. */
  readonly first: number;
  /** The tasks. */
  readonly tasks: EncodedValues;
  /**
   * The pool's per-task limit in milliseconds, when it has one: a worker whose tasks are timed
   * by a watchdog of its own (an MPI rank) starts it from this.
   */
  readonly taskTimeout?: number;
}

/** Master → worker: serve no more chunks (MPI ranks; local workers are simply stopped). */
export interface StopMessage {
  readonly type: 'stop';
}

/** What a master sends. */
export type MasterMessage = RunMessage | StopMessage;

/** Worker → master. */
export type WorkerReply =
  /** The worker has started and waits for chunks. */
  | { readonly type: 'ready' }
  /** The function that came with this chunk is loaded and the chunk's tasks start now. */
  | { readonly type: 'started'; readonly chunk: number }
  /** Every task of the chunk succeeded; `busyMs` is the time the worker spent on the chunk. */
  | { readonly type: 'done'; readonly chunk: number; readonly results: EncodedValues; readonly busyMs: number }
  /** A task failed (the lowest failing index of the chunk). */
  | { readonly type: 'failed'; readonly chunk: number; readonly index: number; readonly error: RemoteError; readonly busyMs: number }
  /** The worker does not hold the chunk's function any more: send the chunk again with its wire. */
  | { readonly type: 'missing'; readonly chunk: number }
  /** From a watchdog outside the worker's thread: a task has run past its limit. */
  | { readonly type: 'overdue'; readonly chunk: number; readonly index: number; readonly weight: number; readonly elapsedMs: number };
