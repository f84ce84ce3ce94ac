import { currentClosing } from '../run/closing-draw.js';
import type { ClosingEstimate } from '../run/closing-sample.js';
import type { FirstPass } from '../run/reanneal.js';
import type { RunState } from '../run/run-state.js';
import { POSTERIOR_BETA } from '../run/stopping-rule.js';
import { closeToPosterior, closingCheck } from './closing-check.js';
import { priorSupportCheck } from './prior-support.js';
import { orphanCheck } from './orphan-check.js';
import { requireParticles } from './final-weights.js';

/** One test of whether a run can be trusted. */
export interface ConvergenceCheck {
  /**
   * `equilibrium`: at beta = 1 the MCMC does not raise (or lower) the log-likelihood of the
   * particles resampled from the history: starts drawn from the target stay at its level.
   * `stationarity`: at beta = 1 the particles' mean log-likelihood does not drift from one
   * iteration to the next (chains in equilibrium do not keep finding better or worse regions).
   * `anneal`: over any run of consecutive iterations, beta = 1 included, the MCMC does not raise
   * the log-likelihood of the particles resampled from the history either: a region of high
   * likelihood found only as the temperature fell (a phase transition, the neck of a funnel)
   * leaves the evidence of the temperatures before it too low.
   * `firstPass`: in the second pass of a re-annealed run (`reanneal`), the first pass's chains were
   * in equilibrium at beta = 1 (a second pass repairs a region found late, not chains that cannot
   * mix), or this pass's trusted closing sample agrees with it and is not below the first pass.
   * `replicates`: independent runs agree within their reported errors (with `nRuns` > 1).
   * `closing`: with `closingDraws`, the closing importance sample and the anneal agree within
   * their errors (tested when the sample's weights have a light enough tail to trust its error);
   * with `reanneal` a run whose draws lie above the anneal and took in regions its fitted
   * mixture lacked anneals again, its chains jumping into those regions.
   * `orphans` (only where the closing sample drew from regions of high likelihood its fitted
   * mixture lacked and its error cannot be trusted): the anneal weighed those regions too (see
   * `orphanCheck`); with `reanneal` a run that fails it anneals again, its chains jumping into
   * those regions.
   * `priorSupport` (only where some prior draws had logLikelihood = -Infinity): the first
   * iteration found a finite prior draw for every particle (see `priorSupportCheck`).
   */
  name: 'equilibrium' | 'stationarity' | 'anneal' | 'firstPass' | 'replicates' | 'closing' | 'orphans' | 'priorSupport';
  /** Whether the run passed; also true when the test could not be made (see `tested`). */
  passed: boolean;
  /** False when the run has too little to test (too few iterations at beta = 1, say). */
  tested: boolean;
  /** The test's statistic: the gain's or the drift's z, or the replicates' chi-square per degree of freedom. */
  statistic: number;
  /** What was measured, in a sentence. */
  detail: string;
}

/** The run's verdict on itself: whether its chains mixed and its answer was stable. */
export interface Convergence {
  /** True when no check failed. A true verdict is necessary, not sufficient: no test sees a mode never found. */
  converged: boolean;
  /** Each check with its figures. */
  checks: ConvergenceCheck[];
  /** One paragraph for people: what failed and what to change, or that nothing did. */
  summary: string;
  /** Iterations whose chains reached nMaxSteps before the mixing rule was met (reported, not a failure by itself). */
  capped: CappedChains;
}

/**
 * Chains that reached nMaxSteps while the start–current correlation was still above the
 * threshold and still falling. On the accuracy suite this happens without harm to log Z (the
 * egg-box's particles stay in their modes, Rosenbrock bananas keep a correlation of 0.8 along
 * the ridge) as well as with some (a 50-D Gaussian's first iterations at the prior's box, about
 * one reported error too high on average), so it is reported with what to change, and the
 * verdict rests on the checks that measure the answer's equilibrium.
 */
export interface CappedChains {
  /** Iterations capped. */
  iterations: number;
  /** Iterations that ran MCMC. */
  of: number;
  /** The largest start–current correlation among the capped iterations (0 when none). */
  worstCorrelation: number;
}

/**
 * |z| of the mean log-likelihood's drift at beta = 1 beyond which the chains count as out of
 * equilibrium. The statistic is standard normal for stationary chains, up to the correlation
 * between iterations through the shared history; 3.5 keeps false alarms near 1 in 2,000 for
 * independent iterations and rare with that correlation (measured on the accuracy suite, see
 * BENCHMARKS.md), while a funnel's neck that the chains keep sinking into gives z of 5 to 15.
 */
