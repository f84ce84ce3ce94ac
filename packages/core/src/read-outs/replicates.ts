import { logSumExp } from '../math/log-sum-exp.js';
import { chiSquareTail } from '../math/chi-square.js';
import type { RunState } from '../run/run-state.js';
import type { Convergence, ConvergenceCheck } from './convergence.js';
import type { SamplerResults } from './results.js';
import { evidenceOf, type Evidence } from './evidence.js';
import { expectationOf, type Expectation } from './expectation.js';
import { derivedSeed, posteriorOf, type Posterior, type PosteriorOptions } from './posterior.js';
import { ParameterMatrix } from '../likelihood/parameter-matrix.js';
import { systematicResample } from '../math/resample.js';
import { RandomGenerator } from '../random/random-generator.js';

/** p-value below which independent runs count as disagreeing (chi-square test of their log Z). */
export const REPLICATE_P_LIMIT = 0.01;

/** The evidence of independent runs of one model, combined (`nRuns` > 1). */
export interface CombinedEvidence extends Evidence {
  /** Each run's own log Z and genealogy error. */
  runs: Evidence[];
  /** The error that the runs' genealogy errors imply for the combined log Z. */
  genealogyErr: number;
  /** The error of the combined log Z from the spread between runs (standard deviation / sqrt(runs)). */
  spreadErr: number;
}

/**
 * log Z of several independent runs combined: Z is the mean of the runs' Z (each is an unbiased
 * estimate of Z, so their mean is too), and the reported error is the larger of the error the runs'
 * own genealogy errors imply and the one their spread shows. The spread sees what no single run
 * can: modes one run lost, chains too short to forget their start.
 * @param states - the runs
 * @returns the combined log Z, its error, and each run's
 */
export function combinedEvidenceOf(states: readonly RunState[]): CombinedEvidence {
  return combineEvidence(states.map(evidenceOf));
}

/**
 * {@link combinedEvidenceOf} from the runs' own evidence, when it is already at hand.
 * @param runs - each run's log Z and genealogy error
 * @returns the combined log Z, its error, and each run's
 */
export function combineEvidence(runs: readonly Evidence[]): CombinedEvidence {
  const R = runs.length;
  const logs = runs.map((r) => r.logz);
  const logz = logSumExp(Float64Array.from(logs)) - Math.log(R);
  // d log(mean Z) / d log Z_r = Z_r / sum Z.
  let variance = 0;
  for (const r of runs) variance += (Math.exp(r.logz - logz) / R) ** 2 * r.logzErr ** 2;
  const genealogyErr = Math.sqrt(variance);
  const mean = logs.reduce((s, v) => s + v, 0) / R;
  const spread = R > 1 ? Math.sqrt(logs.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1)) : 0;
  const spreadErr = spread / Math.sqrt(R);
  return { logz, logzErr: Math.max(genealogyErr, spreadErr), runs: runs.map(({ logz: l, logzErr: e }) => ({ logz: l, logzErr: e })), genealogyErr, spreadErr };
}

/**
 * Whether independent runs agree within their genealogy errors: chi-square of their log Z about
 * the weighted mean, R - 1 degrees of freedom.
 * @param runs - each run's log Z and genealogy error (at least two)
 * @returns the check, failed when p < {@link REPLICATE_P_LIMIT}
 */
export function replicatesCheck(runs: readonly Evidence[]): ConvergenceCheck {
  const w = runs.map((r) => 1 / r.logzErr ** 2);
  const W = w.reduce((s, v) => s + v, 0);
  const mean = runs.reduce((s, r, i) => s + w[i] * r.logz, 0) / W;
  const chi2 = runs.reduce((s, r, i) => s + w[i] * (r.logz - mean) ** 2, 0);
  const dof = runs.length - 1;
  const p = chiSquareTail(chi2, dof);
  const passed = !(p < REPLICATE_P_LIMIT);
  const range = `${Math.min(...runs.map((r) => r.logz)).toFixed(3)} to ${Math.max(...runs.map((r) => r.logz)).toFixed(3)}`;
  return {
    name: 'replicates',
    passed,
    tested: true,
    statistic: chi2 / dof,
    detail: passed
      ? `The ${runs.length} runs agree (log Z ${range}, chi-square ${chi2.toFixed(1)} on ${dof} degrees of freedom, p = ${p.toPrecision(2)}).`
      : `The ${runs.length} independent runs disagree beyond their errors (log Z ${range}, chi-square ${chi2.toFixed(1)} on ${dof} degrees of freedom, p = ${p.toPrecision(2)}): each run's own error is too small.`,
  };
}

/**
 * The posterior of several independent runs in one weighted sample: each run's weighted
 * particles, weighted again by the run's share of the summed Z (the ratio estimator of a posterior
 * expectation from unbiased estimates of Z·E[f] and Z), so that a run that lost a mode counts less.
 * @param states - the runs
 * @param options - as for {@link posteriorOf}; resampling is done once, on the combined sample
 * @returns samples, normalised weights and log-likelihoods (and blobs, log-weights if asked)
 */
