import type { Refusal } from './refusal.js';

// Every Tempest package throws this one class (the others re-export it from here, the package at
// the bottom of the dependency graph); the brand makes `TempestError.is` recognise errors from
// any copy of any Tempest package too.
const BRAND = Symbol.for('tempest.error');

/**
 * Stable machine-readable error codes of every Tempest package.
 *
 * Configuration and arguments (all packages): `INVALID_CONFIGURATION` (every problem listed),
 * `INVALID_ARGUMENT`, `NOT_SUPPORTED`.
 *
 * `@tempest/core`: `NO_FINITE_LIKELIHOOD` (no prior draw has a finite likelihood),
 * `INVALID_LIKELIHOOD` (NaN, +Infinity, a wrong type or length), `INVALID_PRIOR_TRANSFORM`,
 * `LIKELIHOOD_THREW`, `NOT_RUN` (results asked for before any iteration), `NUMERICAL_FAILURE`,
 * `INVALID_STATE_FILE` (missing, truncated, corrupted or foreign state file), `STATE_MISMATCH`
 * (a state file from a run with other options).
 *
 * `@tempest/serialize`: `UNSUPPORTED_VALUE` (a value cannot travel as data),
 * `UNSHIPPABLE_FUNCTION` (a function cannot be shipped by value), `DECODE_FAILED` (bytes that
 * are not a well-formed envelope), `CODE_NOT_ALLOWED` (code where the receiver expects data),
 * `REFERENCE_FAILED` (a function reference cannot be imported).
 *
 * `@tempest/pool`: `POOL_CLOSED`, `TASK_FAILED` (`index` is the task, `cause` the remote error),
 * `WORKER_DIED` (the worker was replaced), `TASK_TIMEOUT`.
 *
 * `@tempest/mpi`: `MPI_UNAVAILABLE` (the addon could not be loaded; every place tried is listed),
 * `MPI_ERROR` (an MPI call failed).
 */
export type TempestErrorCode =
  | 'INVALID_CONFIGURATION'
  | 'INVALID_ARGUMENT'
  | 'NOT_SUPPORTED'
  | 'NO_FINITE_LIKELIHOOD'
  | 'INVALID_LIKELIHOOD'
  | 'INVALID_PRIOR_TRANSFORM'
  | 'LIKELIHOOD_THREW'
  | 'NOT_RUN'
  | 'NUMERICAL_FAILURE'
  | 'INVALID_STATE_FILE'
  | 'STATE_MISMATCH'
  | 'UNSUPPORTED_VALUE'
  | 'UNSHIPPABLE_FUNCTION'
  | 'DECODE_FAILED'
  | 'CODE_NOT_ALLOWED'
  | 'REFERENCE_FAILED'
  | 'POOL_CLOSED'
  | 'TASK_FAILED'
  | 'WORKER_DIED'
  | 'TASK_TIMEOUT'
  | 'MPI_UNAVAILABLE'
  | 'MPI_ERROR';

/** Structured context attached to a {@link TempestError}; each error sets the fields that apply. */
export interface TempestErrorFields {
  /** The option or argument name the error is about. */
  option?: string;
  /** The offending value. */
  value?: unknown;
  /** Index of the item concerned: a task, a particle, a byte offset when decoding. */
  index?: number;
  /** Sampler iteration during which the error happened. */
  iteration?: number;
  /** Parameters (x) of the particle concerned, or its unit-cube point for prior-transform errors. */
  parameters?: number[];
  /** Where in a value the problem is, e.g. `value.tasks[3].f`. */
  path?: string;
  /** Every problem found, one sentence each. */
  problems?: string[];
  /** Every reason a function cannot be shipped, for `UNSHIPPABLE_FUNCTION`. */
  refusals?: Refusal[];
  /** Indices `[first, last]` of the tasks that were running when a worker died or timed out. */
  tasks?: [number, number];
  /** Exit code of a worker that died, when it exited with one. */
  exitCode?: number | null;
  /** Signal that ended a worker process, when one did. */
  signal?: string | null;
  /** The wrapped error. */
  cause?: unknown;
}

const FIELDS = ['option', 'index', 'iteration', 'parameters', 'path', 'problems', 'refusals', 'tasks', 'exitCode', 'signal'] as const;

/**
 * The one error class thrown by Tempest packages, with a stable `code` and structured fields.
 * Messages say what was wrong, the value seen, and what to do.
 *
 * @example
 * ```ts
 * try { new Sampler({ ...options, nParticles: 0 }); }
 * catch (e) { if (TempestError.is(e) && e.code === 'INVALID_CONFIGURATION') console.log(e.problems); }
 * ```
 */
export class TempestError extends Error {
  /** Stable machine-readable kind of error; messages may change, codes do not. */
  readonly code: TempestErrorCode;
  /** The option or argument name the error is about. */
  declare readonly option?: string;
  /** The offending value. */
  declare readonly value?: unknown;
  /** Index of the item concerned: a task, a particle, a byte offset when decoding. */
  declare readonly index?: number;
  /** Sampler iteration during which the error happened. */
  declare readonly iteration?: number;
  /** Parameters (x) of the particle concerned, or its unit-cube point for prior-transform errors. */
  declare readonly parameters?: number[];
  /** Where in a value the problem is, e.g. `value.tasks[3].f`. */
  declare readonly path?: string;
  /** Every problem found, one sentence each. */
  declare readonly problems?: string[];
  /** Every reason a function cannot be shipped, for `UNSHIPPABLE_FUNCTION`. */
  declare readonly refusals?: Refusal[];
  /** Indices `[first, last]` of the tasks that were running when a worker died or timed out. */
  declare readonly tasks?: [number, number];
  /** Exit code of a worker that died, when it exited with one. */
  declare readonly exitCode?: number | null;
  /** Signal that ended a worker process, when one did. */
  declare readonly signal?: string | null;
  private readonly [BRAND] = true;

  /**
   * @param code - stable error code
   * @param message - what was wrong, the value seen, and what to do
   * @param fields - structured context (offending value, option name, index, cause, …)
   */
  constructor(code: TempestErrorCode, message: string, fields: TempestErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'TempestError';
    this.code = code;
    const self = this as unknown as Record<string, unknown>;
    for (const key of FIELDS) if (fields[key] !== undefined) self[key] = fields[key];
    if ('value' in fields) self.value = fields.value;
  }

  /**
   * True when `value` is a TempestError, even one created by another copy of a Tempest package.
   * @param value - anything caught
   * @returns whether it carries the Tempest error brand
   */
  static is(value: unknown): value is TempestError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
