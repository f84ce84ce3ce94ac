import type { TempestErrorCode, TempestErrorFields, TempestErrorFieldsOf } from './tempest-error-fields.js';

export type { TempestErrorCode, TempestErrorCommonFields, TempestErrorFields, TempestErrorFieldsByCode, TempestErrorFieldsOf } from './tempest-error-fields.js';

// Every Tempest package throws this one class (the others re-export it from here, the package at
// the bottom of the dependency graph); the brand makes `TempestError.is` recognise errors from
// any copy of any Tempest package too.
const BRAND = Symbol.for('tempest.error');

const FIELDS = ['option', 'index', 'iteration', 'parameters', 'path', 'problems', 'refusals', 'tasks', 'taskIndices', 'exitCode', 'signal', 'savedStatePath'] as const;

// The runtime class. Its public type is `TempestError` below: the class with the fields of its
// code, so that `TempestError` without a parameter is a union that `switch (e.code)` narrows,
// which a class type cannot be.
class TempestErrorClass extends Error {
  static {
    Object.defineProperty(this, 'name', { value: 'TempestError' });
  }

  /** Stable machine-readable kind of error; messages may change, codes do not. */
  readonly code: TempestErrorCode;
  private readonly [BRAND] = true;

  constructor(code: TempestErrorCode, message: string, fields: TempestErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'TempestError';
    this.code = code;
    const self = this as unknown as Record<string, unknown>;
    for (const key of FIELDS) if (fields[key] !== undefined) self[key] = fields[key];
    if ('value' in fields) self.value = fields.value;
  }

  static is(value: unknown, code?: TempestErrorCode | readonly TempestErrorCode[]): boolean {
    if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false;
    if (code === undefined) return true;
    const actual = (value as { code?: unknown }).code;
    return typeof code === 'string' ? actual === code : (code as readonly unknown[]).includes(actual);
  }
}

/** Fields no error of code `C` carries: typed as absent, so that they can be read on the union. */
type AbsentFields<C extends TempestErrorCode> = {
  readonly [K in Exclude<keyof TempestErrorFields, keyof TempestErrorFieldsOf<C>>]?: undefined;
};

/** Code by code, what an error has besides the class: its code, its fields, and none of the others. */
type CodeShapes = { [C in TempestErrorCode]: { readonly code: C } & Readonly<TempestErrorFieldsOf<C>> & AbsentFields<C> };

/**
 * The one error class thrown by Tempest packages, with a stable `code` and the structured fields
 * of that code ({@link TempestErrorFieldsByCode}). Messages say what was wrong, the value seen,
 * and what to do.
 *
 * As a type, `TempestError<'WORKER_DIED'>` is an error of that code, and `TempestError` a union
 * of every code's error, which a check of `code` narrows.
 *
 * @example
 * ```ts
 * try { new Sampler({ ...options, nParticles: 0 }); }
 * catch (e) { if (TempestError.is(e, 'INVALID_CONFIGURATION')) console.log(e.problems); }
 * ```
 */
export type TempestError<C extends TempestErrorCode = TempestErrorCode> = TempestErrorClass & CodeShapes[C];

/** The `fields` argument of the constructor: required when the code has required fields. */
type FieldsArgument<C extends TempestErrorCode> = {} extends TempestErrorFieldsOf<C> ? [fields?: TempestErrorFieldsOf<C>] : [fields: TempestErrorFieldsOf<C>];

/** The {@link TempestError} class: its constructor and its static `is`. */
export interface TempestErrorConstructor {
  /**
   * @param code - stable error code
   * @param message - what was wrong, the value seen, and what to do
   * @param fields - the code's structured fields (offending value, option name, index, cause, …)
   */
  new <C extends TempestErrorCode>(code: C, message: string, ...fields: FieldsArgument<C>): TempestError<C>;
  /** The prototype of every TempestError (so that `instanceof` narrows to {@link TempestError}). */
  readonly prototype: TempestError;
  /**
   * True when `value` is a TempestError, even one created by another copy of a Tempest package.
   * @param value - anything caught
   * @returns whether it carries the Tempest error brand
   */
  is(value: unknown): value is TempestError;
  /**
   * True when `value` is a TempestError (from any copy of a Tempest package) of the code given,
   * or of one of the codes given; narrows it to that code's fields.
   * @param value - anything caught
   * @param code - a code, or a list of codes
   * @returns whether it carries the Tempest error brand and one of the codes
   * @example
   * ```ts
   * if (TempestError.is(e, 'WORKER_DIED')) console.log(e.exitCode, e.signal);
   * if (TempestError.is(e, ['TASK_FAILED', 'LIKELIHOOD_THREW'])) console.log(e.cause);
   * ```
   */
  is<C extends TempestErrorCode>(value: unknown, code: C | readonly C[]): value is TempestError<C>;
}

/**
 * The one error class thrown by Tempest packages. As a type, `TempestError<'WORKER_DIED'>` is an
 * error of that code with its fields ({@link TempestErrorFieldsByCode}), and `TempestError` one of
 * any code.
 * @example
 * ```ts
 * throw new TempestError('NOT_RUN', 'The sampler has no particles yet. Call `await sampler.run()` first.');
 * ```
 */
export const TempestError: TempestErrorConstructor = TempestErrorClass as unknown as TempestErrorConstructor;
