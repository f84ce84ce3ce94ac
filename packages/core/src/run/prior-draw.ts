import { newLineages } from '../genealogy/ancestry.js';
import { copyParticle, createActiveSet } from '../particles/particle-columns.js';
import { TempestError } from '../tempest-error.js';
import type { IterationInfo } from '../sampler/iteration-info.js';
import type { TemperatureChoice } from './temperature-search.js';
import type { IterationContext } from './iteration-context.js';
import type { RunState } from './run-state.js';
import { meanOf } from './mean-of.js';

/**
 * An iteration at beta = 0: n fresh, independent prior draws. Exact prior samples beat MCMC
 * here: a chain started from particles its own proposal was fitted to is not yet at equilibrium
 * after a few steps, and Persistent Sampling would count its lag as signal. Zero-likelihood
 * draws are replaced by copies of finite ones; at the first iteration the finite fraction
 * becomes the evidence of the beta = 0 target (the prior restricted to finite likelihood).
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
  const set = createActiveSet(n, d, false);
  state.rng.fillUniform(set.u);
  evaluator.transform(set.x, set.u, n, iteration);
  set.blobs = await evaluator.evaluate(set.logl, set.x, n, iteration, set.u);
  state.calls += n;
  set.lineage.set(newLineages(n, state.nLineages));
  const finite: number[] = [];
  for (let i = 0; i < n; i++) if (set.logl[i] > -Infinity) finite.push(i);
  if (finite.length === 0) {
    throw new TempestError('NO_FINITE_LIKELIHOOD', `All ${n} prior draws have logLikelihood = -Infinity, so the posterior has no support the sampler can find. Check that the prior covers the region where the likelihood is non-zero, or increase nParticles.`, { iteration });
  }
  // A replacement comes from the same lineage group where it has finite draws (groups stay apart).
  const G = ctx.lineageGroups;
  for (let i = 0; i < n; i++) {
    if (set.logl[i] > -Infinity) continue;
    const own = G === 1 ? finite : finite.filter((j) => j % G === i % G);
    const from = own.length > 0 ? own : finite;
    copyParticle(set, i, set, from[state.rng.integer(from.length)], d);
  }
  const logz = choice?.logz ?? Math.log(finite.length / n);
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