export const DRIFT_Z_LIMIT = 3.5;
/**
 * |z| of the summed likelihood gain at beta = 1 beyond which the particles' starting points count
 * as out of equilibrium. z is standard normal when the starts are draws from the posterior; on the
 * accuracy suite's Gaussians, shells, egg-box and Rosenbrock problems |z| stayed below 3 (BENCHMARKS.md),
 * on the funnels it was 8 to 24.
 */
export const GAIN_Z_LIMIT = 3.5;
/**
 * Limit on the anneal's scan statistic: the largest z of the likelihood gain summed over any run
 * of consecutive iterations, those at beta = 1 included. A region found late shows as a burst of gains over a
 * few iterations (on UltraNest's box problem z of 14 to 26 over one to four iterations), which a sum
 * over the whole anneal can dilute or cancel (one run had iterations of gains of -3 to -4.5 sigma
 * before its burst, and its whole sum was -1). Under the null the statistic is the maximum of many
 * correlated standard normals, about sqrt(2 ln n) for n iterations (3 at 100); 5 leaves room for that
 * and for heavier tails than normal. On the accuracy suite's problems that the sampler gets right it
 * stayed below 4 (BENCHMARKS.md). The runs end at beta = 1 too since session 16: on the centred
 * eight schools one run's gains rose from beta = 0.6 into beta = 1 (z 4.3 before, 3.4 at beta = 1,
 * each below its limit, 5.4 together) with log Z 0.65 too low; no run of the suite's other 31
 * problems that passed its verdict reached 5 (20 seeds each).
 */
export const ANNEAL_GAIN_Z_LIMIT = 5;
/** The drift test needs this many iterations at beta = 1. */
const MIN_POSTERIOR_ITERATIONS = 4;

/**
 * Whether a run can establish that it converged: at beta = 1 its chains keep the likelihood of
 * their resampled starts level and its particles are stationary (and which iterations' chains
 * were capped). A run that fails either says so with
 * what to change; it does not mean the number is wrong, only that the run cannot vouch for it.
 * @param state - the run
 * @returns the verdict with its checks
 * @throws {TempestError} `NOT_RUN` before the first iteration
 */
export function convergenceOf(state: RunState): Convergence {
  requireParticles(state);
  const checks = [equilibriumCheck(state), stationarityCheck(state), annealCheck(state)];
  const closing = closingCheck(state);
  if (closing !== undefined) checks.push(closing);
  const orphans = orphanCheck(state);
  if (orphans !== undefined) checks.push(orphans);
  const support = priorSupportCheck(state);
  if (support !== undefined) checks.push(support);
  const first = state.reannealing?.firstPass;
  if (first === undefined) return verdict(checks, cappedChains(state));
  const sample = closing?.tested && closing.passed ? currentClosing(state) : undefined;
  const vouching = sample === undefined ? undefined : { estimate: sample.estimate, bounded: !closeToPosterior(sample) };
  const result = verdict([...checks, firstPassCheck(first, vouching)], cappedChains(state));
  // The second pass's verdict, after a sentence on why there was one.
  const failed = first.checks.filter((c) => !c.passed);
  const why = `The first pass (log Z = ${first.logz.toFixed(3)} ± ${first.logzErr.toFixed(3)}, ${first.calls} likelihood calls) failed ${failed.length === 1 ? `its ${failed[0].name} check` : `its ${failed.map((c) => c.name).join(' and ')} checks`}: ${failed.map((c) => c.detail).join(' ')} The run annealed again from the prior with jumps into the first pass's posterior; these results are the second pass's.`;
  return { ...result, summary: `${why} ${result.summary}` };
}

