import { FINGERPRINT_KEYS } from './option-specs.js';
import { resolveRows, type OptionProblem } from './resolve-options.js';

/**
 * The options a state file records a user's own kernel or resampler under: its name (the
 * fingerprint keeps an extension object by its name), which the row's check, made for objects,
 * cannot judge. A saved name resumes only a sampler given that extension.
 */
const EXTENSION_OPTIONS: readonly string[] = ['sample', 'resample'];

/**
 * The problems with options saved in a state file (its fingerprint, and its seed as
 * `randomState`), found by the constructor's own checks: the same rows, in the same order, so a
 * file cannot hold a value the constructor would refuse. An absent option is taken as its
 * default, a null one as absent (as the fingerprint records an unset option).
 * @param saved - the file's options
 * @returns every problem, naming the option and the value
 */
export function savedOptionProblems(saved: Readonly<Record<string, unknown>>): OptionProblem[] {
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(saved)) given[key] = value ?? undefined;
  const names = [...FINGERPRINT_KEYS, ...('randomState' in saved ? ['randomState'] : [])];
  const isExtensionName = (option: string, value: unknown) => EXTENSION_OPTIONS.includes(option) && typeof value === 'string' && value.length > 0;
  return resolveRows(given, names, () => 0, isExtensionName).problems;
}
