import { isPool, type Pool } from '@tempest/pool';
import { isFunctionReference, type FunctionReference } from '@tempest/serialize';
import type { ParameterMatrix } from '../likelihood/parameter-matrix.js';
import { TempestError } from '../tempest-error.js';
import { resolveKernel, type KernelName } from '../kernels/kernel-registry.js';
import type { MutationKernel } from '../kernels/mutation-kernel.js';
import { resolveResampler, type Resampler, type ResamplerName } from '../resampling/resampler.js';

/** Maps a point of the unit cube to the parameters (length `nDim`). */
export type PriorTransform = (u: Float64Array) => ArrayLike<number>;

/**
 * A log-likelihood of one parameter vector: a number, or `[logL, blob]` to carry a blob
 * (any derived quantity kept with the sample). May return a Promise.
 */
export type LogLikelihood = (
  x: Float64Array,
  ...args: any[]
) => number | readonly [number, unknown] | Promise<number | readonly [number, unknown]>;

/** Result of a vectorized log-likelihood: one value per row, optionally with blobs. */
export type VectorizedResult =
  | ArrayLike<number>
  | {
      /** One log-likelihood per row of the batch. */
      logl: ArrayLike<number>;
      /** One blob per row, kept with the samples. */
      blobs?: readonly unknown[];
    };

/** A vectorized log-likelihood: one call for an `n x d` batch. May return a Promise. */
export type VectorizedLogLikelihood = (
  batch: ParameterMatrix,
  ...args: any[]
) => VectorizedResult | Promise<VectorizedResult>;

/** Options of {@link Sampler}; names follow the reference package in camelCase. */
export interface SamplerOptions extends CommonSamplerOptions {
  /**
   * Log-likelihood of one vector, or of a batch when `vectorize` is true; or a
   * `functionReference(import.meta.url, 'name')` to an exported one, which pool workers import
   * (the pickle analogue).
   */
  logLikelihood: LogLikelihood | VectorizedLogLikelihood | FunctionReference;
  /** The likelihood takes a whole batch at once. Default false. */
  vectorize?: boolean;
}

/**
 * {@link SamplerOptions} of a likelihood called once per parameter vector (the default). The
 * `Sampler` constructor's first overload, so an inline `logLikelihood: (x) => ...` gets
 * `x: Float64Array` without an annotation.
 */
export interface ScalarSamplerOptions extends CommonSamplerOptions {
  /**
   * Log-likelihood of one parameter vector; or a `functionReference(import.meta.url, 'name')` to
   * an exported one, which pool workers import (the pickle analogue).
   */
  logLikelihood: LogLikelihood | FunctionReference;
  /** The likelihood takes one vector at a time. Default false. */
  vectorize?: false;
}

/**
 * {@link SamplerOptions} of a likelihood called once per batch of parameter vectors. The `Sampler`
 * constructor's second overload, so an inline batch likelihood gets its `ParameterMatrix` type.
 */
export interface VectorizedSamplerOptions extends CommonSamplerOptions {
  /** Log-likelihood of a whole `n x nDim` batch; or a `functionReference` to an exported one. */
  logLikelihood: VectorizedLogLikelihood | FunctionReference;
  /** The likelihood takes a whole batch at once. */
  vectorize: true;
}

