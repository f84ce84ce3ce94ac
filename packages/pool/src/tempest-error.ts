// The same brand as every other Tempest package, so `TempestError.is` recognises errors thrown by
// any copy of any Tempest package (including the UNSHIPPABLE_FUNCTION errors of @tempest/serialize
// that a pool passes through).
const BRAND = Symbol.for('tempest.error');

/**
 * Stable machine-readable error codes of `@tempest/pool`.
 *
 * - `INVALID_ARGUMENT`: an argument of `map` or `shipFunction` has the wrong type or shape
 * - `INVALID_CONFIGURATION`: pool options are invalid (every problem listed)
 * - `POOL_CLOSED`: `map` was called on (or was running when) the pool was closed
 * - `TASK_FAILED`: a task threw or rejected; `index` is the task's index, `cause` the remote error
 * - `WORKER_DIED`: a worker thread or process exited while running tasks (crash, `process.exit`,
 *   out of memory, killed); it has been replaced
 * - `TASK_TIMEOUT`: a chunk of tasks ran longer than `taskTimeout` allows; its worker was stopped
 *   and replaced
 */
export type TempestErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_CONFIGURATION'
  | 'POOL_CLOSED'
  | 'TASK_FAILED'
  | 'WORKER_DIED'
  | 'TASK_TIMEOUT';

/** Structured context attached to a {@link TempestError}. */
export interface TempestErrorFields {
  /** The option or argument name the error is about. */
  option?: string;
  /** The offending value. */
  value?: unknown;
  /** Index of the task concerned (the first task of the chunk for `WORKER_DIED` and `TASK_TIMEOUT`). */
  index?: number;
  /** Indices `[first, last]` of the tasks that were running when a worker died or timed out. */
  tasks?: [number, number];
  /** Exit code of a worker that died, when it exited with one. */
  exitCode?: number | null;
  /** Signal that ended a worker process, when one did. */
  signal?: string | null;
  /** Every problem found, for configuration errors. */
  problems?: string[];
  /** The wrapped error (for `TASK_FAILED`, the task's error rebuilt with its remote stack). */
  cause?: unknown;
}

/**
 * The one error class thrown by Tempest packages, with a stable `code` and structured fields.
 *
 * @example
 * ```ts
 * try { await pool.map(f, tasks); }
 * catch (e) { if (TempestError.is(e) && e.code === 'TASK_FAILED') console.log(e.index, (e.cause as Error).stack); }
 * ```
 */
export class TempestError extends Error {
  readonly code: TempestErrorCode;
  declare readonly option?: string;
  declare readonly value?: unknown;
  declare readonly index?: number;
  declare readonly tasks?: [number, number];
  declare readonly exitCode?: number | null;
  declare readonly signal?: string | null;
  declare readonly problems?: string[];
  private readonly [BRAND] = true;

  /**
   * @param code - stable error code
   * @param message - what was wrong, the value seen, and what to do
   * @param fields - structured context (task index, exit code, cause)
   */
  constructor(code: TempestErrorCode, message: string, fields: TempestErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'TempestError';
    this.code = code;
    if (fields.option !== undefined) this.option = fields.option;
    if ('value' in fields) this.value = fields.value;
    if (fields.index !== undefined) this.index = fields.index;
    if (fields.tasks !== undefined) this.tasks = fields.tasks;
    if (fields.exitCode !== undefined) this.exitCode = fields.exitCode;
    if (fields.signal !== undefined) this.signal = fields.signal;
    if (fields.problems !== undefined) this.problems = fields.problems;
  }

  /**
   * True when `value` is a TempestError, even one created by another copy of this package or by
   * another Tempest package.
   * @param value - anything caught
   * @returns whether it carries the Tempest error brand
   */
  static is(value: unknown): value is TempestError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
