import type { RunOptions } from '../sampler/sampler.js';
import { TempestError } from '../tempest-error.js';
import { SAMPLER_OPTION_SPECS, isSamplerOption } from './option-specs.js';
import { optionOfPythonName, unknownOptionHint } from './unknown-option.js';

/** A row of the table of {@link RunOptions}. */
export interface RunOptionSpec {
  /** The name in the reference Python package's `run()`, or undefined when it has none. */
  readonly python: string | undefined;
  /** The largest value `tempest resume` takes from a run.json without the user's say-so (as the constructor options' `fileLimit`). */
  readonly fileLimit?: number;
}

/**
 * Every option of `Sampler.run()` (a row for each field of {@link RunOptions}, no more, or the
 * table does not compile). Their checks and defaults are in `run()` itself.
 */
export const RUN_OPTION_SPECS: { readonly [K in keyof RunOptions]-?: RunOptionSpec } = {
  nTotal: { python: 'n_total', fileLimit: 2 ** 24 },
  progress: { python: 'progress' },
  onIteration: { python: undefined },
  saveEvery: { python: 'save_every' },
  keepStates: { python: undefined },
  resumeStatePath: { python: 'resume_state_path' },
  signal: { python: undefined },
};

const RUN_OPTION_NAMES = Object.keys(RUN_OPTION_SPECS);

/**
 * Whether a name is an option of `run()` (so that the constructor can say where it belongs).
 * @param key - an option name
 * @returns true for a `run()` option
 */
export function isRunOption(key: string): boolean {
  return Object.hasOwn(RUN_OPTION_SPECS, key);
}

/**
 * Refuses misspelt `run()` options, and constructor options given to `run()`, all at once.
 * @param runOptions - what `run()` was given
 * @throws {TempestError} `INVALID_ARGUMENT` naming each unknown option and the likely intended
 *   one, or where it belongs
 */
export function checkRunOptionNames(runOptions: RunOptions): void {
  if (runOptions === null || typeof runOptions !== 'object') {
    throw new TempestError('INVALID_ARGUMENT', `run() takes an options object such as { nTotal: 4096 }; got ${String(runOptions)}.`, { value: runOptions });
  }
  const problems: string[] = [];
  for (const key of Object.keys(runOptions)) {
    if (isRunOption(key)) continue;
    const samplerOption = isSamplerOption(key) ? key : optionOfPythonName(key, SAMPLER_OPTION_SPECS);
    if (samplerOption !== undefined) {
      problems.push(`${key} is an option of the Sampler, not of run(): pass it to new Sampler({ ..., ${samplerOption} }).`);
      continue;
    }
    const hint = unknownOptionHint(key, RUN_OPTION_SPECS);
    const sentence = hint === undefined ? '' : ` ${hint[0].toUpperCase()}${hint.slice(1)}`;
    problems.push(`unknown run() option ${JSON.stringify(key)}; the options are ${RUN_OPTION_NAMES.join(', ')}.${sentence}`);
  }
  if (problems.length > 0) {
    throw new TempestError('INVALID_ARGUMENT', `Invalid run() options; nothing was run:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { option: 'runOptions', problems });
  }
}