/** The options shared by scalar and vectorized likelihoods. */
export interface CommonSamplerOptions {
  /** Unit cube → parameters. */
  priorTransform: PriorTransform;
  /** Number of parameters. */
  nDim: number;
  /** Active particles per iteration. Default `max(256, 4 * nDim)`. */
  nParticles?: number;
  /** Alias of `nParticles` (the name used in the MPI docs). */
  nActive?: number;
  /** Target ESS of the history as a multiple of `nParticles` when choosing beta. Default 2. */
  essRatio?: number;
  /** Target coefficient of variation of the ellipsoid volume (dynamic mode). Off by default. */
  volumeVariation?: number;
  /** Extra arguments passed to the likelihood after the parameters (cloned to pool workers). */
  logLikelihoodArgs?: readonly unknown[];
  /**
   * With a pool: the values the likelihood uses by name, shipped with it to the workers (the dill
   * analogue): `{ data, sigma, helper }`. Values are copied once; helper functions ship by value too.
   */
  logLikelihoodCaptures?: Readonly<Record<string, unknown>>;
  /** Indices of parameters whose unit-cube coordinate wraps around. */
  periodic?: readonly number[];
  /** Indices of parameters whose unit-cube coordinate reflects at 0 and 1. */
  reflective?: readonly number[];
  /**
   * Evaluate the likelihood in parallel: a number n for a pool of n worker threads that the
   * sampler creates and closes when `run()` ends, or any `Pool` (`@tempest/pool`), which its owner
   * closes. Results are bit-identical to a serial run with the same seed. Default: serial.
   */
  pool?: number | Pool;
  /** Cluster the particles hierarchically and give each cluster its own Student-t proposal. Default true. */
  clustering?: boolean;
  /** Standardise particles before clustering. Default true. */
  normalize?: boolean;
  /** Re-fit the clustering every k iterations. Default 1. */
  clusterEvery?: number;
  /** Multiplier of the BIC threshold for splitting a cluster. Default 1. */
  splitThreshold?: number;
  /** Maximum number of clusters. Default unlimited. */
  nMaxClusters?: number;
  /** MCMC kernel: `'tpcn'` (default), `'rwm'`, or a {@link MutationKernel} of your own. */
  sample?: KernelName | MutationKernel;
  /** Minimum MCMC steps per iteration, per dimension. Default 1. */
  nSteps?: number;
  /** Maximum MCMC steps per iteration, per dimension. Default `20 * nSteps`. */
  nMaxSteps?: number;
  /** Resampling scheme: `'mult'` (multinomial, default), `'syst'` (systematic), or a {@link Resampler} of your own. */
  resample?: ResamplerName | Resampler;
  /** Folder for state files. Default `'states'`. */
  outputDir?: string;
  /** Prefix of state file names. Default `'ps'`. */
  outputLabel?: string;
  /** Seed of the random generator; a random one is chosen (and reported) when absent. */
  randomState?: number;
}

/** Options with every default filled in, as the sampler uses them. */
export interface ResolvedOptions {
  /** Unit cube → parameters. */
  priorTransform: PriorTransform;
  /** The likelihood, as given. */
  logLikelihood: LogLikelihood | VectorizedLogLikelihood | FunctionReference;
  /** Number of parameters. */
  nDim: number;
  /** Active particles per iteration (`nParticles` or `nActive`, else `max(256, 4 * nDim)`). */
  nParticles: number;
  /** Target ESS of the history as a multiple of `nParticles`. */
  essRatio: number;
  /** Target volume variation in dynamic mode, or `undefined` for plain ESS mode. */
  volumeVariation: number | undefined;
  /** Extra arguments passed to the likelihood. */
  logLikelihoodArgs: readonly unknown[];
  /** Values shipped with the likelihood to pool workers, if any. */
  logLikelihoodCaptures: Readonly<Record<string, unknown>> | undefined;
  /** Whether the likelihood takes a whole batch. */
  vectorize: boolean;
  /** Worker threads to create, a pool given by the user, or `undefined` for serial evaluation. */
  pool: number | Pool | undefined;
  /** Indices of periodic parameters. */
  periodic: readonly number[];
  /** Indices of reflective parameters. */
  reflective: readonly number[];
  /** Whether particles are clustered, one proposal per cluster. */
  clustering: boolean;
  /** Whether particles are standardised before clustering. */
  normalize: boolean;
  /** Re-fit the clustering every this many iterations. */
  clusterEvery: number;
  /** Multiplier of the BIC threshold for splitting a cluster. */
  splitThreshold: number;
  /** Maximum number of clusters, or `undefined` for no limit. */
  nMaxClusters: number | undefined;
  /** Name of the MCMC kernel (what a state file records). */
  sample: string;
  /** The MCMC kernel: the built-in one named by `sample`, or the user's object. */
  kernel: MutationKernel;
  /** Minimum MCMC steps per iteration, per dimension. */
  nSteps: number;
  /** Maximum MCMC steps per iteration, per dimension. */
  nMaxSteps: number;
  /** Name of the resampling scheme (what a state file records). */
  resample: string;
  /** The resampling scheme: the built-in one named by `resample`, or the user's object. */
  resampler: Resampler;
  /** Folder for state files. */
  outputDir: string;
  /** Prefix of state file names. */
  outputLabel: string;
  /** Seed of the random generator (the one given, or the one chosen). */
  randomState: number;
  /** Messages about legal but risky settings. */
  warnings: string[];
}

