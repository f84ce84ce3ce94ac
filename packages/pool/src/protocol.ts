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
  /** The message's kind. */
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
  /** Whether the worker should time each task and send the times back (`DoneReply.taskMs`). */
  readonly timeTasks?: boolean;
}

/** Master → worker: serve no more chunks (MPI ranks; local workers are simply stopped). */
export interface StopMessage {
  /** The message's kind. */
  readonly type: 'stop';
}

/** What a master sends. */
export type MasterMessage = RunMessage | StopMessage;

/** Worker → master: the worker has started and waits for chunks. */
export interface ReadyReply {
  /** The reply's kind. */
  readonly type: 'ready';
}

/** Worker → master: the function that came with this chunk is loaded and its tasks start now. */
export interface StartedReply {
  /** The reply's kind. */
  readonly type: 'started';
  /** The chunk's id. */
  readonly chunk: number;
}

/** Worker → master: every task of the chunk succeeded. */
export interface DoneReply {
  /** The reply's kind. */
  readonly type: 'done';
  /** The chunk's id. */
  readonly chunk: number;
  /** The results, in task order. */
  readonly results: EncodedValues;
  /** Milliseconds the worker spent on the chunk's tasks. */
  readonly busyMs: number;
  /**
   * With `RunMessage.timeTasks`: each task's milliseconds, in chunk order (NaN for tasks whose
   * promises were awaited together).
   */
  readonly taskMs?: Float64Array;
}

/** Worker → master: a task of the chunk failed (the lowest failing index of the chunk). */
export interface FailedReply {
  /** The reply's kind. */
  readonly type: 'failed';
  /** The chunk's id. */
  readonly chunk: number;
  /** Index of the failing task in its `map`. */
  readonly index: number;
  /** What it threw, as plain data. */
  readonly error: RemoteError;
  /** Milliseconds the worker spent on the chunk. */
  readonly busyMs: number;
}

/** Worker → master: the worker does not hold the chunk's function (any more); send the chunk again with its wire. */
export interface MissingReply {
  /** The reply's kind. */
  readonly type: 'missing';
  /** The chunk's id. */
  readonly chunk: number;
}

/** From a watchdog outside the worker's thread: a task has run past its limit. */
export interface OverdueReply {
  /** The reply's kind. */
  readonly type: 'overdue';
  /** The chunk's id. */
  readonly chunk: number;
  /** The task's index in its `map` (the first of them when several are awaited together). */
  readonly index: number;
  /** How many tasks share the interval: the limit was `weight × taskTimeout`. */
  readonly weight: number;
  /** How long it had run when seen, in milliseconds. */
  readonly elapsedMs: number;
}

/** What a worker (or its watchdog) sends the master. */
export type WorkerReply = ReadyReply | StartedReply | DoneReply | FailedReply | MissingReply | OverdueReply;