/**
 * In a second pass: whether the first pass's chains were in equilibrium at beta = 1. A second pass
 * repairs temperatures sampled without a region the first pass found late (a phase transition, a
 * mode found at beta = 1), but its chains cannot tell that from chains that cannot mix (a funnel's
 * neck, mass against a bound): on a 10-D funnel, second passes whose first had failed at beta = 1
 * came out 0.3 low (4 errors) while their own checks passed. Such a second pass is reported (it
 * is nearer the truth: 0.3 low where the first was 0.8), but it cannot vouch for itself.
 *
 * Its closing sample can vouch for it: draws independent of the chains, from a mixture fitted at
 * beta = 1, whose error can be trusted (the funnels' cannot) and which agree with the second
 * pass's anneal. A repair adds the region the first pass lacked, so it also requires the closing
 * log Z to be at least the first pass's: below it, the second pass lost something the first had.
 * On the 5-D box and the spike and slab every second pass vouched for so was right to its error
 * (BENCHMARKS.md, session 15); a spike-and-slab run whose second pass lost the spike again came
 * out below its first pass and stays unvouched. A closing sample trusted only for bounded
 * weights (its ESS below half its draws) does not vouch: that trust rests on the history holding
 * no region beyond the draws, and a first pass out of equilibrium at beta = 1 says the history
 * lacks regions the chains keep finding. On a 10-D funnel such a sample, k-hat 0.02, agreed with
 * a second pass 0.26 low and was itself 0.16 low, 10 of its errors (BENCHMARKS.md, session 28).
 * @param first - the first pass
 * @param closing - the second pass's closing estimate, when its closing check was made and
 *   passed, and whether it was trusted only for bounded weights
 */
function firstPassCheck(first: FirstPass, closing: { estimate: ClosingEstimate; bounded: boolean } | undefined): ConvergenceCheck {
  const name = 'firstPass';
  // A region found late (anneal) or only by the closing sample (orphans) is what a second pass repairs.
  const failed = first.checks.filter((c) => c.name !== 'anneal' && c.name !== 'orphans' && !c.passed);
  const worst = failed.reduce((m, c) => Math.max(m, Math.abs(c.statistic)), 0);
  if (failed.length === 0) return { name, passed: true, tested: true, statistic: 0, detail: 'The first pass was in equilibrium at beta = 1.' };
  const failures = failed.map((c) => `${c.name} z = ${c.statistic.toFixed(1)}`).join(', ');
  if (closing !== undefined && !closing.bounded && closing.estimate.logz >= first.logz) {
    return {
      name, passed: true, tested: true, statistic: 0,
      detail: `The first pass failed at beta = 1 (${failures}), but this pass's closing sample, whose error can be trusted, agrees with its anneal and is not below the first pass (log Z = ${closing.estimate.logz.toFixed(3)} against ${first.logz.toFixed(3)}): it vouches for this pass.`,
    };
  }
  const why = closing === undefined
    ? ''
    : closing.bounded
      ? ', and its closing sample is trusted only for bounded weights (ESS below half its draws), which rests on the history holding every region, as a first pass out of equilibrium says it does not'
      : `, and its closing sample (log Z = ${closing.estimate.logz.toFixed(3)}) is below the first pass's ${first.logz.toFixed(3)}: this pass lost something the first had`;
  return {
    name, passed: false, tested: true, statistic: worst,
    detail: `The first pass also failed at beta = 1 (${failures}): its chains did not reach equilibrium there, which a second pass guided by it does not repair, so this pass cannot vouch for log Z either${why}.`,
  };
}

/**
 * The verdict of a set of checks: converged when none failed, with one paragraph saying what to
 * change, and a note on capped chains.
 * @param checks - the checks made
 * @param capped - the iterations whose chains were capped
 * @returns the verdict
 */
export function verdict(checks: ConvergenceCheck[], capped: CappedChains): Convergence {
  const failed = checks.filter((c) => !c.passed);
  const capNote = capped.iterations === 0 ? '' : ` ${capped.iterations} of ${capped.of} iterations stopped their chains at nMaxSteps before the mixing rule was met (start-current correlation up to ${capped.worstCorrelation.toFixed(2)}); a larger nMaxSteps lets them mix.`;
  if (failed.length === 0) {
    const untested = [...new Set(checks.filter((c) => !c.tested).map((c) => c.name))];
    return { converged: true, checks, capped, summary: `No sign of non-convergence${untested.length ? ` (not tested: ${untested.join(', ')})` : ''}.${capNote}` };
  }
  // Remedies as clauses, so that two failed checks that share one name it once.
  const reparametrise = 'reparametrise the model (a non-centred parametrisation for hierarchical or funnel-shaped posteriors; a coordinate in which mass against a bound of the prior is broad)';
  const replicates = 'run replicates (nRuns) to measure the spread';
  const advice: Record<ConvergenceCheck['name'], string[]> = {
    equilibrium: [reparametrise, replicates],
    stationarity: [reparametrise, 'raise nSteps', replicates],
    firstPass: [reparametrise, replicates],
    anneal: ['the temperatures before that region was found were sampled without it, and more particles do not repair that (on a 5-D box problem 1024 particles still left log Z 5 to 12 too low); reparametrise so that the region is not a needle of the prior (a prior or a coordinate in which it is broad), or check the evidence with a nested sampler'],
    replicates: ['trust the combined error, which includes the spread between runs; more particles (nParticles) or longer chains (nSteps) make runs agree'],
    orphans: ['with reanneal (the default) a run anneals again with jumps into the regions its closing sample found, once; where the second pass still lacks them, raise nParticles or closingDraws, or check the evidence with a nested sampler'],
    priorSupport: ['narrow the prior toward the region where the likelihood is finite (or give the constraint a prior of its own), or raise nParticles'],
    closing: ['the reported log Z is the higher of the two (the closing sample\'s where the anneal lacks a region it has, else the anneal\'s), its error widened to their difference', 'run replicates (nRuns) to see which estimate the runs agree on, or more particles (nParticles)'],
  };
  const summary = `Not converged: ${failed.map((c) => c.detail).join(' ')} The log Z and its error may be wrong; ${[...new Set(failed.flatMap((c) => advice[c.name]))].join('; ')}.${capNote}`;
  return { converged: false, checks, capped, summary };
}

