import type { RandomGenerator } from '../random/random-generator.js';
import type { ProposalComponent } from './proposal-component.js';
import { FoldedDensity } from './folded-density.js';

/**
 * Scratch buffers for one run's kernel calls, made once per mutation so that a kernel never
 * allocates per particle or per step. Kernels may use any of them between their own calls.
 */
export interface KernelWorkspace {
  /** Number of parameters d. */
  readonly nDim: number;
  /** A vector of length d (the built-in kernels keep normal draws or solves here). */
  readonly z: Float64Array;
  /** A vector of length d (the built-in kernels keep differences or locations here). */
  readonly diff: Float64Array;
  /** A vector of length d (the built-in kernels keep L z here). */
  readonly scratch: Float64Array;
  /** Normalised densities of elliptical proposals, summed over the images of folded coordinates. */
  readonly folded: FoldedDensity;
  /**
   * Boundary kind of every coordinate (`boundaries.ts`): a proposal outside [0, 1] in a coordinate
   * of kind 0 (neither periodic nor reflective) is rejected whatever its other coordinates are,
   * so a kernel may stop computing it there (leaving that coordinate written, out of range).
   */
  readonly boundaryKinds: Uint8Array;
  /** Index of the particle the sampler is moving, set before each `propose` and `logReference`. */
  particle: number;
  /**
   * One number per particle that a kernel may keep about the particle's current position under
   * its component (t-pCN keeps its squared Mahalanobis distance, so that a chain whose proposal
   * was rejected does not compute it again); NaN when unknown.
   */
  readonly memo: Float64Array;
  /**
   * The same for each particle's current proposal, which a kernel may write in `propose` or
   * `logReference`: the sampler clears it before each proposal and moves it to `memo` when the
   * proposal is accepted.
   */
  readonly proposalMemo: Float64Array;
  /**
   * d numbers per particle (row k at k·d) that go with `memo` (t-pCN keeps the whitened point
   * L⁻¹(u − μ), from which the distance of its next proposal follows in O(d)); valid where
   * `memo` is known.
   */
  readonly memoRows: Float64Array;
  /** The same for each particle's current proposal, moved to `memoRows` with `proposalMemo`. */
  readonly proposalMemoRows: Float64Array;
  /**
   * Whether the sampler corrects this mutation's proposals with `logReference` (one component
   * proposes both ways and no coordinate folds), so that what `propose` knows about the
   * proposal's reference density stays true of the point that is accepted.
   */
  referenceCorrection: boolean;
}

/**
 * An MCMC proposal in u-space, used by every cluster with that cluster's fitted Student-t
 * component and its own adapted step size. The sampler owns the rest of Metropolis–Hastings
 * (boundaries, acceptance, step-size adaptation, chain length), so a kernel is exact as long as
 * `propose` draws from the density that `logDensity` returns.
 *
 * Built in: `tpcn` (t-preconditioned Crank–Nicolson) and `rwm` (random-walk Metropolis). Check a
 * new kernel with `describeKernelConformance` from `@tempest/core/kernel-conformance`.
 *
 * @example
 * ```ts
 * const sampler = new Sampler({ ...model, sample: myKernel }); // or sample: 'rwm'
 * ```
 */
export interface MutationKernel {
  /** Name stored in state files (a resumed run must use the kernel of the saved one). */
  readonly name: string;
  /**
   * Largest step size s the adaptation may reach (t-pCN needs s < 1; Infinity for no bound).
   * Steps start at min(2.38 / sqrt(d), maxStepSize).
   */
  readonly maxStepSize: number;
  /**
   * Draws a proposal u' from the point u = `from[fromOffset ..]`, using the generator for every
   * random number (in a fixed order, so seeded runs repeat).
   * @param out - receives u' at `outOffset` (not yet folded into the unit cube)
   * @param outOffset - where u' starts in `out`
   * @param from - buffer holding u
   * @param fromOffset - where u starts in `from`
   * @param component - the proposing cluster's Student-t (mean, scale, Cholesky factor, dof)
   * @param stepSize - the cluster's current step size s
   * @param rng - the run's generator
   * @param workspace - scratch buffers
   * @returns `logReference(u)` when the kernel has a reference density (computed on the way), else 0
   */
  propose(out: Float64Array, outOffset: number, from: Float64Array, fromOffset: number, component: ProposalComponent, stepSize: number, rng: RandomGenerator, workspace: KernelWorkspace): number;
  /**
   * Whether q(u -> u') = q(u' -> u) when one component proposes both ways and nothing folds
   * (random-walk Metropolis): then the Metropolis–Hastings correction is 0 and no density is
   * evaluated. Default false.
   */
  readonly symmetric?: boolean;
  /**
   * A density the kernel is reversible with respect to when one component proposes both ways
   * and nothing folds: q(u -> u') r(u) = q(u' -> u) r(u'). Then the Metropolis–Hastings
   * correction is log r(u') - log r(u) and needs no full density. A kernel that is neither
   * symmetric nor has a reference density gets the full ratio of `logDensity` every time.
   * @returns log r at the point, up to a constant
   */
  logReference?(point: Float64Array, offset: number, component: ProposalComponent, workspace: KernelWorkspace): number;
  /**
   * Normalised log q(u -> u'), summed over the images of u' where coordinates fold (use
   * `workspace.folded`); the exact correction when the proposing component depends on the
   * position or coordinates wrap or reflect.
   * @returns the log proposal density
   */
  logDensity(from: Float64Array, fromOffset: number, to: Float64Array, toOffset: number, component: ProposalComponent, stepSize: number, workspace: KernelWorkspace): number;
}

/**
 * The scratch buffers of {@link MutationKernel} calls for d parameters and n particles.
 * @param nDim - number of parameters
 * @param boundaryKinds - boundary kind of every coordinate (see `boundaries.ts`)
 * @param nParticles - number of particles moved (memo slots); default 1
 * @returns a fresh workspace, every memo unknown
 */
export function createKernelWorkspace(nDim: number, boundaryKinds: Uint8Array, nParticles = 1): KernelWorkspace {
  return {
    nDim, z: new Float64Array(nDim), diff: new Float64Array(nDim), scratch: new Float64Array(nDim), folded: new FoldedDensity(nDim, boundaryKinds), boundaryKinds,
    particle: 0, memo: new Float64Array(nParticles).fill(NaN), proposalMemo: new Float64Array(nParticles).fill(NaN),
    memoRows: new Float64Array(nParticles * nDim), proposalMemoRows: new Float64Array(nParticles * nDim), referenceCorrection: false,
  };
}

/**
 * Whether a value implements {@link MutationKernel} (for option checks).
 * @param value - anything
 * @returns true for an object with a name, a step bound and the two required methods
 */
export function isMutationKernel(value: unknown): value is MutationKernel {
  const k = value as Partial<MutationKernel> | null;
  return typeof k === 'object' && k !== null && typeof k.name === 'string' && k.name.length > 0 && typeof k.maxStepSize === 'number' && k.maxStepSize > 0
    && typeof k.propose === 'function' && typeof k.logDensity === 'function' && (k.logReference === undefined || typeof k.logReference === 'function')
    && (k.symmetric === undefined || typeof k.symmetric === 'boolean');
}
