import { logAddExp } from '../math/log-sum-exp.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';
import type { RandomGenerator } from '../random/random-generator.js';
import { MixtureJump } from './mixture-jump.js';

/**
 * Where an earlier pass of the run found the posterior: Student-t components in u-space, fitted
 * to its final weighted particles, with the posterior mass of each (see `reanneal.ts`).
 */
export interface GuideMixture {
  /** One component per cluster of the earlier pass's posterior. */
  components: ProposalComponent[];
  /** Posterior mass of each component's cluster (sums to 1). */
  masses: Float64Array;
}

/** An independence proposal: its draws and its log density. */
export interface JumpProposal {
  /** Draws a point into `out` at `offset` (`fold` picks the chain's cross-fitted components). */
  propose(out: Float64Array, offset: number, fold: number, rng: RandomGenerator, z: Float64Array): void;
  /** log q(point), normalised over R^d. */
  logDensity(point: Float64Array, offset: number, fold: number): number;
}

/**
 * An independence proposal that is half the current fitted mixture and half the guide.
 *
 * Tempering finds a region that is a needle of the prior (a likelihood step in 10^-5 of it, a
 * narrow spike) only by chance, and once it holds much of the tempered mass the temperatures
 * sampled without it have left log Z far too low (UltraNest's box: 5 to 15 nats). A jump from the
 * guide proposes into that region at every temperature, and the Metropolis–Hastings ratio of the
 * independence sampler admits each particle in proportion to the region's tempered mass, so the
 * second pass samples each temperature with the region in it. The half from the current fit is
 * what makes the reverse move (leaving the region while it holds little mass) likely: with the
 * guide alone, q would be nearly zero outside the region and no particle would ever enter it.
 */
export class GuidedJump implements JumpProposal {
  private static readonly LOG_HALF = Math.log(0.5);
  private readonly guide: MixtureJump;

  /**
   * @param current - the fitted mixture of this iteration (its clusters and folds)
   * @param guideMixture - the earlier pass's components and masses
   * @param d - dimension
   */
  constructor(private readonly current: MixtureJump, guideMixture: GuideMixture, d: number) {
    const K = guideMixture.components.length;
    this.guide = new MixtureJump(guideMixture.components, K, 1, guideMixture.masses, d);
  }

  propose(out: Float64Array, offset: number, fold: number, rng: RandomGenerator, z: Float64Array): void {
    if (rng.uniform() < 0.5) this.current.propose(out, offset, fold, rng, z);
    else this.guide.propose(out, offset, 0, rng, z);
  }

  logDensity(point: Float64Array, offset: number, fold: number): number {
    return GuidedJump.LOG_HALF + logAddExp(this.current.logDensity(point, offset, fold), this.guide.logDensity(point, offset, 0));
  }
}