/**
 * The iterations whose chains were capped.
 * @param state - the run
 * @returns count, iterations with MCMC and the worst correlation among the capped ones
 */
export function cappedChains(state: RunState): CappedChains {
  const mutated = state.iterations.filter((i) => i.beta > 0);
  const capped = mutated.filter((i) => i.capped);
  return { iterations: capped.length, of: mutated.length, worstCorrelation: capped.reduce((m, i) => Math.max(m, Number.isNaN(i.correlation) ? 1 : i.correlation), 0) };
}

/**
 * The likelihood gain of every iteration at beta = 1 (see `likelihoodGain`), summed: zero in
 * expectation when the resampled starts represent the posterior, whatever the chains do.
 */
function equilibriumCheck(state: RunState): ConvergenceCheck {
  const name = 'equilibrium';
  let gain = 0;
  let variance = 0;
  let m = 0;
  for (const i of state.iterations) {
    if (i.beta < POSTERIOR_BETA || !(i.loglGainError > 0)) continue;
    gain += i.loglGain;
    variance += i.loglGainError ** 2;
    m++;
  }
  if (m === 0) return { name, passed: true, tested: false, statistic: 0, detail: 'No iteration at beta = 1 measured its likelihood gain.' };
  const z = gain / Math.sqrt(variance);
  const per = gain / m;
  return zCheck(name, z, GAIN_Z_LIMIT,
    `At beta = 1 the chains kept the particles' log-likelihood level (mean gain ${per.toFixed(3)} per iteration over ${m}, z = ${z.toFixed(2)}).`,
    `At beta = 1 the chains ${per > 0 ? 'raised' : 'lowered'} the log-likelihood of the particles resampled from the history by ${Math.abs(per).toFixed(3)} per iteration over ${m} iterations (z = ${z.toFixed(1)}), where starts drawn from the posterior would keep it level: ${per > 0 ? 'the history lacks regions of high likelihood that the chains keep finding (the neck of a funnel, a mode found late), so log Z is probably too low' : 'the history over-represents regions of high likelihood'}.`);
}

/**
 * The likelihood gains of the iterations after the prior's, summed over every run of consecutive
 * iterations (beta = 1 included: a region found just before it shows in both, each part of the
 * burst perhaps below its own limit): each is zero in expectation when that iteration's resampled starts represent its
 * tempered target. The statistic is the largest z of those sums (a scan statistic), and the detail
 * names the temperatures of the run of iterations that gave it.
 */
