import type { Refusal } from './refusal.js';

/** Fields an error of any code may carry. */
export interface TempestErrorCommonFields {
  /** The wrapped error. */
  cause?: unknown;
  /**
   * Set when `Sampler.run({ saveEvery })` saved the run up to the last complete iteration before
   * re-raising the error: the state file's path. `cause` is then the error as first thrown, and
   * the message ends by naming the file.
   */
  savedStatePath?: string;
}

/**
 * The structured fields of a {@link TempestError}, code by code: the keys are the stable error
 * codes, and each says when it is thrown. A field every error of that code carries is required;
 * the others are set when they apply.
 *
 * Every code may also carry `cause` (the wrapped error) and `savedStatePath`: when
 * `Sampler.run({ saveEvery })` saves the run after an error, it re-raises it under the same code
 * with the state file's path as `savedStatePath`, the original error as `cause`, and of its fields
 * `option`, `value`, `index`, `iteration`, `parameters` and `problems`; so the others (`tasks`,
 * `exitCode`, `signal`, `refusals`, `path`) are optional for every code.
 */
export interface TempestErrorFieldsByCode {
  /**
   * Options or settings that cannot work, every problem listed at once (all packages): Sampler,
   * pool and MPIPool options, boundary conditions, a likelihood that cannot be shipped to a pool.
   */
  INVALID_CONFIGURATION: {
    /** Every problem found, one sentence each (the last may be the fix). */
    problems: string[];
    /** The option concerned, when it is one (`'comm'`: an MPIPool started on a single process). */
    option?: string;
    /** The value seen. */
    value?: unknown;
  };
  /** A function or method was called with an argument it cannot use (all packages). */
  INVALID_ARGUMENT: {
    /** The argument (or option of an argument) concerned. */
    option?: string;
    /** The value seen. */
    value?: unknown;
    /** Index of the offending element (a weight, a task that could not be sent). */
    index?: number;
    /** Every problem found, one sentence each. */
    problems?: string[];
  };
  /**
   * A feature the platform does not support: `@tempest/plot`'s PNG export where the renderer has no
   * build for the platform; state files on disk in a browser (`@tempest/core`'s browser build).
   */
  NOT_SUPPORTED: {};
  /** `@tempest/core`: no prior draw has a finite log-likelihood, so the posterior has no support to find. */
  NO_FINITE_LIKELIHOOD: {
    /** The sampler iteration. */
    iteration: number;
  };
  /**
   * `@tempest/core`: the likelihood returned NaN, `+Infinity`, a wrong type or a wrong length, a
   * value or blob that cannot be copied (to a state file or back from a pool's worker), or a promise
   * that never settles; the same code whether it ran in this thread or in a pool.
   */
  INVALID_LIKELIHOOD: {
    /** The sampler iteration. */
    iteration: number;
    /** What the likelihood returned (for a vectorized one with a wrong number of blobs, that number). */
    value: unknown;
    /** The parameters x of the particle concerned (of a batch, its first row). */
    parameters?: number[];
    /** Index of the particle in the batch. */
    index?: number;
  };
  /** `@tempest/core`: the prior transform threw, or returned a wrong length or a non-finite value. */
  INVALID_PRIOR_TRANSFORM: {
    /** The sampler iteration. */
    iteration: number;
    /** The unit-cube point u it was given. */
    parameters: number[];
    /** What it returned, or the non-finite coordinate. */
    value?: unknown;
    /** Index of the non-finite coordinate. */
    index?: number;
  };
  /** `@tempest/core`: the likelihood threw (in this thread or in a pool's worker). */
  LIKELIHOOD_THREW: {
    /** What it threw (from a worker: an Error with the remote stack). */
    cause: unknown;
    /** The sampler iteration. */
    iteration: number;
    /** The parameters x of the particle concerned (of a batch, its first row). */
    parameters: number[];
    /** Index of the particle in the batch. */
    index?: number;
  };
  /** `@tempest/core`: results were asked for before any iteration. */
  NOT_RUN: {};
  /**
   * `@tempest/core`: `run({ signal })` stopped at the end of an iteration because its signal was
   * aborted; the sampler keeps every complete iteration (`cause` is the signal's reason, if any).
   */
  ABORTED: {
    /** Iterations complete when the run stopped. */
    iteration: number;
  };
  /** `@tempest/core`: a matrix could not be factorised, even with jitter on its diagonal. */
  NUMERICAL_FAILURE: {
    /** The input concerned (`'matrix'`, `'data'`). */
    option: string;
    /** The trace of the matrix. */
    value: number;
  };
  /**
   * `@tempest/core`: a state file is missing, truncated, corrupted or not a sampler state, or its
   * contents are inconsistent (a β outside [0, 1], a lineage id out of range, counts that do not
   * add up, a non-finite value where the sampler never stores one).
   */
  INVALID_STATE_FILE: {
    /** The file's path. */
    value: string;
    /** The field of the file concerned (the first problem's), e.g. `history.records[2].beta` or `options.nParticles`. */
    path?: string;
    /** Every inconsistency found, one sentence each naming the field and the value. */
    problems?: string[];
  };
  /** `@tempest/core`: a state file comes from a run with other options. */
  STATE_MISMATCH: {
    /** The file's path. */
    value: string;
    /** Every option that differs, with its value in the file and in the sampler. */
    problems: string[];
  };
  /** `@tempest/serialize`: a value cannot travel as data (it cannot be structured-cloned, or its envelope would exceed 4 GiB). */
  UNSUPPORTED_VALUE: {
    /** The first value that cannot travel (or the payload's size in bytes). */
    value: unknown;
    /** Where that value is, e.g. `value.tasks[3].f`. */
    path?: string;
    /** Every value that cannot travel, one sentence each. */
    problems?: string[];
  };
  /**
   * `@tempest/serialize`: a function cannot be shipped by value. Where it is encoded the error has
   * all three fields; the Sampler re-raises a worker's failure to load the likelihood under the
   * same code, with only `cause`.
   */
  UNSHIPPABLE_FUNCTION: {
    /** Every reason the function cannot be shipped, each with its remedy. */
    refusals?: Refusal[];
    /** The refusals' sentences. */
    problems?: string[];
    /** The function. */
    value?: unknown;
  };
  /** `@tempest/serialize`: bytes that are not a well-formed envelope, or not of the kind expected. */
  DECODE_FAILED: {
    /** What was read instead of what was expected. */
    value?: unknown;
    /** Byte offset of the header field concerned. */
    index?: number;
  };
  /**
   * `@tempest/serialize`: code (a function shipped by value) where the receiver did not opt in to
   * code, or in a process that forbids compiling code from strings (then `cause` is the EvalError).
   */
  CODE_NOT_ALLOWED: {
    /** `'allowCode'`, the option that lets code in. */
    option?: string;
    /** Its value. */
    value?: unknown;
  };
  /**
   * `@tempest/serialize`: a function reference cannot be imported. The Sampler re-raises a worker's
   * failure to load the likelihood under the same code, with only `cause`.
   */
  REFERENCE_FAILED: {
    /** The module that could not be imported, or the export it lacks. */
    value?: string;
  };
  /**
   * `@tempest/serialize`: a function reference names a module this receiver does not allow (see
   * `allowModules`), or resolves to a built-in that compiles or runs code (`eval`, `node:vm`,
   * `node:child_process`, …), which no reference may. The Sampler re-raises a worker's refusal
   * under the same code, with only `cause`.
   */
  REFERENCE_NOT_ALLOWED: {
    /** `'allowModules'`, the option that decides which modules references may name. */
    option?: string;
    /** The module refused, or `module#export` for a code-running built-in. */
    value?: string;
  };
  /** `@tempest/pool`, `@tempest/mpi`: `map` on a closed pool, or a pool closed during `map`. */
  POOL_CLOSED: {};
  /** `@tempest/pool`, `@tempest/mpi`: a task threw; the pool is still usable. */
  TASK_FAILED: {
    /** Index of the (lowest) failing task in the `map` call. */
    index: number;
    /** The task's error, with its remote stack. */
    cause: unknown;
  };
  /** `@tempest/pool`: a worker exited while running tasks (it was replaced), or kept dying at start (the pool was closed). */
  WORKER_DIED: {
    /** The worker's exit code, `null` when it had none. */
    exitCode?: number | null;
    /** The signal that ended it, `null` when none did. */
    signal?: string | null;
    /** Index of the first task it was running. */
    index?: number;
    /** The lowest and highest index of the tasks it was running. */
    tasks?: [number, number];
    /** Every task it was running, ascending (with cost hints not all the tasks between the two above). */
    taskIndices?: number[];
  };
  /** `@tempest/pool`: tasks did not finish within `taskTimeout`; their worker was replaced. */
  TASK_TIMEOUT: {
    /** Index of the first task that was running. */
    index: number;
    /** The limit that was exceeded, in milliseconds. */
    value: number;
    /** The lowest and highest index of the tasks concerned. */
    tasks?: [number, number];
    /** Every task concerned, ascending (with cost hints not all the tasks between the two above). */
    taskIndices?: number[];
  };
  /** `@tempest/mpi`: the MPI addon could not be loaded. */
  MPI_UNAVAILABLE: {
    /** Every place tried and why it failed, then the fix. */
    problems: string[];
  };
  /** `@tempest/mpi`: an MPI call failed. */
  MPI_ERROR: {
    /** The binding's error. */
    cause: unknown;
  };
}

/** Stable machine-readable error codes of every Tempest package; see {@link TempestErrorFieldsByCode}. */
export type TempestErrorCode = keyof TempestErrorFieldsByCode;

/** Every field a {@link TempestError} may carry, whatever its code; each error sets the fields that apply. */
export interface TempestErrorFields extends TempestErrorCommonFields {
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
  /** The lowest and highest index of the tasks that were running when a worker died or timed out. */
  tasks?: [number, number];
  /** Every task concerned, ascending: with cost hints a chunk's tasks are not all those between the two of `tasks`. */
  taskIndices?: number[];
  /** Exit code of a worker that died, when it exited with one. */
  exitCode?: number | null;
  /** Signal that ended a worker process, when one did. */
  signal?: string | null;
}

/** The fields of an error of code `C`: its own ({@link TempestErrorFieldsByCode}) and the common ones. */
export type TempestErrorFieldsOf<C extends TempestErrorCode> = TempestErrorFieldsByCode[C] & TempestErrorCommonFields;
