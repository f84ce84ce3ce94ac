import type { EncodedValues } from './chunk-codec.js';
import type { RemoteError } from './run-chunk.js';
import type { ShippedFunctionWire } from './shipped-function.js';

/**
 * What a worker accepts, fixed when it starts (thread `workerData`, process argument) and never
 * taken from a message: whether it compiles code, and which modules references may name.
 */
export interface WorkerConfig {
  readonly allowCode: boolean;
  /** Absolute entries, as from `resolveAllowModules`. */
  readonly allowModules: readonly string[];
}

/** Master → worker: run one chunk. `wire` comes with the first chunk of a function per worker. */
export interface RunMessage {
  readonly type: 'run';
  readonly job: number;
  readonly fnId: string;
  readonly wire?: ShippedFunctionWire;
  /** Index of the chunk's first task in its `map`. */
  readonly first: number;
  readonly tasks: EncodedValues;
}

/** Worker → master. */
export type WorkerReply =
  | { readonly type: 'ready' }
  /** The function that came with this chunk is loaded and the chunk starts now (its timeout counts from here). */
  | { readonly type: 'started'; readonly job: number }
  | { readonly type: 'done'; readonly job: number; readonly results: EncodedValues }
  | { readonly type: 'failed'; readonly job: number; readonly index: number; readonly error: RemoteError };