/**
 * Whether a name is an option of the Sampler constructor (so that `run()` can say where an
 * option given to it belongs).
 * @param key - an option name
 * @returns true for a constructor option
 */
export function isSamplerOption(key: string): boolean {
  return KNOWN_OPTIONS.has(key);
}

const KNOWN_OPTIONS = new Set([
  'priorTransform', 'logLikelihood', 'nDim', 'nParticles', 'nActive', 'essRatio', 'volumeVariation',
  'logLikelihoodArgs', 'logLikelihoodCaptures', 'vectorize', 'periodic', 'reflective', 'pool', 'clustering', 'normalize',
  'clusterEvery', 'splitThreshold', 'nMaxClusters', 'sample', 'nSteps', 'nMaxSteps', 'resample',
  'outputDir', 'outputLabel', 'randomState',
]);

/**
 * Default number of active particles for `nDim` parameters. The reference default, 2 * nDim,
 * leaves log Z biased and noisy: on a 10-D Gaussian, 64 particles gave a bias of +0.14 and a
 * spread of 0.27 over seeds, 256 particles a bias of 0.02 and a spread of 0.11 for 1.5x the
 * likelihood calls (see BENCHMARKS.md). Fewer particles trade accuracy back for calls.
 * @param nDim - number of parameters
 * @returns `max(256, 4 * nDim)`
 */
export function defaultParticles(nDim: number): number {
  return Math.max(256, 4 * nDim);
}

const isPositiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isPositiveFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const show = (v: unknown): string => {
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return String(v);
};

/**
 * Validates sampler options and fills in defaults.
 * @param options - what the user passed
 * @param makeSeed - source of a seed when `randomState` is absent
 * @returns the resolved options
 * @throws {TempestError} `INVALID_CONFIGURATION` listing every problem at once
 */
