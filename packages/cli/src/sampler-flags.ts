import { Option, type Command } from 'commander';
import { SAMPLER_OPTION_SPECS, didYouMean, type FlagKind, type FlagOptionName, type SamplerOptionName, type SamplerOptions } from '@tempest/core';
import { CliError } from './cli-error.js';

/** The data-only sampler options a flag (or a model's `options` export) can set. */
export type FlagOptions = Partial<Pick<SamplerOptions, FlagOptionName>>;

interface FlagSpec {
  /** The option as a model file's `options` export names it (`nActive` for `--n-active`). */
  name: SamplerOptionName;
  /** SamplerOptions field it sets. */
  key: FlagOptionName;
  /** Commander flag text. */
  flags: string;
  /** Commander's camelCase attribute name of the flag. */
  attribute: string;
  kind: FlagKind;
  description: string;
}

/**
 * Every sampler flag, from the option table of @tempest/core (`SAMPLER_OPTION_SPECS`): kebab-case
 * of the SamplerOptions field (the reference package's names in camelCase), in the table's order.
 */
export const SAMPLER_FLAGS: readonly FlagSpec[] = Object.entries(SAMPLER_OPTION_SPECS).flatMap(([name, spec]) => {
  if (spec.flag === undefined) return [];
  const key = ('aliasOf' in spec ? spec.aliasOf : name) as FlagOptionName;
  const target = SAMPLER_OPTION_SPECS[key];
  const kind = 'kind' in spec.flag ? spec.flag.kind : target.flag!.kind;
  const attribute = new Option(spec.flag.flags).attributeName();
  return [{ name: name as SamplerOptionName, key, flags: spec.flag.flags, attribute, kind, description: spec.flag.help }];
});

/**
 * Declares every sampler flag on a command.
 * @param command - the `run` command
 * @returns the command
 */
export function addSamplerFlags(command: Command): Command {
  for (const spec of SAMPLER_FLAGS) command.addOption(new Option(spec.flags, spec.description));
  return command;
}

/**
 * Parses one flag or model-option value, checking it the way the sampler will.
 * @param name - how the user wrote it (`--n-particles`, `options.nParticles`)
 * @param kind - what it must be
 * @param raw - the text (flags) or value (model options)
 * @returns the value
 * @throws {CliError} (exit 2) naming the flag, the value seen and what is accepted
 */
export function parseFlagValue(name: string, kind: FlagKind, raw: unknown): unknown {
  const bad = (what: string) => new CliError(`${name} must be ${what}; got ${JSON.stringify(raw)}.`);
  if (Array.isArray(kind)) {
    if (!kind.includes(raw as string)) throw bad(`one of ${kind.join(', ')}`);
    return raw;
  }
  if (kind === 'flag') {
    if (typeof raw !== 'boolean') throw bad('true or false');
    return raw;
  }
  if (kind === 'label') {
    if (typeof raw !== 'string' || !/^[\w.-]+$/.test(raw)) throw bad('a name of letters, digits, ".", "_" or "-"');
    return raw;
  }
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a number');
  if (kind === 'count' && !(Number.isInteger(value) && value >= 1)) throw bad('a positive integer');
  if (kind === 'whole' && !(Number.isSafeInteger(value) && value >= 0)) throw bad('a non-negative integer');
  if (kind === 'positive' && !(value > 0)) throw bad('a positive number');
  if (kind === 'seed' && !(Number.isSafeInteger(value) && value >= 0)) throw bad('a non-negative integer');
  return value;
}

/**
 * The sampler options the user set on the command line (flags left at their defaults are absent,
 * so a model's own `options` stay in force).
 * @param command - the parsed command
 * @returns the options, validated
 * @throws {CliError} (exit 2) for a bad value, or for --n-particles and --n-active that differ
 */
export function samplerOptionsFromFlags(command: Command): FlagOptions {
  const values = command.opts<Record<string, unknown>>();
  const out: Record<string, unknown> = {};
  for (const spec of SAMPLER_FLAGS) {
    if (command.getOptionValueSource(spec.attribute) !== 'cli') continue;
    const flag = spec.flags.split(' ')[0];
    const value = parseFlagValue(flag, spec.kind, values[spec.attribute]);
    if (out[spec.key] !== undefined && out[spec.key] !== value) {
      throw new CliError(`--n-particles (${String(out[spec.key])}) and --n-active (${String(value)}) are aliases but differ; give only one.`);
    }
    out[spec.key] = value;
  }
  return out as FlagOptions;
}

/**
 * Checks a model file's `options` export and lists every problem (unknown keys, with the likely
 * intended name; bad values), rather than stopping at the first.
 * @param options - the export
 * @returns the valid options and one sentence per problem (empty when all is well)
 */
export function checkModelOptions(options: unknown): { options: FlagOptions; problems: string[] } {
  if (options === undefined) return { options: {}, problems: [] };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return { options: {}, problems: [`the options export must be an object such as { nParticles: 512 }; got ${JSON.stringify(options)}.`] };
  }
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  const known = [...new Set(SAMPLER_FLAGS.map((s) => s.key))];
  const aliases = SAMPLER_FLAGS.filter((s) => s.name !== s.key).map((s) => s.name);
  for (const [key, value] of Object.entries(options)) {
    const spec = SAMPLER_FLAGS.find((s) => s.name === key);
    if (spec === undefined) {
      problems.push(`options.${key} cannot be set from a model file${didYouMean(key, [...known, ...aliases])}; use one of ${known.join(', ')} (the pool and output folder are command-line flags).`);
      continue;
    }
    try {
      out[spec.key] = parseFlagValue(`options.${key}`, spec.kind, value);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { options: out as FlagOptions, problems };
}

/**
 * Checks a model file's `options` export: only the data options a flag can set are allowed.
 * @param options - the export
 * @param source - the model file (or run.json), for messages
 * @returns the options, validated
 * @throws {CliError} (exit 2) naming the file and, for each problem, the option, the value and the fix
 */
export function samplerOptionsFromModel(options: unknown, source: string): FlagOptions {
  const checked = checkModelOptions(options);
  if (checked.problems.length > 0) throw CliError.list(`model file ${source}`, checked.problems);
  return checked.options;
}
