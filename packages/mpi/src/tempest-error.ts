// The brand every Tempest package shares, so `TempestError.is` recognises errors from any copy of
// any Tempest package (including the TASK_FAILED errors of @tempest/pool that MPIPool rejects with).
const BRAND = Symbol.for('tempest.error');

/**
 * Stable error codes of `@tempest/mpi`.
 *
 * - `MPI_UNAVAILABLE`: the MPI addon could not be loaded (every place tried is listed, with the fix)
 * - `INVALID_CONFIGURATION`: pool options are invalid, or the job has only one process
 * - `INVALID_ARGUMENT`: an argument of `map` has the wrong type, or `map` was called on a worker
 * - `POOL_CLOSED`: `map` was called on (or was running when) the pool was closed
 * - `MPI_ERROR`: an MPI call failed
 */
export type MpiErrorCode = 'MPI_UNAVAILABLE' | 'INVALID_CONFIGURATION' | 'INVALID_ARGUMENT' | 'POOL_CLOSED' | 'MPI_ERROR';

/** Structured context of a {@link TempestError}. */
export interface MpiErrorFields {
  /** The option or argument concerned. */
  option?: string;
  /** The offending value. */
  value?: unknown;
  /** Every problem found (configuration errors) or every place tried (`MPI_UNAVAILABLE`). */
  problems?: string[];
  /** The wrapped error. */
  cause?: unknown;
}

/**
 * The error class of `@tempest/mpi`: a stable `code`, structured fields, and the Tempest brand.
 * @example
 * ```ts
 * try { new MPIPool(); } catch (e) { if (TempestError.is(e) && e.code === 'MPI_UNAVAILABLE') console.error(e.problems); }
 * ```
 */
export class TempestError extends Error {
  readonly code: MpiErrorCode;
  declare readonly option?: string;
  declare readonly value?: unknown;
  declare readonly problems?: string[];
  private readonly [BRAND] = true;

  /**
   * @param code - stable error code
   * @param message - what was wrong, the value seen, and what to do
   * @param fields - structured context
   */
  constructor(code: MpiErrorCode, message: string, fields: MpiErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'TempestError';
    this.code = code;
    if (fields.option !== undefined) this.option = fields.option;
    if ('value' in fields) this.value = fields.value;
    if (fields.problems !== undefined) this.problems = fields.problems;
  }

  /**
   * @param value - anything caught
   * @returns whether it is a TempestError from any Tempest package
   */
  static is(value: unknown): value is TempestError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
