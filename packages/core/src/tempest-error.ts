const BRAND = Symbol.for('tempest.error');

/** Stable machine-readable error codes. */
export type TempestErrorCode =
  | 'INVALID_CONFIGURATION'
  | 'INVALID_ARGUMENT'
  | 'NO_FINITE_LIKELIHOOD'
  | 'INVALID_LIKELIHOOD'
  | 'INVALID_PRIOR_TRANSFORM'
  | 'LIKELIHOOD_THREW'
  | 'NOT_RUN'
  | 'NOT_SUPPORTED'
  | 'NUMERICAL_FAILURE'
  | 'INVALID_STATE_FILE'
  | 'STATE_MISMATCH';

/** Structured context attached to a {@link TempestError}. */
export interface TempestErrorFields {
  /** The option or argument name the error is about. */
  option?: string;
  /** The offending value. */
  value?: unknown;
  /** Index of the task or particle concerned. */
  index?: number;
  /** Sampler iteration during which the error happened. */
  iteration?: number;
  /** Parameters (x) of the particle concerned. */
  parameters?: number[];
  /** Every problem found, for configuration errors. */
  problems?: string[];
  /** The wrapped error. */
  cause?: unknown;
}

/**
 * The one error class thrown by Tempest packages, with a stable `code` and structured fields.
 *
 * @example
 * ```ts
 * try { new Sampler({ ...opts, nParticles: 0 }); }
 * catch (e) { if (TempestError.is(e) && e.code === 'INVALID_CONFIGURATION') console.log(e.problems); }
 * ```
 */
export class TempestError extends Error {
  readonly code: TempestErrorCode;
  declare readonly option?: string;
  declare readonly value?: unknown;
  declare readonly index?: number;
  declare readonly iteration?: number;
  declare readonly parameters?: number[];
  declare readonly problems?: string[];
  private readonly [BRAND] = true;

  /**
   * @param code - stable error code
   * @param message - what was wrong, the value seen, and what to do
   * @param fields - structured context (offending value, option name, index, cause)
   */
  constructor(code: TempestErrorCode, message: string, fields: TempestErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'TempestError';
    this.code = code;
    if (fields.option !== undefined) this.option = fields.option;
    if ('value' in fields) this.value = fields.value;
    if (fields.index !== undefined) this.index = fields.index;
    if (fields.iteration !== undefined) this.iteration = fields.iteration;
    if (fields.parameters !== undefined) this.parameters = fields.parameters;
    if (fields.problems !== undefined) this.problems = fields.problems;
  }

  /**
   * True when `value` is a TempestError, even one created by another copy of this package.
   * @param value - anything caught
   * @returns whether it carries the Tempest error brand
   */
  static is(value: unknown): value is TempestError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
