import { boundaryKinds } from '../math/boundaries.js';
import type { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import type { MutationKernel } from '../kernels/mutation-kernel.js';
import { resolveKernel } from '../kernels/kernel-registry.js';
import { resolveResampler, type Resampler } from '../resampling/resampler.js';
import type { ResolvedOptions } from '../sampler/sampler-options.js';
import type { MixingRule } from './mutate.js';
import { TemperatureSearch } from './temperature-search.js';
import { MoveSpace } from './move-space.js';
import { unboundedCoordinates } from './unbounded-priors.js';
import type { RunState } from './run-state.js';

/**
 * What an iteration uses but does not change: the settings, the model (behind the evaluator),
 * the injected kernel and resampler, and scratch space. One per sampler; the state it works on
 * can be replaced (a loaded state file) without touching it.
 */
export interface IterationContext {
  /** Active particles per iteration. */
  readonly nParticles: number;
  /** Number of parameters. */
  readonly nDim: number;
  /** Minimum MCMC steps per iteration, per dimension. */
  readonly nSteps: number;
  /** Maximum MCMC steps per iteration, per dimension. */
  readonly nMaxSteps: number;
  /** When the chains are long enough. */
  readonly mixing: MixingRule;
  /** Start–current correlation at which the chains stop. */
  readonly mixingThreshold: number;
  /** With several clusters, every this many MCMC steps a move from the whole mixture (0: never). */
  readonly jumpEvery: number;
  /** Whether local moves and jumps are chosen by how far they move per call. */
  readonly adaptiveMoves: boolean;
  /** Independent lineage groups: resampling stays within a group. */
  readonly lineageGroups: number;
  /** Boundary kind of every coordinate (plain, periodic or reflective). */
  readonly boundaryKinds: Uint8Array;
  /** The prior transform and likelihood, checked, serial or on a pool. */
  readonly evaluator: LikelihoodEvaluator;
  /** The MCMC proposal. */
  readonly kernel: MutationKernel;
  /** The resampling scheme. */
  readonly resampler: Resampler;
  /** Chooses the next temperature (holds the reweighting scratch). */
  readonly search: TemperatureSearch;
  /** Where the chains move: the cube, every plain coordinate through the logit, or those the posterior piles against a bound. */
  readonly moveSpace: 'cube' | 'logit' | 'auto';
  /** With `moveSpace: 'logit'`: that space. */
  readonly logitSpace?: MoveSpace;
  /**
   * With `moveSpace: 'auto'`: the coordinates whose prior is unbounded, which move through the logit
   * from the start (see `unbounded-priors.ts`); read from the prior transform on first use.
   */
  readonly unboundedPriors: () => Uint8Array;
}

/**
 * The context of a sampler's iterations.
 * @param options - resolved options
 * @param evaluator - the prior transform and likelihood
 * @returns the context
 */
export function createIterationContext(options: ResolvedOptions, evaluator: LikelihoodEvaluator): IterationContext {
  const { nParticles, nDim, nSteps, nMaxSteps, mixing, mixingThreshold, jumpEvery, adaptiveMoves, lineageGroups } = options;
  const kinds = boundaryKinds(nDim, options.periodic, options.reflective);
  return {
    nParticles,
    nDim,
    nSteps,
    nMaxSteps,
    mixing,
    mixingThreshold,
    jumpEvery,
    adaptiveMoves,
    lineageGroups,
    boundaryKinds: kinds,
    evaluator,
    // Resolved once; the option table has checked that both resolve.
    kernel: resolveKernel(options.sample)!,
    resampler: resolveResampler(options.resample)!,
    search: new TemperatureSearch(nDim, options.essRatio * nParticles, options.volumeVariation),
    moveSpace: options.moveSpace,
    unboundedPriors: once(() => unboundedCoordinates((out, u, m) => evaluator.transform(out, u, m, 0), kinds)),
    ...(options.moveSpace === 'logit' ? { logitSpace: new MoveSpace(kinds) } : {}),
  };
}

/** f's value, computed on the first call. */
function once<T>(f: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: f() }).v;
}

/**
 * Where the chains of a run move now: undefined for the cube; with `'auto'`, the coordinates the
 * run has chosen so far (`state.logitCoordinates`).
 * @param ctx - the run's context
 * @param state - the run
 * @returns the move space, or undefined for the cube
 */
export function moveSpaceOf(ctx: IterationContext, state: RunState): MoveSpace | undefined {
  if (ctx.moveSpace === 'logit') return ctx.logitSpace;
  if (ctx.moveSpace === 'auto' && state.logitCoordinates !== undefined) return new MoveSpace(ctx.boundaryKinds, state.logitCoordinates);
  return undefined;
}
