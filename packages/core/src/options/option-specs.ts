import { isPool, type Pool } from '@tempest/pool';
import { isFunctionReference } from '@tempest/serialize';
import { defaultLineageGroups, defaultParticles, type ResolvedOptions } from '../sampler/sampler-options.js';
import { defaultParameterNames, parameterLabelProblems, parameterNameProblems } from './parameter-names.js';
import { isBoolean, isPositiveFinite, isPositiveInteger, mustBe, nameOrObject, show } from './option-checks.js';
import { BUILT_IN_KERNELS, resolveKernel, type KernelName } from '../kernels/kernel-registry.js';
import { BUILT_IN_RESAMPLERS, resolveResampler, type ResamplerName } from '../resampling/resampler.js';
import type { OptionContext, SamplerOptionName, SamplerOptionSpecs } from './option-spec.js';

const KERNELS = Object.keys(BUILT_IN_KERNELS) as KernelName[];
const RESAMPLERS = Object.keys(BUILT_IN_RESAMPLERS) as ResamplerName[];

/** Parameter indices must be below nDim: the out-of-range ones are reported and dropped. */
function indicesInRange(indices: readonly number[], c: OptionContext): number[] {
  const nDim = c.earlier('nDim');
  const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < nDim;
  const bad = indices.filter((i) => !inRange(i));
  if (bad.length > 0) c.problem(`${c.name} indices must be integers in [0, ${nDim - 1}]; got ${show(bad)}.`);
  return indices.filter(inRange);
}

/** All of a list's problems: every one but the first through the context, the first as the row's own. */
function allProblems(problems: string[], c: OptionContext): string | undefined {
  for (const p of problems.slice(1)) c.problem(p);
  return problems[0];
}

function checkPool(value: unknown, { name }: OptionContext): string | undefined {
  if (value === undefined || value === null || isPositiveInteger(value) || isPool(value)) return undefined;
  if (typeof value === 'number') return `${name} must be a positive integer (worker threads) or a Pool; got ${show(value)}. Use pool: 2 for two worker threads.`;
  return `${name} must be a positive integer (worker threads) or an object implementing the Pool interface of @tempest/pool (size, map, close, isMaster, isWorker, wait); got ${typeof value === 'object' ? 'an object without them' : show(value)}.`;
}

/**
 * Each MCMC step sends its nParticles proposals to the pool at once (fewer when some fall outside
 * the prior): unless nParticles is a multiple of the workers, the last round of tasks leaves
 * workers idle while the busiest finish, every step.
 * @returns the warning, or undefined when nParticles is a multiple of the workers
 */
function workersLeftIdle(nParticles: number, workers: number): string | undefined {
  if (!(Number.isInteger(workers) && workers > 1) || nParticles % workers === 0) return undefined;
  const rounds = Math.ceil(nParticles / workers);
  const best = nParticles / (rounds * workers);
  const suggestion = Math.max(1, Math.round(nParticles / workers)) * workers;
  const idle = rounds * workers - nParticles;
  return `nParticles (${nParticles}) is not a multiple of the pool's ${workers} workers: each MCMC step evaluates up to ${nParticles} proposals in ${rounds} round${rounds > 1 ? 's' : ''} of tasks, and in the last one ${idle} of the ${workers} workers wait, so at most ${(100 * best).toFixed(0)}% of the workers' time is used. Use a multiple of ${workers}, e.g. nParticles: ${suggestion}.`;
}

