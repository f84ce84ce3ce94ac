import { similarNames } from '../text/did-you-mean.js';

/** An option table, as far as names go: each option's name in the reference Python package. */
export type OptionNames = Readonly<Record<string, { readonly python: string | undefined }>>;

/**
 * Names other samplers and habits use for an option (emcee's and NumPy's `seed`, dynesty's
 * `rstate` and `nlive`), keyed by the name as written, lower case. Names that differ from an
 * option only in case (`nparticles`) need no entry: the did-you-mean search finds those.
 */
const NAMES_ELSEWHERE: Readonly<Record<string, string>> = {
  seed: 'randomState', random_seed: 'randomState', randomseed: 'randomState', rstate: 'randomState', rng: 'randomState',
  nlive: 'nParticles', n_live: 'nParticles', npoints: 'nParticles', ndims: 'nDim', n_dims: 'nDim', n_effective: 'nTotal', n_eff: 'nTotal',
  loglike: 'logLikelihood', log_like: 'logLikelihood', prior: 'priorTransform', ptform: 'priorTransform',
  pool_size: 'pool', queue_size: 'pool', names: 'parameterNames', labels: 'parameterLabels',
  parameter_names: 'parameterNames', param_names: 'parameterNames', parameter_labels: 'parameterLabels',
};

/**
 * The option a name of the reference Python package (`n_particles` for `nParticles`), or a name
 * other samplers use for it (`seed`, `nlive`), stands for.
 * @param key - a name that is not an option
 * @param options - the option table
 * @returns the camelCase option, or undefined when `key` is no such name of an option in the table
 */
export function optionOfPythonName(key: string, options: OptionNames): string | undefined {
  const python = Object.keys(options).find((name) => name !== key && options[name].python === key);
  if (python !== undefined) return python;
  const elsewhere = NAMES_ELSEWHERE[key.toLowerCase()];
  return elsewhere !== undefined && elsewhere !== key && Object.hasOwn(options, elsewhere) ? elsewhere : undefined;
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
  if (camelCase !== undefined) return key.includes('_') ? `options are camelCase: use ${camelCase}.` : `Tempest calls it ${camelCase}: use ${camelCase}.`;
  const similar = similarNames(key, Object.keys(options));
  return similar.length === 0 ? undefined : `did you mean ${similar.slice(0, 3).join(' or ')}?`;
}
