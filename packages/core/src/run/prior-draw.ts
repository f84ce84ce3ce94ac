import { newLineages } from '../genealogy/ancestry.js';
import { copyParticle, createActiveSet, type ActiveSet } from '../particles/particle-columns.js';
import { TempestError } from '../tempest-error.js';
import type { IterationInfo } from '../sampler/iteration-info.js';
import type { TemperatureChoice } from './temperature-search.js';
import type { IterationContext } from './iteration-context.js';
import type { RunState } from './run-state.js';
import { meanOf } from './mean-of.js';

/**
 * Most batches of n prior draws the first iteration makes while some of its slots lack a finite
 * draw: with 256 particles, 262,144 draws, enough to fill every slot where 0.1% of the prior is
 * finite. Fewer distinct starts than particles leave the chains copies of a few points, and a
 * region hit a few times keeps about that share (the `priorSupport` check fails); dynesty's
 * 500 live points need as many draws.
 */
export const PRIOR_BATCHES_MAX = 1024;

/**
 * An iteration at beta = 0: n fresh, independent prior draws. Exact prior samples beat MCMC
 * here: a chain started from particles its own proposal was fitted to is not yet at equilibrium
 * after a few steps, and Persistent Sampling would count its lag as signal. Zero-likelihood
 * draws are replaced: at the first iteration by the finite draws of further batches (up to
 * {@link PRIOR_BATCHES_MAX} in all), then by copies of finite ones (at a later iteration, of its own
 * finite draws or of the first iteration's particles). At the first iteration the
 * finite fraction of all its draws becomes the evidence of the beta = 0 target (the prior
 * restricted to finite likelihood); its binomial error joins the anneal's (`annealed-evidence.ts`).
 * @param ctx - the iteration context
 * @param state - the run, advanced in place (history committed, calls and lineages counted)
 * @param choice - the reweighting that kept beta at 0, or undefined at the first iteration
 * @returns the iteration's diagnostics
 * @throws {TempestError} `NO_FINITE_LIKELIHOOD` when no draw has a finite likelihood; the
 *   evaluator's errors for a misbehaving model
 */
export async function drawFromPrior(ctx: IterationContext, state: RunState, choice: TemperatureChoice | undefined): Promise<IterationInfo> {
  const { nParticles: n, nDim: d, evaluator } = ctx;
  const iteration = state.iterations.length + 1;
  const t0 = performance.now();
  const likelihoodBefore = evaluator.elapsed;
  const set = await priorBatch(ctx, state, iteration);
  const open: number[] = [];
  for (let i = 0; i < n; i++) if (!(set.logl[i] > -Infinity)) open.push(i);
  let drawn = n;
  let finiteCount = n - open.length;
  // At the first iteration, slots without a finite draw take finite draws of further batches, so
  // the run starts from n distinct points and the finite fraction is measured on more than n draws.
  if (choice === undefined) {
    for (let batch = 1; batch < PRIOR_BATCHES_MAX && open.length > 0; batch++) {
      const extra = await priorBatch(ctx, state, iteration);
      drawn += n;
      for (let i = 0; i < n; i++) {
        if (!(extra.logl[i] > -Infinity)) continue;
        finiteCount++;
        const slot = open.pop();
        if (slot !== undefined) copyParticle(set, slot, extra, i, d);
      }
    }
  }
  // A later iteration at beta = 0 replaces from the first iteration's particles as well as its own
  // finite draws: a constraint that holds 1% of the prior leaves about 3 finite draws in a batch of
  // 256 (none in 3% of batches), and copies of those alone would make the iteration a few points.
  const fromFirst = choice === undefined ? 0 : n;
  if (finiteCount === 0 && fromFirst === 0) {
    throw new TempestError('NO_FINITE_LIKELIHOOD', `All ${drawn} prior draws have logLikelihood = -Infinity, so the posterior has no support the sampler can find. Check that the prior covers the region where the likelihood is non-zero${drawn > n ? ' (narrow the prior toward it)' : ', or increase nParticles'}.`, { iteration });
  }
  set.lineage.set(newLineages(n, state.nLineages));
  // A replacement comes from the same lineage group where it has finite draws (groups stay apart).
  const finite: number[] = [];
  for (let i = 0; i < n; i++) if (set.logl[i] > -Infinity) finite.push(i);
  const h = state.history;
  const history = { u: h.u, x: h.x, logl: h.logl, lineage: h.lineage, survival: h.survival, blobs: h.blobs as unknown[] | undefined };
  const G = ctx.lineageGroups;
  for (let i = 0; i < n; i++) {
    if (set.logl[i] > -Infinity) continue;
    const own = G === 1 ? finite : finite.filter((j) => j % G === i % G);
    const ownFirst = fromFirst === 0 ? 0 : Math.floor((fromFirst - 1 - (i % G)) / G) + 1;
    const from = own.length + ownFirst > 0 ? own : finite;
    const pick = state.rng.integer(from.length + (from === own ? ownFirst : 0));
    if (pick < from.length) copyParticle(set, i, set, from[pick], d);
    else copyParticle(set, i, history, (i % G) + G * (pick - from.length), d);
  }
  const logz = choice?.logz ?? Math.log(finiteCount / drawn);
  state.nLineages += n;
  state.beta = 0;
  state.history.commit(set, 0, logz);
  const cv = choice?.cv ?? ctx.search.cvAt(state.history, 0);
  const total = performance.now() - t0;
  const likelihood = evaluator.elapsed - likelihoodBefore;
  return {
    iteration, calls: state.calls, beta: 0, ess: choice?.ess ?? n, logz, meanLogl: meanOf(set.logl),
    acceptance: 1, steps: 1, efficiency: 1, K: 1, cv, correlation: NaN, capped: false, loglGain: NaN, loglGainError: NaN,
    timing: { reweight: 0, reweightSteps: choice?.evaluations ?? 0, train: 0, mutate: total - likelihood, likelihood, total },
  };
}

/** n fresh prior draws with their likelihoods (calls counted). */
async function priorBatch(ctx: IterationContext, state: RunState, iteration: number): Promise<ActiveSet> {
  const { nParticles: n, nDim: d, evaluator } = ctx;
  const set = createActiveSet(n, d, false);
  state.rng.fillUniform(set.u);
  evaluator.transform(set.x, set.u, n, iteration);
  set.blobs = await evaluator.evaluate(set.logl, set.x, n, iteration, set.u);
  state.calls += n;
  return set;
}