export function combinedPosteriorOf(states: readonly RunState[], options: PosteriorOptions = {}): Posterior {
  const parts = states.map((s) => posteriorOf(s, { ...options, resample: false, returnLogw: false }));
  const logzs = Float64Array.from(states.map((s) => evidenceOf(s).logz));
  const total = logSumExp(logzs);
  const d = states[0].nDim;
  const m = parts.reduce((s, p) => s + p.weights.length, 0);
  const x = new Float64Array(m * d);
  const logl = new Float64Array(m);
  let weights = new Float64Array(m);
  const blobs: unknown[] = [];
  let at = 0;
  parts.forEach((p, r) => {
    const share = Math.exp(logzs[r] - total);
    x.set(p.samples.data, at * d);
    logl.set(p.logl, at);
    for (let i = 0; i < p.weights.length; i++) weights[at + i] = share * p.weights[i];
    if (p.blobs !== undefined) blobs.push(...p.blobs);
    at += p.weights.length;
  });
  let index = Int32Array.from({ length: m }, (_, i) => i);
  if (options.resample === true) {
    const picks = new Int32Array(m);
    systematicResample(picks, weights, new RandomGenerator(derivedSeed(states[0].seed)));
    index = picks;
    weights = new Float64Array(m).fill(1 / m);
  }
  const pick = (k: number) => index[k];
  const xs = new Float64Array(m * d);
  const ls = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    xs.set(x.subarray(pick(k) * d, (pick(k) + 1) * d), k * d);
    ls[k] = logl[pick(k)];
  }
  const out: Posterior = { samples: new ParameterMatrix(xs, m, d), weights, logl: ls };
  if (options.returnBlobs === true && blobs.length === m) out.blobs = Array.from(index, (s) => blobs[s]);
  if (options.returnLogw === true) out.logw = weights.map(Math.log);
  return out;
}

/**
 * A posterior expectation from several independent runs: the runs' means weighted by their
 * share of Z, with an error that is the larger of the one their genealogy errors imply and the
 * one their spread shows.
 * @param states - the runs
 * @param f - function of the parameters x (and log-likelihood) to average
 * @returns `{ mean, error }`
 */
export function combinedExpectationOf(states: readonly RunState[], f: (x: Float64Array, logl: number) => number): Expectation {
  const parts = states.map((s) => expectationOf(s, f));
  const logzs = Float64Array.from(states.map((s) => evidenceOf(s).logz));
  const total = logSumExp(logzs);
  const shares = Array.from(logzs, (l) => Math.exp(l - total));
  const mean = parts.reduce((s, p, r) => s + shares[r] * p.mean, 0);
  const genealogy = Math.sqrt(parts.reduce((s, p, r) => s + (shares[r] * p.error) ** 2, 0));
  const R = parts.length;
  const plain = parts.reduce((s, p) => s + p.mean, 0) / R;
  const spread = Math.sqrt(parts.reduce((s, p) => s + (p.mean - plain) ** 2, 0) / (R - 1)) / Math.sqrt(R);
  return { mean, error: Math.max(genealogy, spread) };
}

/**
 * The seed of run r (0-based) of a replicated run: run 0 keeps the run's seed, so `nRuns: 1` is
 * the plain run; the others are spread over the 48-bit seed space by the golden-ratio increment.
 * @param seed - the run's seed
 * @param r - the run's index
 * @returns a non-negative safe integer
 */
export function replicateSeed(seed: number, r: number): number {
  if (r === 0) return seed;
  return ((seed % 2 ** 48) + ((r * 0x9e3779b97f4a) % 2 ** 48)) % 2 ** 48;
}

/**
 * The results of several independent runs as one: every run's stored particles in turn, their
 * log-weights normalised over all runs (each run's weighted by its share of Z), the iterations of
 * every run in turn, and the combined evidence and verdict.
 * @param runs - each run's own results
 * @param convergence - the combined verdict
 * @param seed - the seed of the replicated run (run 1's)
 * @returns the combined results
 */
export function combinedResultsOf(runs: readonly SamplerResults[], convergence: Convergence, seed: number): SamplerResults {
  const evidence = combineEvidence(runs);
  const d = runs[0].nDim;
  const N = runs.reduce((s, r) => s + r.logl.length, 0);
  const u = new Float64Array(N * d);
  const x = new Float64Array(N * d);
  const logl = new Float64Array(N);
  const logw = new Float64Array(N);
  const iterationOf = new Int32Array(N);
  const blobs: unknown[] = [];
  const total = logSumExp(Float64Array.from(runs.map((r) => r.logz)));
  let at = 0;
  for (const r of runs) {
    const n = r.logl.length;
    u.set(r.u.data.subarray(0, n * d), at * d);
    x.set(r.x.data.subarray(0, n * d), at * d);
    logl.set(r.logl, at);
    iterationOf.set(r.iterationOf, at);
    const share = r.logz - total;
    for (let i = 0; i < n; i++) logw[at + i] = r.logw[i] + share;
    if (r.blobs !== undefined) blobs.push(...r.blobs);
    at += n;
  }
  const out: SamplerResults = {
    ...evidence,
    seed,
    nDim: d,
    nParticles: runs[0].nParticles,
    calls: runs.reduce((s, r) => s + r.calls, 0),
    iterations: runs.flatMap((r) => r.iterations),
    u: new ParameterMatrix(u, N, d),
    x: new ParameterMatrix(x, N, d),
    logl,
    logw,
    iterationOf,
    convergence,
  };
  if (blobs.length === N) out.blobs = blobs;
  return out;
}
