import { resamplingSurvival } from '../genealogy/ancestry.js';
import { resampleWithinGroups } from '../genealogy/lineage-groups.js';
import { copyParticle, createActiveSet, type ActiveSet } from '../particles/particle-columns.js';
import type { ParticleHistory } from '../particles/particle-history.js';
import type { IterationInfo } from '../sampler/iteration-info.js';
import { foldOf } from './cross-fit.js';
import { mutate } from './mutate.js';
import type { ProposalModel } from './proposal-model.js';
import { moveSpaceOf, type IterationContext } from './iteration-context.js';
import { chooseLogitCoordinates } from './bound-piles.js';
import { meanOf } from './mean-of.js';
import { likelihoodGain } from './likelihood-gain.js';
import { drawFromPrior } from './prior-draw.js';
import type { RunState } from './run-state.js';

/**
 * One iteration of Persistent Sampling: reweight the whole history to choose the next
 * temperature → train the proposal on it → resample the active set from it → mutate by MCMC →
 * commit the new particles. The first iteration, and any that stays at beta = 0, draws from
 * the prior instead. The state changes only by the commit at the end and by what the
 * iteration draws, counts and trains; the caller restores generator and calls if it throws.
 * @param ctx - settings, model, kernel, resampler and scratch
 * @param state - the run, advanced in place
 * @returns the iteration's diagnostics (also appended to `state.iterations`)
 * @throws {TempestError} when the likelihood or prior transform misbehaves
 */
export async function runIteration(ctx: IterationContext, state: RunState): Promise<IterationInfo> {
  const info = state.history.length === 0 ? await drawFromPrior(ctx, state, undefined) : await persistentStep(ctx, state);
  state.iterations.push(info);
  return info;
}

async function persistentStep(ctx: IterationContext, state: RunState): Promise<IterationInfo> {
  const { nParticles: n, nDim: d, evaluator } = ctx;
  const iteration = state.iterations.length + 1;
  const h = state.history;

  const t0 = performance.now();
  const likelihoodBefore = evaluator.elapsed;
  const choice = ctx.search.next(h, state.beta);
  if (choice.beta === 0) return drawFromPrior(ctx, state, choice);
  const t1 = performance.now();
  const { logw, logz } = choice;
  const N = h.length;
  const weights = new Float64Array(N);
  for (let s = 0; s < N; s++) weights[s] = Math.exp(logw[s] - logz);

  // The proposal is fitted where the chains move (the cube, or the logit of some coordinates).
  if (ctx.moveSpace === 'auto') {
    // Unbounded priors move through the logit from the start; piles against a bound join when seen.
    const chosen = state.logitCoordinates ?? ctx.unboundedPriors().slice();
    if (chooseLogitCoordinates(chosen, h.u, weights, N, ctx.boundaryKinds)) state.logitCoordinates = chosen;
  }
  const space = moveSpaceOf(ctx, state);
  const model = state.proposal.train(space === undefined ? h.u : space.toMove(h.u, N), N, weights, iteration);
  const t2 = performance.now();

  const { set, picks } = resampleActiveSet(ctx, state, weights, model);
  const startLogl = set.logl.slice();
  const stats = await mutate(set, model.components, {
    kernel: ctx.kernel, beta: choice.beta, nDim: d, nSteps: ctx.nSteps, nMaxSteps: ctx.nMaxSteps,
    mixing: ctx.mixing, mixingThreshold: ctx.mixingThreshold,
    boundaryKinds: ctx.boundaryKinds, iteration, labelOf: model.labelOf, folds: model.folds, jumpEvery: ctx.jumpEvery, adaptiveMoves: ctx.adaptiveMoves,
    guide: state.reannealing?.guide, moveSpace: space, standouts: state.standouts,
  }, state.rng, evaluator);
  state.calls += stats.calls;

  state.beta = choice.beta;
  h.commit(set, choice.beta, choice.logz);
  const t3 = performance.now();
  const likelihood = evaluator.elapsed - likelihoodBefore;
  return {
    iteration, calls: state.calls, beta: choice.beta, ess: choice.ess, logz: choice.logz,
    meanLogl: meanOf(set.logl), acceptance: stats.acceptance, steps: stats.steps,
    efficiency: stats.efficiency, K: model.clusters, cv: choice.cv,
    correlation: stats.correlation, capped: stats.capped, ...gainOf(likelihoodGain(startLogl, set.logl, picks)),
    timing: {
      reweight: t1 - t0, reweightSteps: choice.evaluations, train: t2 - t1,
      mutate: t3 - t2 - likelihood, likelihood, total: t3 - t0,
    },
  };
}

/**
 * n particles drawn from the weighted history by the context's resampler, with their columns,
 * blobs, clusters and folds (history particle s is in fold s mod folds), each slot from its own
 * lineage group's history; each one's survival gains this resampling's merge term.
 */
function resampleActiveSet(ctx: IterationContext, state: RunState, weights: Float64Array, model: ProposalModel): { set: ActiveSet & { labels: Int32Array; folds: Int32Array }; picks: Int32Array } {
  const { nParticles: n, nDim: d } = ctx;
  const h: ParticleHistory = state.history;
  const picks = new Int32Array(n);
  resampleWithinGroups(picks, weights, h.lineage, ctx.lineageGroups, ctx.resampler, state.rng);
  const coalescence = resamplingSurvival(picks, h.length);
  const source = { u: h.u, x: h.x, logl: h.logl, lineage: h.lineage, survival: h.survival, blobs: h.blobs as unknown[] | undefined };
  const set = Object.assign(createActiveSet(n, d, h.blobs !== undefined), { labels: new Int32Array(n), folds: new Int32Array(n) });
  for (let k = 0; k < n; k++) {
    const s = picks[k];
    copyParticle(set, k, source, s, d);
    set.survival[k] += coalescence;
    set.labels[k] = model.labels[s];
    set.folds[k] = foldOf(s, model.folds);
  }
  return { set, picks };
}

function gainOf(g: { gain: number; error: number }): { loglGain: number; loglGainError: number } {
  return { loglGain: g.gain, loglGainError: g.error };
}
