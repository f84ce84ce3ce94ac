import type { Refusal } from './refusal.js';

// The same brand as every other Tempest package, so `TempestError.is` recognises errors thrown by
// any copy of any Tempest package.
const BRAND = Symbol.for('tempest.error');

/**
 * Stable machine-readable error codes of `@tempest/serialize`.
 *
 * - `INVALID_ARGUMENT`: an argument has the wrong type or shape
 * - `UNSUPPORTED_VALUE`: a value given to `encode` cannot travel as data
 * - `UNSHIPPABLE_FUNCTION`: a function given to `encodeFunction` cannot be shipped by value
 * - `DECODE_FAILED`: the bytes are not a well-formed envelope this version understands
 * - `CODE_NOT_ALLOWED`: the envelope carries code and the receiver did not opt in
 * - `REFERENCE_FAILED`: a function reference could not be imported or does not name a function
 */
export type TempestErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNSUPPORTED_VALUE'
  | 'UNSHIPPABLE_FUNCTION'
  | 'DECODE_FAILED'
  | 'CODE_NOT_ALLOWED'
  | 'REFERENCE_FAILED';

/** Structured context attached to a {@link TempestError}. */
export interface TempestErrorFields {
  /** The option or argument name the error is about. */
  option?: string;
  /** The offending value. */
  value?: unknown;
  /** Index of the item concerned (a byte offset for decoding errors). */
  index?: number;
  /** Where in a value the problem is, e.g. `value.tasks[3].f`. */
  path?: string;
  /** Every problem found, one sentence each. */
  problems?: string[];
  /** Every reason a function cannot be shipped, for `UNSHIPPABLE_FUNCTION`. */
  refusals?: Refusal[];
  /** The wrapped error. */
  cause?: unknown;
}

/**
 * The one error class thrown by Tempest packages, with a stable `code` and structured fields.
 *
 * @example
 * ```ts
 * try { encodeFunction((x) => x[0] * scale); }
 * catch (e) { if (TempestError.is(e) && e.code === 'UNSHIPPABLE_FUNCTION') console.log(e.refusals); }
 * ```
 */
export class TempestError extends Error {
  readonly code: TempestErrorCode;
  declare readonly option?: string;
  declare readonly value?: unknown;
  declare readonly index?: number;
  declare readonly path?: string;
  declare readonly problems?: string[];
  declare readonly refusals?: Refusal[];
  private readonly [BRAND] = true;

  /**
   * @param code - stable error code
   * @param message - what was wrong, the value seen, and what to do
   * @param fields - structured context (offending value, option name, path, problems, cause)
   */
  constructor(code: TempestErrorCode, message: string, fields: TempestErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'TempestError';
    this.code = code;
    if (fields.option !== undefined) this.option = fields.option;
    if ('value' in fields) this.value = fields.value;
    if (fields.index !== undefined) this.index = fields.index;
    if (fields.path !== undefined) this.path = fields.path;
    if (fields.problems !== undefined) this.problems = fields.problems;
    if (fields.refusals !== undefined) this.refusals = fields.refusals;
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
