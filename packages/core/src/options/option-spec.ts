import type { ResolvedOptions, SamplerOptions } from '../sampler/sampler-options.js';

/** The name of an option of the `Sampler` constructor. */
export type SamplerOptionName = keyof SamplerOptions;

/**
 * How the command line parses a flag's text (and checks a model file's `options` value):
 * `'count'` a positive integer, `'whole'` a non-negative integer, `'positive'` a positive number, `'seed'` a seed (a non-negative integer),
 * `'flag'` a switch (`--no-clustering`), `'label'` a name of letters, digits, `.`, `_` or `-`,
 * or a list of the names accepted.
 */
export type FlagKind = 'count' | 'whole' | 'positive' | 'seed' | 'flag' | 'label' | readonly string[];

/** The command-line flag that sets an option (`tempest run`). */
export interface OptionFlag {
  /** The flag as Commander declares it, e.g. `'--n-particles <n>'` or `'--no-clustering'`. */
  readonly flags: string;
  /** How its text is parsed and checked. */
  readonly kind: FlagKind;
  /** Its line in `tempest run --help`. */
  readonly help: string;
}

/** What a row of the option table sees while the options are resolved, row by row. */
export interface OptionContext {
  /** The option's name as the user wrote it (an alias's name when it was set through one), for messages. */
  readonly name: string;
  /**
   * The resolved value of an option of an earlier row of the table.
   * @param option - an option above this one in the table
   * @returns its value (its default, or fallback, when the user's value was invalid)
   * @throws Error when `option` is not above this one (a mistake in the table's order)
   */
  earlier<K extends keyof ResolvedOptions>(option: K): ResolvedOptions[K];
  /**
   * A fresh seed, for `randomState` when it is absent.
   * @returns the seed
   */
  seed(): number;
  /**
   * Records a problem: the options are refused, every problem listed at once.
   * @param message - what is wrong, the value seen and what to do
   */
  problem(message: string): void;
  /**
   * Records a warning about a legal but risky setting.
   * @param message - what is risky and what to do
   */
  warn(message: string): void;
}

/**
 * A row of the option table for an option with a value: how it is checked and defaulted, whether
 * it enters a state file's fingerprint, and its command-line flag.
 *
 * The value resolved is the user's value or, when that is absent (`undefined`, or `null` for an
 * option with a default), the default. It is checked with `check`; if it passes, `refine` may
 * check it against earlier options and transform it; if it fails, later rows see the fallback.
 */
export interface ValueOptionSpec<T> {
  /** The name in the reference Python package, or undefined when it has none. */
  readonly python: string | undefined;
  /**
   * The value of an absent option: a constant, or a function of the options of earlier rows. None:
   * the option stays undefined (or is required, which `check` enforces).
   */
  readonly default?: T | ((context: OptionContext) => T);
  /** What later rows see in place of an invalid value, when that must not be the default (a required option). */
  readonly fallback?: T;
  /**
   * Checks a value (anything a user may pass, so that an option can take a name or an object).
   * @returns the problem (`<name> must be ...; got ...`), or undefined when the value is valid
   */
  readonly check: (value: unknown, context: OptionContext) => string | undefined;
  // A method, not a function-valued property, so that every row is a ValueOptionSpec<unknown> too
  // (method parameters are bivariant) and resolveOptions can walk the rows alike.
  /**
   * Checks a valid value against earlier options (reporting through the context) and returns the
   * value used.
   * @param value - the value, which passed `check`
   * @param context - the options of earlier rows, and where to report
   * @returns the value the sampler uses
   */
  refine?(value: T, context: OptionContext): T;
  /** Whether it changes what a run computes, so that a state file resumes only under the same value. */
  readonly fingerprint: boolean;
  /** The command-line flag that sets it, if any. */
  readonly flag?: OptionFlag;
  /**
   * The largest value `tempest resume` takes from a file (a run.json or a state file) without
   * `--allow-large-options`: a damaged or crafted file must not make a resumed run take for ever
   * or exhaust the memory (see {@link optionsBeyondFileLimits}). Code, and `tempest run`'s flags,
   * may set larger values.
   */
  readonly fileLimit?: number;
}

/** A row of the option table for another name of an option (`nActive` for `nParticles`). */
export interface AliasOptionSpec {
  /** The option it names. */
  readonly aliasOf: SamplerOptionName & keyof ResolvedOptions;
  /** The name in the reference Python package, or undefined when it has none. */
  readonly python: string | undefined;
  /** The command-line flag that sets it, parsed as the aliased option's flag. */
  readonly flag?: Omit<OptionFlag, 'kind'>;
}

/**
 * The row of the option table of option `K`: a value option when `K` is a field of
 * {@link ResolvedOptions}, else an alias.
 */
export type OptionSpec<K extends SamplerOptionName> = K extends keyof ResolvedOptions ? ValueOptionSpec<ResolvedOptions[K]> : AliasOptionSpec;

/**
 * The option table: one row for every option of {@link SamplerOptions}, no more (so an option
 * added to the type without a row, or a row without an option, does not compile).
 */
export type SamplerOptionSpecs = { readonly [K in SamplerOptionName]-?: OptionSpec<K> };