// The rows, in the order they are resolved (a row may read the rows above it), which is also the
// order of the state-file fingerprint and of the flags in `tempest run --help`. Checked against
// the type below, without widening it, so that FlagOptionName can read which rows have a flag.
const specs = {
  priorTransform: { python: 'prior_transform', fingerprint: false, check: mustBe('a function mapping u in [0,1]^nDim to parameters', (v) => typeof v === 'function') },
  logLikelihood: {
    python: 'log_likelihood', fingerprint: false,
    check: mustBe("a function or a functionReference(import.meta.url, 'exportName')", (v) => typeof v === 'function' || isFunctionReference(v)),
  },
  nDim: { python: 'n_dim', fingerprint: true, fallback: 1, check: mustBe('a positive integer', isPositiveInteger, 'Set nDim to the number of parameters.') },
  parameterNames: {
    python: undefined, fingerprint: false, default: (c) => defaultParameterNames(c.earlier('nDim')),
    check: (v, c) => allProblems(parameterNameProblems(v, c.earlier('nDim'), c.name), c),
  },
  parameterLabels: {
    python: undefined, fingerprint: false, default: (c) => c.earlier('parameterNames'),
    check: (v, c) => allProblems(parameterLabelProblems(v, c.earlier('nDim'), c.name), c),
  },
  nParticles: {
    python: 'n_particles', fingerprint: true, default: (c) => defaultParticles(c.earlier('nDim')),
    check: (v, { name }) => (isPositiveInteger(v) && v >= 2 ? undefined
      : `${name} must be an integer of at least 2; got ${show(v)}. Set ${name} to at least nDim + 1 (default max(256, 4 * nDim)).`),
    fileLimit: 2 ** 20,
    flag: { flags: '--n-particles <n>', kind: 'count', help: 'active particles per iteration (default max(256, 4 * nDim))' },
  },
  nActive: { aliasOf: 'nParticles', python: 'n_active', flag: { flags: '--n-active <n>', help: 'alias of --n-particles' } },
  essRatio: {
    python: 'ess_ratio', fingerprint: true, default: 3, check: mustBe('a positive number', isPositiveFinite, 'The default is 3.'), fileLimit: 1000,
    flag: { flags: '--ess-ratio <x>', kind: 'positive', help: 'target ESS as a multiple of the particles when choosing beta (default 3)' },
  },
  volumeVariation: {
    python: 'volume_variation', fingerprint: true,
    check: mustBe('a positive number or undefined', (v) => v === undefined || isPositiveFinite(v), 'Try 0.5, or leave it unset for plain ESS mode.'),
    refine: (v, c) => {
      const nParticles = c.earlier('nParticles');
      const nDim = c.earlier('nDim');
      if (v !== undefined && nParticles < nDim + 1) {
        c.warn(`Dynamic mode with nParticles (${nParticles}) < nDim + 1 (${nDim + 1}): the volume variation is undefined for so few particles; use at least nDim + 1.`);
      }
      return v;
    },
    flag: { flags: '--volume-variation <x>', kind: 'positive', help: 'target volume variation (dynamic mode; off by default)' },
  },
  logLikelihoodArgs: { python: 'log_likelihood_args', fingerprint: false, default: [], check: mustBe('an array of extra arguments', Array.isArray) },
  vectorize: { python: 'vectorize', fingerprint: false, default: false, check: mustBe('true or false', isBoolean) },
  periodic: { python: 'periodic', fingerprint: true, default: [], check: mustBe('an array of parameter indices', Array.isArray), refine: indicesInRange },
  reflective: {
    python: 'reflective', fingerprint: true, default: [], check: mustBe('an array of parameter indices', Array.isArray),
    refine: (v, c) => {
      const reflective = indicesInRange(v, c);
      const both = c.earlier('periodic').filter((i) => reflective.includes(i));
      if (both.length > 0) c.problem(`parameters ${show(both)} are both periodic and reflective; choose one boundary for each.`);
      return reflective;
    },
  },
  pool: {
    python: 'pool', fingerprint: false, check: checkPool,
    refine: (v, c) => {
      if (v === undefined || v === null) return undefined;
      const workers = typeof v === 'number' ? v : (v as Pool).size;
      const unevenBatches = workersLeftIdle(c.earlier('nParticles'), workers);
      if (!c.earlier('vectorize') && unevenBatches !== undefined) c.warn(unevenBatches);
      return v;
    },
  },
  logLikelihoodCaptures: {
    python: undefined, fingerprint: false,
    check: mustBe('an object mapping names to values, e.g. { data, sigma }', (v) => v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v))),
    refine: (v, c) => {
      if (v === undefined || v === null) return undefined;
      if (isFunctionReference(c.earlier('logLikelihood'))) c.problem('logLikelihoodCaptures applies to a likelihood shipped by value; a functionReference is imported by the workers and takes none. Drop logLikelihoodCaptures.');
      else if (c.earlier('pool') === undefined) c.warn('logLikelihoodCaptures has no effect without a pool: the likelihood runs in this thread and sees its variables directly.');
      return v;
    },
  },
  clustering: {
    python: 'clustering', fingerprint: true, default: true, check: mustBe('true or false', isBoolean),
    flag: { flags: '--no-clustering', kind: 'flag', help: 'one proposal for all particles instead of one per cluster' },
  },
  normalize: {
    python: 'normalize', fingerprint: true, default: true, check: mustBe('true or false', isBoolean),
    flag: { flags: '--no-normalize', kind: 'flag', help: 'do not standardise particles before clustering' },
  },
  clusterEvery: {
    python: 'cluster_every', fingerprint: true, default: 1, check: mustBe('a positive integer', isPositiveInteger),
    flag: { flags: '--cluster-every <k>', kind: 'count', help: 're-fit the clustering every k iterations (default 1)' },
  },
  splitThreshold: {
    python: 'split_threshold', fingerprint: true, default: 1, check: mustBe('a positive number', isPositiveFinite, 'The default is 1.'),
    flag: { flags: '--split-threshold <x>', kind: 'positive', help: 'multiplier of the BIC threshold for splitting a cluster (default 1)' },
  },
  nMaxClusters: {
    python: 'n_max_clusters', fingerprint: true, check: mustBe('a positive integer or undefined', (v) => v === undefined || isPositiveInteger(v)),
    flag: { flags: '--n-max-clusters <k>', kind: 'count', help: 'maximum number of clusters (default unlimited)' },
  },
  sample: {
    python: 'sample', fingerprint: true, default: 'tpcn',
    check: nameOrObject(KERNELS, resolveKernel, 'A kernel of your own is an object implementing MutationKernel (name, maxStepSize, propose, logDensity).'),
    flag: { flags: '--sample <kernel>', kind: KERNELS, help: 'MCMC kernel: tpcn or rwm (default tpcn)' },
  },
  nSteps: {
    python: 'n_steps', fingerprint: true, default: 1, check: mustBe('a positive integer (steps per dimension)', isPositiveInteger, 'The default is 1.'), fileLimit: 1000,
    flag: { flags: '--n-steps <k>', kind: 'count', help: 'minimum MCMC steps per iteration, per dimension (default 1)' },
  },
  nMaxSteps: {
    python: 'n_max_steps', fingerprint: true, default: (c) => 20 * c.earlier('nSteps'),
    check: mustBe('a positive integer', isPositiveInteger, 'The default is 20 * nSteps.'), fileLimit: 20_000,
    refine: (v, c) => {
      const nSteps = c.earlier('nSteps');
      if (v < nSteps) c.problem(`nMaxSteps (${v}) must be at least nSteps (${nSteps}).`);
      return v;
    },
    flag: { flags: '--n-max-steps <k>', kind: 'count', help: 'maximum MCMC steps per iteration, per dimension (default 20 * n-steps)' },
  },
  resample: {
    python: 'resample', fingerprint: true, default: 'mult',
    check: nameOrObject(RESAMPLERS, resolveResampler, 'A scheme of your own is an object implementing Resampler (name, resample).'),
    flag: { flags: '--resample <scheme>', kind: RESAMPLERS, help: 'resampling: mult or syst (default mult)' },
  },
  mixing: {
    python: 'mixing', fingerprint: true, default: 'correlation',
    check: mustBe("'correlation' or 'acceptance'", (v) => v === 'correlation' || v === 'acceptance', "The default is 'correlation'."),
    flag: { flags: '--mixing <rule>', kind: ['correlation', 'acceptance'], help: 'when MCMC chains stop: correlation (decorrelated from their start; default) or acceptance' },
  },
  mixingThreshold: {
    python: 'mixing_threshold', fingerprint: true, default: 0.05,
    check: mustBe('a number in (0, 1)', (v) => typeof v === 'number' && v > 0 && v < 1, 'The default is 0.05; larger values give shorter chains and more bias.'),
    flag: { flags: '--mixing-threshold <x>', kind: 'positive', help: 'start-current correlation at which chains stop (default 0.05)' },
  },
  proposalFolds: {
    python: 'proposal_folds', fingerprint: true, default: 8,
    check: mustBe('a positive integer', isPositiveInteger, 'The default is 8; 1 fits each proposal to the very particles its chains start from, which biases log Z upwards in high dimensions.'),
    fileLimit: 1024,
    flag: { flags: '--proposal-folds <k>', kind: 'count', help: 'each chain proposes with a Student-t fitted without its fold of the particles (default 8; 1: no cross-fitting)' },
  },
  jumpEvery: {
    python: 'jump_every', fingerprint: true, default: 4,
    check: mustBe('a non-negative integer', (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'The default is 4; 0 turns the moves between clusters off.'),
    flag: { flags: '--jump-every <k>', kind: 'whole', help: 'every k-th MCMC step proposes from the whole fitted mixture (moves between modes; with adaptive moves, the kind that moves less per call gets every k-th step; default 4, 0: never)' },
  },
  lineageGroups: {
    python: 'lineage_groups', fingerprint: true, default: (c) => defaultLineageGroups(c.earlier('nParticles')),
    check: mustBe('a positive integer', isPositiveInteger, 'The default is min(8, nParticles / 32): 8 groups of 32 of the default 256 particles; 1 resamples across all particles.'),
    refine: (v, c) => {
      const nParticles = c.earlier('nParticles');
      if (v > 1 && nParticles < 8 * v) c.problem(`lineageGroups (${v}) needs at least 8 particles per group; nParticles is ${nParticles}. Use lineageGroups ${Math.max(1, Math.floor(nParticles / 8))} or fewer, or more particles.`);
      return v;
    },
    flag: { flags: '--lineage-groups <k>', kind: 'count', help: 'independent lineage groups: resampling stays within a group, and the spread between groups enters the log Z error (default min(8, n-particles / 32))' },
  },
  clusterSearch: {
    python: 'cluster_search', fingerprint: true, default: 'thorough',
    check: mustBe("'thorough' or 'basic'", (v) => v === 'thorough' || v === 'basic', "The default is 'thorough'; 'basic' is the search of earlier versions."),
    flag: { flags: '--cluster-search <kind>', kind: ['thorough', 'basic'], help: 'clustering search: thorough (cuts between groups, starts from the previous clusters too; default) or basic' },
  },
  adaptiveMoves: {
    python: 'adaptive_moves', fingerprint: true, default: true, check: mustBe('true or false', isBoolean),
    flag: { flags: '--no-adaptive-moves', kind: 'flag', help: 'jumps only with several clusters, every jump-every-th step, and chains of at least n-steps x d steps' },
  },
  moveSpace: {
    python: 'move_space', fingerprint: true, default: 'auto',
    check: mustBe("'auto', 'cube' or 'logit'", (v) => v === 'auto' || v === 'cube' || v === 'logit', "The default is 'auto' (the logit for coordinates whose prior is unbounded or whose posterior piles against a bound); 'cube' moves every coordinate in the unit cube, as earlier versions did; 'logit' moves every plain coordinate as ln(u / (1 - u))."),
    flag: { flags: '--move-space <space>', kind: ['auto', 'cube', 'logit'], help: 'where the MCMC moves: auto (the logit for coordinates with an unbounded prior or whose posterior piles against a bound; default), cube, or logit (every plain coordinate as ln(u/(1-u)))' },
  },
  reanneal: {
    python: 'reanneal', fingerprint: true, default: true, check: mustBe('true or false', isBoolean),
    flag: { flags: '--no-reanneal', kind: 'flag', help: 'do not run a second pass, guided by the first, when the first fails its convergence checks' },
  },
  closingDraws: {
    python: 'closing_draws', fingerprint: true, default: 4096,
    check: mustBe('a non-negative integer (draws)', (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'The default is 4096, which gives log Z to about 0.01 where the fitted mixture covers the posterior; 0 draws none.'),
    fileLimit: 2 ** 24,
    flag: { flags: '--closing-draws <k>', kind: 'whole', help: 'after the run, k independent draws from the fitted mixture (up to 4k while bounded weights leave the ESS below k/2 or 400; k/2 more from regions of high likelihood the fit lacked, where history particles reached them): their log Z and posterior are reported where k-hat <= 0.5 and the ESS is at least half the draws (or 400 effective draws with k-hat <= 2/sqrt(tail weights), 0.14 for 4096 draws), the verdict passed and their error (widened where a mode is under 10 particles\' worth) is below the anneal\'s (default 4096; 0: none)' },
  },
  clusterScales: {
    python: 'cluster_scales', fingerprint: true, default: 'separate',
    check: mustBe("'shrunk' or 'separate'", (v) => v === 'shrunk' || v === 'separate', "The default is 'separate' (each cluster's own fit); 'shrunk' shrinks each cluster's scale towards the clusters' pooled scale by d pseudo-points."),
    flag: { flags: '--cluster-scales <kind>', kind: ['shrunk', 'separate'], help: "each cluster's proposal scale: separate (its own fit; default), or shrunk towards the clusters' pooled scale by d pseudo-points (fills light modes found by few lineages; costs calibration on curved ridges)" },
  },
  splitTest: {
    python: 'split_test', fingerprint: true, default: 'shared',
    check: mustBe("'shared' or 'full'", (v) => v === 'shared' || v === 'full', "The default is 'shared' (a split also passes where halves alike in shape pay for a second mean, d + 1 parameters, which saves calls on separated modes in many dimensions); 'full' splits only where each half pays for a covariance of its own, 1 + d + d(d + 1)/2 parameters."),
    flag: { flags: '--split-test <kind>', kind: ['shared', 'full'], help: 'when a cluster splits: shared (also halves alike in shape that pay for a second mean: fewer calls on separated modes in many dimensions; default) or full (only where each half pays for a covariance of its own)' },
  },
  nRuns: {
    python: 'n_runs', fingerprint: false, default: 1, check: mustBe('a positive integer', isPositiveInteger, 'The default is 1; 4 runs measure the spread that one run cannot see.'),
    flag: { flags: '--repeat <n>', kind: 'count', help: 'independent runs combined into one result, their spread in the error (default 1)' },
  },
  randomState: {
    python: 'random_state', fingerprint: false,
    check: mustBe('a non-negative integer seed', (v) => v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0)),
    // Drawn only when absent (undefined): null is refused like any other invalid seed.
    refine: (seed: number | undefined, c) => seed ?? c.seed(),
    flag: { flags: '--seed <n>', kind: 'seed', help: 'seed of the random generator (default: random, reported)' },
  },
  outputDir: { python: 'output_dir', fingerprint: false, default: 'states', check: mustBe('a non-empty string', (v) => typeof v === 'string' && v.length > 0) },
  outputLabel: {
    python: 'output_label', fingerprint: false, default: 'ps',
    // A prefix of file names inside outputDir: a separator would write state files elsewhere ('../../x').
    check: mustBe('a non-empty file-name prefix without "/" or "\\"', (v) => typeof v === 'string' && v.length > 0 && !/[/\\\0]/.test(v), 'Put folders in outputDir, not in outputLabel.'),
    flag: { flags: '--label <name>', kind: 'label', help: 'prefix of state file names (default ps)' },
  },
} satisfies SamplerOptionSpecs;

