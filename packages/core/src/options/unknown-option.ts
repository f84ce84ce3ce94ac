import { similarNames } from '../text/did-you-mean.js';

/** An option table, as far as names go: each option's name in the reference Python package. */
export type OptionNames = Readonly<Record<string, { readonly python: string | undefined }>>;

/**
 * The option a name of the reference Python package stands for (`n_particles` for `nParticles`).
 * @param key - a name that is not an option
 * @param options - the option table
 * @returns the camelCase option, or undefined when `key` is no option's Python name
 */
export function optionOfPythonName(key: string, options: OptionNames): string | undefined {
  return Object.keys(options).find((name) => name !== key && options[name].python === key);
}

/**
 * What a name that is not an option was probably meant to be: the camelCase option of a Python
 * name, or the options within a few edits of it (a different case counts as none).
 * @param key - the name as written
 * @param options - the option table
 * @returns a sentence such as `did you mean nParticles?`, or undefined when nothing is close
 * @example
 * ```ts
 * unknownOptionHint('n_particles', SAMPLER_OPTION_SPECS); // 'options are camelCase: use nParticles.'
 * unknownOptionHint('nParticle', SAMPLER_OPTION_SPECS); // 'did you mean nParticles?'
 * ```
 */
export function unknownOptionHint(key: string, options: OptionNames): string | undefined {
  const camelCase = optionOfPythonName(key, options);
  if (camelCase !== undefined) return `options are camelCase: use ${camelCase}.`;
  const similar = similarNames(key, Object.keys(options));
  return similar.length === 0 ? undefined : `did you mean ${similar.slice(0, 3).join(' or ')}?`;
}
