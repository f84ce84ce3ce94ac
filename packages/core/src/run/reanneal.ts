import { ParticleHistory } from '../particles/particle-history.js';
import { annealedEvidenceFromWeights } from '../read-outs/annealed-evidence.js';
import { finalLogWeights, normalisedWeights } from '../read-outs/final-weights.js';
import type { ConvergenceCheck } from '../read-outs/convergence.js';
import { ProposalTrainer, type ProposalSettings } from './proposal-model.js';
import type { GuideMixture } from './guided-jump.js';
import type { RunState } from './run-state.js';
import type { MoveSpace } from './move-space.js';

/** What the first pass of a re-annealed run found, kept for the report. */
export interface FirstPass {
  /** Its log-evidence (often too low: the reason for the second pass). */
  logz: number;
  /** The error it reported for `logz`. */
  logzErr: number;
  /** Likelihood calls it made (the run's `calls` include them). */
  calls: number;
  /** Its iterations. */
  iterations: number;
  /** Its verdict's checks: the failed `anneal` check that sent the run round again, and those at beta = 1. */
  checks: ConvergenceCheck[];
}

/** A re-annealed run's memory of its first pass: where that pass found the posterior, and its figures. */
export interface Reannealing {
  /** The first pass's posterior, as components the second pass's chains jump from. */
  guide: GuideMixture;
  firstPass: FirstPass;
}

/**
 * Starts a second pass of the run from the prior, its chains guided by the first pass's posterior.
 *
 * When the anneal check fails, a region of high likelihood was found only as the temperature
 * fell (a phase transition): the temperatures sampled before it lack it, and no reweighting of
 * their particles can restore it. The first pass has found the region, so the second anneals
 * from the prior again with jumps that propose into it at every temperature ({@link GuidedJump}),
 * and each temperature is sampled with the region at its tempered weight. The history, clustering
 * and lineages start afresh; the generator and the call count continue, so the run stays one
 * seeded, resumable sequence. The results are the second pass's; the first pass's figures are kept.
 * @param state - a finished first pass, reset in place
 * @param checks - its verdict's checks (the anneal check among them failed)
 * @param proposalSettings - clustering settings of the run (for the guide's fit and the fresh clustering)
 * @param moveSpace - where the chains move, when not in the cube (the guide is fitted there)
 * @param found - regions the first pass's closing sample found that its anneal lacked (see
 *   `orphanCheck`), with their share of the posterior as their masses: the guide holds them
 *   beside the anneal's posterior, which keeps the rest of the mass
 */
export function reanneal(state: RunState, checks: ConvergenceCheck[], proposalSettings: ProposalSettings, moveSpace?: MoveSpace, found?: GuideMixture): void {
  const { logw, logz } = finalLogWeights(state);
  const { logzErr } = annealedEvidenceFromWeights(state, logw, logz);
  const weights = normalisedWeights(logw, logz);
  const h = state.history;
  // The run's own clustering, re-fitted to the posterior (iteration 0 forces a re-fit).
  const model = state.proposal.train(moveSpace === undefined ? h.u : moveSpace.toMove(h.u, h.length), h.length, weights, 0);
  const masses = new Float64Array(model.clusters);
  for (let s = 0; s < h.length; s++) masses[model.labels[s]] += weights[s];
  const foundMass = found === undefined ? 0 : found.masses.reduce((a, m) => a + m, 0);
  const guide: GuideMixture = {
    components: [...Array.from({ length: model.clusters }, (_, c) => model.components[c * model.folds]), ...(found?.components ?? [])],
    masses: Float64Array.from([...masses.map((m) => m * (1 - foundMass)), ...(found?.masses ?? [])]),
  };
  state.reannealing = {
    guide,
    firstPass: { logz, logzErr, calls: state.calls, iterations: state.iterations.length, checks: checks.map((c) => ({ ...c })) },
  };
  // A first pass that failed its orphans check had drawn its closing sample; the second draws its own.
  state.closing = undefined;
  state.history = new ParticleHistory(state.nDim);
  state.proposal = new ProposalTrainer(state.nDim, proposalSettings);
  state.iterations = [];
  state.beta = 0;
  state.nLineages = 0;
}