/**
 * Every option of the `Sampler` constructor: its Python name, default, check, whether it enters
 * the state-file fingerprint, and its `tempest run` flag. Resolution, the unknown-option
 * messages, the fingerprint and the command-line flags all read this table.
 */
export const SAMPLER_OPTION_SPECS: SamplerOptionSpecs = specs;

/** The names of the `Sampler` constructor's options, in the table's order. */
export const SAMPLER_OPTION_NAMES = Object.keys(specs) as readonly SamplerOptionName[];

/**
 * The options that change what a run computes, in the order of a state file's `options`
 * (a state file resumes only under the same values).
 */
export const FINGERPRINT_KEYS = SAMPLER_OPTION_NAMES.filter((name) => {
  const spec = SAMPLER_OPTION_SPECS[name];
  return 'fingerprint' in spec && spec.fingerprint;
}) as readonly (keyof ResolvedOptions)[];

/** A row of an option with a value and a flag. */
interface FlaggedValueRow {
  /** The flag. */
  readonly flag: object;
  /** The check, which alias rows do not have. */
  readonly check: unknown;
}

/** The options a command-line flag (or a model file's `options` export) sets: the rows with a flag, aliases excluded. */
export type FlagOptionName = { [K in keyof typeof specs]: (typeof specs)[K] extends FlaggedValueRow ? K : never }[keyof typeof specs];

/**
 * Whether a name is an option of the Sampler constructor (so that `run()` can say where an
 * option given to it belongs).
 * @param key - an option name
 * @returns true for a constructor option
 */
export function isSamplerOption(key: string): boolean {
  return Object.hasOwn(specs, key);
}

// Every field of ResolvedOptions but `warnings` comes from a row: a field without one does not compile.
type AssertTrue<T extends true> = T;
type EveryResolvedOptionHasARow = AssertTrue<[Exclude<keyof ResolvedOptions, SamplerOptionName | 'warnings'>] extends [never] ? true : false>;
