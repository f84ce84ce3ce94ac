import { ParticleHistory } from '../particles/particle-history.js';
import { StandoutPoints } from '../particles/standout-points.js';
import { RandomGenerator } from '../random/random-generator.js';
import { ProposalTrainer, type ProposalSettings } from './proposal-model.js';
import type { IterationInfo } from '../sampler/iteration-info.js';
import type { Reannealing } from './reanneal.js';
import type { ClosingSample } from './closing-draw.js';

/**
 * Everything a run knows, and exactly what a state file stores: the particle history (every
 * particle's columns, the beta schedule and log Z of each iteration), the genealogy's lineage
 * count, the generator, the likelihood calls, the diagnostics and the trained proposal. An
 * iteration (`runIteration`) advances it; the read-outs (`posteriorOf`, `evidenceOf`, ...) and
 * the state-file codec (`encodeRunState`, `decodeRunState`) are plain functions of it.
 */
export interface RunState {
  /** Number of parameters. */
  readonly nDim: number;
  /** Active particles per iteration. */
  readonly nParticles: number;
  /** The options that change what a run computes (a state only resumes under the same values). */
  readonly fingerprint: Readonly<Record<string, unknown>>;
  /** Seed of the run's generator. */
  seed: number;
  /** The run's generator: every random draw of the run comes from it. */
  rng: RandomGenerator;
  /** Inverse temperature of the last iteration. */
  beta: number;
  /** Number of lineages started (prior draws made so far). */
  nLineages: number;
  /** Likelihood evaluations so far. */
  calls: number;
  /** Diagnostics of every completed iteration. */
  iterations: IterationInfo[];
  /** Every particle kept, with the beta and log Z of each iteration. */
  history: ParticleHistory;
  /** The proposal's trained part (the clustering), re-used between re-fits. */
  proposal: ProposalTrainer;
  /** The highest-likelihood proposals the chains evaluated, kept or not (see `standout-points.ts`). */
  standouts: StandoutPoints;
  /**
   * In the second pass of a re-annealed run (`reanneal`): the first pass's posterior, which guides
   * the chains, and its figures. History, iterations and lineages are then the second pass's.
   */
  reannealing?: Reannealing;
  /**
   * With `moveSpace: 'auto'`: 1 for each coordinate the chains move through the logit (chosen when
   * the posterior piled against its bounds, see `bound-piles.ts`); absent until one is chosen.
   */
  logitCoordinates?: Uint8Array;
  /**
   * With `closingDraws`: the closing importance sample drawn at the end of `run()` (stale, and
   * ignored, once iterations are added after it; the next `run()` draws it again).
   */
  closing?: ClosingSample;
}

/**
 * How many of the highest-likelihood proposals a run keeps: enough to hold a narrow mode's few
 * chance hits beside the best points of the modes the chains know, few enough that looking for
 * orphans among them costs nothing beside the history.
 */
export const STANDOUT_POINTS = 64;

/**
 * The state of a run before its first iteration.
 * @param nDim - number of parameters
 * @param nParticles - active particles per iteration
 * @param seed - seed of the generator
 * @param fingerprint - the options that change results
 * @param proposalSettings - clustering switch and settings
 * @returns an empty state
 */
export function createRunState(nDim: number, nParticles: number, seed: number, fingerprint: Record<string, unknown>, proposalSettings: ProposalSettings): RunState {
  return {
    nDim,
    nParticles,
    fingerprint,
    seed,
    rng: new RandomGenerator(seed),
    beta: 0,
    nLineages: 0,
    calls: 0,
    iterations: [],
    history: new ParticleHistory(nDim),
    proposal: new ProposalTrainer(nDim, proposalSettings),
    standouts: new StandoutPoints(nDim, STANDOUT_POINTS),
  };
}