export function resolveOptions(options: SamplerOptions, makeSeed: () => number): ResolvedOptions {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new TempestError('INVALID_CONFIGURATION', 'Sampler options must be an object with priorTransform, logLikelihood and nDim.', {
      value: options,
      problems: ['options must be an object'],
    });
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) problems.push(`unknown option ${JSON.stringify(key)}; check its spelling (options are camelCase, e.g. nParticles).`);
  }
  const o = options as SamplerOptions & Record<string, unknown>;
  if (typeof o.priorTransform !== 'function') problems.push(`priorTransform must be a function mapping u in [0,1]^nDim to parameters; got ${show(o.priorTransform)}.`);
  if (typeof o.logLikelihood !== 'function' && !isFunctionReference(o.logLikelihood)) {
    problems.push(`logLikelihood must be a function or a functionReference(import.meta.url, 'exportName'); got ${show(o.logLikelihood)}.`);
  }
  const nDimValid = isPositiveInteger(o.nDim);
  if (!nDimValid) problems.push(`nDim must be a positive integer; got ${show(o.nDim)}. Set nDim to the number of parameters.`);
  const nDim = nDimValid ? o.nDim : 1;

  if (o.nParticles !== undefined && o.nActive !== undefined && o.nParticles !== o.nActive) {
    problems.push(`nParticles (${show(o.nParticles)}) and nActive (${show(o.nActive)}) are aliases but differ; set only one.`);
  }
  const nParticlesRaw = o.nParticles ?? o.nActive;
  const nName = o.nParticles !== undefined ? 'nParticles' : 'nActive';
  let nParticles = defaultParticles(nDim);
  if (nParticlesRaw !== undefined) {
    if (!isPositiveInteger(nParticlesRaw) || nParticlesRaw < 2) {
      problems.push(`${nName} must be an integer of at least 2; got ${show(nParticlesRaw)}. Set ${nName} to at least nDim + 1 (default max(256, 4 * nDim)).`);
    } else nParticles = nParticlesRaw;
  }
  const essRatio = o.essRatio ?? 2;
  if (!isPositiveFinite(essRatio)) problems.push(`essRatio must be a positive number; got ${show(o.essRatio)}. The default is 2.`);
  const volumeVariation = o.volumeVariation;
  if (volumeVariation !== undefined && !isPositiveFinite(volumeVariation)) {
    problems.push(`volumeVariation must be a positive number or undefined; got ${show(volumeVariation)}. Try 0.5, or leave it unset for plain ESS mode.`);
  }
  if (volumeVariation !== undefined && nParticles < nDim + 1) {
    warnings.push(`Dynamic mode with nParticles (${nParticles}) < nDim + 1 (${nDim + 1}): the volume variation is undefined for so few particles; use at least nDim + 1.`);
  }
  const args = o.logLikelihoodArgs ?? [];
  if (!Array.isArray(args)) problems.push(`logLikelihoodArgs must be an array of extra arguments; got ${show(args)}.`);
  const vectorize = o.vectorize ?? false;
  if (typeof vectorize !== 'boolean') problems.push(`vectorize must be true or false; got ${show(vectorize)}.`);

  const checkIndices = (name: 'periodic' | 'reflective'): number[] => {
    const v = o[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      problems.push(`${name} must be an array of parameter indices; got ${show(v)}.`);
      return [];
    }
    const bad = v.filter((i) => !(Number.isInteger(i) && i >= 0 && i < nDim));
    if (bad.length > 0) problems.push(`${name} indices must be integers in [0, ${nDim - 1}]; got ${show(bad)}.`);
    return v.filter((i) => Number.isInteger(i) && i >= 0 && i < nDim);
  };
  const periodic = checkIndices('periodic');
  const reflective = checkIndices('reflective');
  const both = periodic.filter((i) => reflective.includes(i));
  if (both.length > 0) problems.push(`parameters ${show(both)} are both periodic and reflective; choose one boundary for each.`);

  let pool: number | Pool | undefined;
  if (o.pool !== undefined && o.pool !== null) {
    if (typeof o.pool === 'number') {
      if (isPositiveInteger(o.pool)) pool = o.pool;
      else problems.push(`pool must be a positive integer (worker threads) or a Pool; got ${show(o.pool)}. Use pool: 2 for two worker threads.`);
    } else if (isPool(o.pool)) pool = o.pool;
    else problems.push(`pool must be a positive integer (worker threads) or an object implementing the Pool interface of @tempest/pool (size, map, close, isMaster, isWorker, wait); got ${typeof o.pool === 'object' ? 'an object without them' : show(o.pool)}.`);
  }
  const captures = o.logLikelihoodCaptures;
  if (captures !== undefined && captures !== null) {
    if (typeof captures !== 'object' || Array.isArray(captures)) problems.push(`logLikelihoodCaptures must be an object mapping names to values, e.g. { data, sigma }; got ${show(captures)}.`);
    else if (isFunctionReference(o.logLikelihood)) problems.push('logLikelihoodCaptures applies to a likelihood shipped by value; a functionReference is imported by the workers and takes none. Drop logLikelihoodCaptures.');
    else if (o.pool === undefined || o.pool === null) warnings.push('logLikelihoodCaptures has no effect without a pool: the likelihood runs in this thread and sees its variables directly.');
  }
  const clustering = o.clustering ?? true;
  if (typeof clustering !== 'boolean') problems.push(`clustering must be true or false; got ${show(clustering)}.`);
  const normalize = o.normalize ?? true;
  if (typeof normalize !== 'boolean') problems.push(`normalize must be true or false; got ${show(normalize)}.`);
  const clusterEvery = o.clusterEvery ?? 1;
  if (!isPositiveInteger(clusterEvery)) problems.push(`clusterEvery must be a positive integer; got ${show(clusterEvery)}.`);
  const splitThreshold = o.splitThreshold ?? 1;
  if (!isPositiveFinite(splitThreshold)) problems.push(`splitThreshold must be a positive number; got ${show(splitThreshold)}. The default is 1.`);
  const nMaxClusters = o.nMaxClusters;
  if (nMaxClusters !== undefined && !isPositiveInteger(nMaxClusters)) problems.push(`nMaxClusters must be a positive integer or undefined; got ${show(nMaxClusters)}.`);

  const sample = resolveKernel(o.sample ?? 'tpcn');
  if (sample === undefined) problems.push(`sample must be 'tpcn' or 'rwm'; got ${show(o.sample)}. A kernel of your own is an object implementing MutationKernel (name, maxStepSize, propose, logDensity).`);
  const nSteps = o.nSteps ?? 1;
  if (!isPositiveInteger(nSteps)) problems.push(`nSteps must be a positive integer (steps per dimension); got ${show(nSteps)}. The default is 1.`);
  const nMaxSteps = o.nMaxSteps ?? 20 * (isPositiveInteger(nSteps) ? nSteps : 1);
  if (!isPositiveInteger(nMaxSteps)) problems.push(`nMaxSteps must be a positive integer; got ${show(nMaxSteps)}. The default is 20 * nSteps.`);
  else if (isPositiveInteger(nSteps) && nMaxSteps < nSteps) problems.push(`nMaxSteps (${nMaxSteps}) must be at least nSteps (${nSteps}).`);
  const resample = resolveResampler(o.resample ?? 'mult');
  if (resample === undefined) problems.push(`resample must be 'mult' or 'syst'; got ${show(o.resample)}. A scheme of your own is an object implementing Resampler (name, resample).`);
  const outputDir = o.outputDir ?? 'states';
  if (typeof outputDir !== 'string' || outputDir.length === 0) problems.push(`outputDir must be a non-empty string; got ${show(outputDir)}.`);
  const outputLabel = o.outputLabel ?? 'ps';
  if (typeof outputLabel !== 'string' || outputLabel.length === 0) problems.push(`outputLabel must be a non-empty string; got ${show(outputLabel)}.`);
  let randomState = o.randomState;
  if (randomState !== undefined && !(Number.isSafeInteger(randomState) && randomState >= 0)) {
    problems.push(`randomState must be a non-negative integer seed; got ${show(randomState)}.`);
  }
  if (randomState === undefined) randomState = makeSeed();

  if (problems.length > 0) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    throw new TempestError('INVALID_CONFIGURATION', `Invalid Sampler configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${list}`, { problems });
  }
  return {
    priorTransform: o.priorTransform,
    logLikelihood: o.logLikelihood,
    nDim,
    nParticles,
    essRatio,
    volumeVariation,
    logLikelihoodArgs: args,
    logLikelihoodCaptures: captures ?? undefined,
    vectorize,
    pool,
    periodic,
    reflective,
    clustering,
    normalize,
    clusterEvery,
    splitThreshold,
    nMaxClusters,
    sample: sample!.name,
    kernel: sample!,
    nSteps,
    nMaxSteps,
    resample: resample!.name,
    resampler: resample!,
    outputDir,
    outputLabel,
    randomState,
    warnings,
  };
}
