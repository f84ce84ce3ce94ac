import type { ResolvedOptions, SamplerOptions } from '../sampler/sampler-options.js';
import { TempestError } from '../tempest-error.js';
import { show } from './option-checks.js';
import type { AliasOptionSpec, OptionContext, SamplerOptionName, ValueOptionSpec } from './option-spec.js';
import { SAMPLER_OPTION_NAMES, SAMPLER_OPTION_SPECS, isSamplerOption } from './option-specs.js';
import { RUN_OPTION_SPECS, isRunOption } from './run-options.js';
import { optionOfPythonName, unknownOptionHint } from './unknown-option.js';

// The rows seen alike, whatever their value type (each row's own type is checked in the table).
const rows = SAMPLER_OPTION_SPECS as Readonly<Record<SamplerOptionName, ValueOptionSpec<unknown> | AliasOptionSpec>>;

/** The aliases of each option (`nParticles`: `nActive`). */
const aliasesOf = new Map<string, string[]>();
for (const name of SAMPLER_OPTION_NAMES) {
  const row = rows[name];
  if ('aliasOf' in row) aliasesOf.set(row.aliasOf, [...(aliasesOf.get(row.aliasOf) ?? []), name]);
}

/** The problem with a name the constructor does not take: where it belongs, or what was meant. */
function unknownOption(key: string): string {
  const runOption = isRunOption(key) ? key : optionOfPythonName(key, RUN_OPTION_SPECS);
  if (runOption !== undefined) return `${key} is an option of run(), not of the Sampler: pass it to sampler.run({ ${runOption} }).`;
  const hint = unknownOptionHint(key, SAMPLER_OPTION_SPECS) ?? 'check its spelling (options are camelCase, e.g. nParticles).';
  return `unknown option ${JSON.stringify(key)}; ${hint}`;
}

/** The user's value of an option and the name it was given under: its own, or an alias's when only that is set. */
function givenValue(option: string, given: Readonly<Record<string, unknown>>, problems: string[]): { value: unknown; name: string } {
  let value = given[option];
  let name = option;
  for (const alias of aliasesOf.get(option) ?? []) {
    const aliased = given[alias];
    if (aliased === undefined) continue;
    if (value !== undefined && value !== aliased) problems.push(`${option} (${show(value)}) and ${alias} (${show(aliased)}) are aliases but differ; set only one.`);
    if (value === undefined) name = alias;
    value ??= aliased;
  }
  return { value, name };
}

/** A problem with one option: the option (its row's name) and the sentence naming the value and the fix. */
export interface OptionProblem {
  /** The option concerned (an alias's row reports under the option it names). */
  option: string;
  /** What is wrong, the value seen and what to do. */
  message: string;
}

/** What {@link resolveRows} found. */
export interface ResolvedRows {
  /** Every row's value: the valid value (refined), or the fallback or default of an invalid one. */
  resolved: Map<string, unknown>;
  /** Every problem, in table order. */
  problems: OptionProblem[];
  /** Warnings about legal but risky settings. */
  warnings: string[];
}

/**
 * Resolves rows of the option table in order: the user's value or the default, checked, and
 * refined against the rows above. The constructor resolves every row; a state file's saved
 * options are checked through the same rows ({@link savedOptionProblems}).
 * @param given - the values by option name (aliases included)
 * @param names - the rows to resolve, in table order; a row may read only rows among them above it
 * @param makeSeed - source of a seed when `randomState` is absent
 * @param acceptAsIs - values to take without the row's check (a saved extension's name)
 * @returns the values, problems and warnings
 */
export function resolveRows(given: Readonly<Record<string, unknown>>, names: readonly string[], makeSeed: () => number, acceptAsIs?: (option: string, value: unknown) => boolean): ResolvedRows {
  const problems: OptionProblem[] = [];
  const warnings: string[] = [];
  const resolved = new Map<string, unknown>();
  for (const option of names) {
    const row = rows[option as SamplerOptionName];
    if ('aliasOf' in row) continue;
    const aliasProblems: string[] = [];
    const { value: raw, name } = givenValue(option, given, aliasProblems);
    for (const message of aliasProblems) problems.push({ option, message });
    const context: OptionContext = {
      name,
      earlier: (earlier) => {
        if (!resolved.has(earlier)) throw new Error(`The option table reads ${earlier} in the row of ${option}, above which it must be.`);
        return resolved.get(earlier) as never;
      },
      seed: makeSeed,
      problem: (message) => problems.push({ option, message }),
      warn: (message) => warnings.push(message),
    };
    const defaultValue = () => (typeof row.default === 'function' ? row.default(context) : row.default);
    // null counts as absent only for an option with a default (a null seed or nDim is refused).
    const value = row.default === undefined ? raw : (raw ?? defaultValue());
    if (acceptAsIs?.(option, value)) {
      resolved.set(option, value);
      continue;
    }
    const problem = row.check(value, context);
    if (problem !== undefined) problems.push({ option, message: problem });
    if (problem === undefined) resolved.set(option, row.refine ? row.refine(value, context) : value);
    else resolved.set(option, row.fallback !== undefined ? row.fallback : defaultValue());
  }
  return { resolved, problems, warnings };
}

/**
 * Validates sampler options and fills in defaults, row by row of the option table.
 * @param options - what the user passed
 * @param makeSeed - source of a seed when `randomState` is absent
 * @returns the resolved options
 * @throws {TempestError} `INVALID_CONFIGURATION` listing every problem at once
 */
export function resolveOptions(options: SamplerOptions, makeSeed: () => number): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TempestError('INVALID_CONFIGURATION', 'Sampler options must be an object with priorTransform, logLikelihood and nDim.', {
      value: options,
      problems: ['options must be an object'],
    });
  }
  const given = options as unknown as Readonly<Record<string, unknown>>;
  const problems: string[] = [];
  for (const key of Object.keys(given)) if (!isSamplerOption(key)) problems.push(unknownOption(key));
  const { resolved, problems: rowProblems, warnings } = resolveRows(given, SAMPLER_OPTION_NAMES, makeSeed);
  problems.push(...rowProblems.map((p) => p.message));

  if (problems.length > 0) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    throw new TempestError('INVALID_CONFIGURATION', `Invalid Sampler configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${list}`, { problems });
  }
  return { ...Object.fromEntries(resolved), warnings } as ResolvedOptions;
}