function annealCheck(state: RunState): ConvergenceCheck {
  const name = 'anneal';
  const its = state.iterations.filter((i) => i.beta > 0 && i.loglGainError > 0);
  if (its.length === 0) return { name, passed: true, tested: false, statistic: 0, detail: 'No iteration after the prior\'s measured its likelihood gain.' };
  let best = { z: -Infinity, from: 0, to: 0 };
  for (let a = 0; a < its.length; a++) {
    let gain = 0;
    let variance = 0;
    for (let b = a; b < its.length; b++) {
      gain += its[b].loglGain;
      variance += its[b].loglGainError ** 2;
      const z = gain / Math.sqrt(variance);
      if (z > best.z) best = { z, from: a, to: b };
    }
  }
  const z = best.z;
  const where = best.from === best.to ? `at beta = ${its[best.from].beta.toPrecision(3)}` : `from beta = ${its[best.from].beta.toPrecision(3)} to ${its[best.to].beta.toPrecision(3)}`;
  const passed = !(z > ANNEAL_GAIN_Z_LIMIT);
  return {
    name, passed, tested: true, statistic: z,
    detail: passed
      ? `Over the anneal the chains kept the particles' log-likelihood level (largest summed gain over consecutive iterations z = ${z.toFixed(2)}, ${its.length} iterations).`
      : `Over the anneal the chains raised the log-likelihood of the particles resampled from the history ${where} (z = ${z.toFixed(1)}), where starts drawn from each tempered target would keep it level: a region of high likelihood was found only as the temperature fell (a phase transition, a narrow mode), so the evidence of the temperatures before it, and log Z, is probably too low.`,
  };
}

/** A check that fails when |z| exceeds its limit, with the sentence for each outcome. */
function zCheck(name: ConvergenceCheck['name'], z: number, limit: number, passedDetail: string, failedDetail: string): ConvergenceCheck {
  const passed = !(Math.abs(z) > limit);
  return { name, passed, tested: true, statistic: z, detail: passed ? passedDetail : failedDetail };
}

/**
 * Regression of each beta = 1 iteration's mean log-likelihood on the iteration number, weighted
 * by the inverse variance of the mean (from the spread of the iteration's own particles); the
 * slope's standard error is the larger of that model's and the one from the residuals, so that
 * neither under-dispersed nor over-dispersed means produce a false alarm.
 */
function stationarityCheck(state: RunState): ConvergenceCheck {
  const its = state.iterations;
  const at: number[] = [];
  for (let t = 0; t < its.length; t++) if (its[t].beta >= POSTERIOR_BETA) at.push(t);
  const name = 'stationarity';
  if (at.length < MIN_POSTERIOR_ITERATIONS) {
    return { name, passed: true, tested: false, statistic: 0, detail: `Only ${at.length} iteration${at.length === 1 ? '' : 's'} at beta = 1 (the drift test needs ${MIN_POSTERIOR_ITERATIONS}).` };
  }
  const sum = new Float64Array(its.length);
  const sumSq = new Float64Array(its.length);
  const count = new Float64Array(its.length);
  const { logl, iterationOf } = state.history;
  for (let s = 0; s < logl.length; s++) {
    const t = iterationOf[s];
    if (!Number.isFinite(logl[s])) continue;
    sum[t] += logl[s];
    sumSq[t] += logl[s] * logl[s];
    count[t]++;
  }
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const t of at) {
    if (count[t] < 2) continue;
    const mean = sum[t] / count[t];
    const variance = Math.max((sumSq[t] - count[t] * mean * mean) / (count[t] - 1), 1e-300);
    xs.push(t);
    ys.push(mean);
    ws.push(count[t] / variance);
  }
  const m = xs.length;
  let W = 0;
  let xBar = 0;
  let yBar = 0;
  for (let i = 0; i < m; i++) {
    W += ws[i];
    xBar += ws[i] * xs[i];
    yBar += ws[i] * ys[i];
  }
  xBar /= W;
  yBar /= W;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < m; i++) {
    sxx += ws[i] * (xs[i] - xBar) ** 2;
    sxy += ws[i] * (xs[i] - xBar) * (ys[i] - yBar);
  }
  const slope = sxy / sxx;
  let chi2 = 0;
  for (let i = 0; i < m; i++) chi2 += ws[i] * (ys[i] - yBar - slope * (xs[i] - xBar)) ** 2;
  const modelSe = Math.sqrt(1 / sxx);
  const residualSe = Math.sqrt(chi2 / Math.max(1, m - 2) / sxx);
  const z = slope / Math.max(modelSe, residualSe);
  return zCheck(name, z, DRIFT_Z_LIMIT,
    `The mean log-likelihood is stationary over the ${m} iterations at beta = 1 (drift z = ${z.toFixed(2)}).`,
    `At beta = 1 the particles' mean log-likelihood still ${slope > 0 ? 'rises' : 'falls'} by ${Math.abs(slope).toFixed(3)} per iteration over ${m} iterations (z = ${z.toFixed(1)}): the chains have not reached equilibrium${slope > 0 ? ' and are still finding regions of higher likelihood, so log Z is probably too low' : ''}.`);
}
