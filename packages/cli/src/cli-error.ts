import { TempestError } from '@tempest/core';

/** Exit codes of the `tempest` command. */
export const EXIT = {
  /** The command did what was asked. */
  ok: 0,
  /** The run failed: a model error at run time, an I/O error. */
  failed: 1,
  /** Usage error: unknown flag, bad value, missing or bad model file. */
  usage: 2,
  /** Interrupted by Ctrl-C (128 + SIGINT), after saving a state file. */
  interrupted: 130,
  /** Stopped by SIGTERM (kill, a batch system's time limit, mpirun's Ctrl-C); state saved. */
  terminated: 143,
} as const;

/**
 * An error the command reports as one line, `tempest: <message>`, and exits with `exitCode`.
 * Everything the user can fix is one of these; anything else is reported as a failed run.
 * Several problems at once (see {@link CliError.list}) are reported as a list, one per line.
 */
export class CliError extends Error {
  /** Process exit code to use. */
  readonly exitCode: number;
  /** Every problem, when the error reports several (the message then lists them one per line). */
  readonly problems: readonly string[];

  /**
   * @param message - what was wrong, the value seen and the fix (one sentence or two)
   * @param exitCode - {@link EXIT}`.usage` (default) or `.failed`
   * @param options - `cause` for a wrapped error; `problems` when the message lists several
   */
  constructor(message: string, exitCode: number = EXIT.usage, options: { cause?: unknown; problems?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.problems = options.problems ?? [message];
  }

  /**
   * One error for every problem found: a single problem as `<subject>: <problem>`, several as
   * `<subject> (n problems):` followed by one `  - <problem>` line each.
   * @param subject - what the problems are in, e.g. `model file /abs/model.ts`
   * @param problems - each a sentence naming the value and the fix (at least one)
   * @param exitCode - {@link EXIT}`.usage` (default) or `.failed`
   * @returns the error
   * @example
   * ```ts
   * throw CliError.list(`model file ${path}`, ['nDim is not exported. Export it.']);
   * ```
   */
  static list(subject: string, problems: readonly string[], exitCode: number = EXIT.usage): CliError {
    const message = problems.length === 1 ? `${subject}: ${problems[0]}` : `${subject} (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join('\n')}`;
    return new CliError(message, exitCode, { problems });
  }
}

/** TempestError codes that mean the user's configuration is wrong (exit 2), not the run. */
const USAGE_CODES = ['INVALID_CONFIGURATION', 'INVALID_ARGUMENT', 'STATE_MISMATCH', 'INVALID_STATE_FILE', 'MPI_UNAVAILABLE'] as const;

/**
 * The exit code for an error thrown while running a command.
 * @param error - anything thrown
 * @returns 2 for usage errors, 1 otherwise
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (TempestError.is(error, USAGE_CODES)) return EXIT.usage;
  return EXIT.failed;
}

/**
 * What is printed for an error: `tempest: <message>` with line breaks folded, so that multi-line
 * library messages still read as one line; a {@link CliError} listing several problems keeps its
 * one line per problem.
 * @param error - anything thrown
 * @returns the text, without a trailing newline
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof CliError && error.problems.length > 1) return `tempest: ${message}`;
  return `tempest: ${oneLine(message)}`;
}

/**
 * Folds a message onto one line: line breaks and list bullets become `; `.
 * @param message - any text
 * @returns the text on one line
 */
export function oneLine(message: string): string {
  return message
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^- /, ''))
    .filter((line) => line !== '')
    .join('; ')
    .replace(/:;/g, ':')
    .replace(/; \(/g, ' (');
}

/**
 * Writes the error line to stderr (and the stack trace when `TEMPEST_DEBUG=1`).
 * @param error - anything thrown
 * @param stderr - where to write
 * @returns the exit code for the error
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  stderr.write(`${errorLine(error)}\n`);
  if (process.env.TEMPEST_DEBUG === '1' && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return exitCodeOf(error);
}
