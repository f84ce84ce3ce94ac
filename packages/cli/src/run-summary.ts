import type { AnnealedEvidence, ClosingEvidence, Convergence, Evidence, FirstPass, ParameterSummary, PosteriorSummary, Sampler } from '@tempest/core';
import type { PoolSpec } from './parse-pool.js';
import { poolAdvice, type TimeShare } from './pool-advice.js';

/** `summary.json`: the evidence, information, best fit and per-parameter posterior summary of a run. */
export interface RunSummary {
  /** Version of @tempest/cli that wrote it. */
  tempest: string;
  /** Absolute path of the model file. */
  model: string;
  /** Number of parameters. */
  nDim: number;
  /** Active particles per iteration. */
  nParticles: number;
  /** Seed of the run. */
  seed: number;
  /** Iterations run. */
  iterations: number;
  /** Likelihood evaluations. */
  calls: number;
  /** Natural log of the evidence. */
  logz: number;
  /** Standard error of `logz`. */
  logzErr: number;
  /** With lineage groups: the error from the genealogy alone (`logzErr` is the larger of this and `groupErr`). */
  lineageErr?: number;
  /** With lineage groups: the error from the spread between the groups' own log Z. */
  groupErr?: number;
  /** Where part of the prior has zero likelihood: the binomial error of its measured finite fraction, within `logzErr` (of the anneal). */
  priorFractionErr?: number;
  /**
   * With `--closing-draws`: the closing importance sample's log Z, error, ESS, k-hat, draws and
   * calls, and whether `logz` is its (`used`, with the reason).
   */
  closing?: ClosingEvidence;
  /** With `--closing-draws`: the anneal's own log Z and error (`logz` unless `closing.used`). */
  annealed?: AnnealedEvidence;
  /** The information H = KL(posterior ‖ prior) in nats: ln of how much the data shrank the prior. */
  information?: number;
  /** Standard error of `information`. */
  informationErr?: number;
  /** The stored particle of highest likelihood: its ln L and parameters by name. */
  maxLikelihood?: PosteriorSummary['maxLikelihood'];
  /** Whether the run can vouch for its answer (see `results().convergence` of @tempest/core). */
  converged?: boolean;
  /** The verdict's checks and its summary (what failed and what to change). */
  convergence?: Convergence;
  /**
   * When the run annealed twice (a region of high likelihood found only during the first pass's
   * anneal): the first pass's log Z, error, calls, iterations and anneal check; the rest is the second pass's.
   */
  firstPass?: FirstPass;
  /** With `--repeat` > 1: each independent run's log Z and error (the top-level ones are combined). */
  runs?: Evidence[];
  /** Kish effective sample size of the weighted posterior samples. */
  ess: number;
  /** Wall time of this command, in seconds (after `resume`: of the resumed part only). */
  elapsedSeconds: number;
  /** Time inside the sampler's iterations over the whole run, resumed parts included, in seconds. */
  samplingSeconds: number;
  /** Where the sampling time went: the likelihood's share, and its time per call. */
  time?: TimeShare;
  /** The model's `truths`, when it exports them (the plots draw them). */
  truths?: number[];
  /**
   * Per parameter, in model order: its name, plot label, weighted mean, sd and 5/16/50/84/95%
   * quantiles, value at the maximum-likelihood particle, and for a periodic parameter `circular`
   * (its range; the mean and sd are then circular, the quantiles on the axis recentred on the mean).
   */
  parameters: (Omit<ParameterSummary, 'label' | 'q16' | 'q84' | 'maxLikelihood'> & Partial<Pick<ParameterSummary, 'label' | 'q16' | 'q84' | 'maxLikelihood'>>)[];
}

/**
 * Summarises a finished run: the sampler's `summary()` (log Z, information H, maximum-likelihood
 * particle, per-parameter statistics with circular ones for periodic parameters), its verdict,
 * and where the time went.
 * @param sampler - the finished sampler (with the model's parameter names and labels)
 * @param context - version, model path, elapsed time and the model's truths
 * @returns the summary
 */
export function buildSummary(sampler: Sampler, context: { tempest: string; model: string; elapsedSeconds: number; truths?: readonly number[] }): RunSummary {
  const s = sampler.summary();
  const evidence = sampler.evidence();
  const convergence = sampler.convergence();
  const diagnostics = sampler.diagnostics;
  const samplingMs = diagnostics.reduce((total, info) => total + info.timing.total, 0);
  const likelihoodMs = diagnostics.reduce((total, info) => total + info.timing.likelihood, 0);
  return {
    tempest: context.tempest,
    model: context.model,
    nDim: sampler.options.nDim,
    nParticles: sampler.options.nParticles,
    seed: sampler.seed,
    iterations: sampler.iteration,
    calls: sampler.calls,
    logz: s.logz,
    logzErr: s.logzErr,
    ...(s.groupErr === undefined ? {} : { lineageErr: s.lineageErr, groupErr: s.groupErr }),
    ...(s.priorFractionErr === undefined ? {} : { priorFractionErr: s.priorFractionErr }),
    ...(evidence.closing === undefined ? {} : { closing: evidence.closing, annealed: evidence.annealed }),
    information: s.information,
    informationErr: s.informationErr,
    maxLikelihood: s.maxLikelihood,
    converged: convergence.converged,
    convergence,
    ...(sampler.firstPass === undefined ? {} : { firstPass: sampler.firstPass }),
    ...('runs' in evidence ? { runs: (evidence as { runs: Evidence[] }).runs } : {}),
    ess: s.ess,
    elapsedSeconds: context.elapsedSeconds,
    samplingSeconds: samplingMs / 1000,
    time: { likelihoodShare: samplingMs > 0 ? likelihoodMs / samplingMs : 0, msPerCall: sampler.calls > 0 ? likelihoodMs / sampler.calls : 0 },
    ...(context.truths === undefined ? {} : { truths: [...context.truths] }),
    parameters: s.parameters,
  };
}

/**
 * One number format for a whole row of the table (a parameter's mean, sd and quantiles share a
 * scale), so its cells read alike: fixed-point with enough decimals for four significant digits
 * of the row's largest value and two of its sd, or, for very large or small scales, scientific
 * notation throughout. summary.json keeps full precision.
 * @param values - the row's numbers
 * @param sd - the row's standard deviation
 * @returns the cell formatter
 */
export function rowFormat(values: readonly number[], sd: number): (v: number) => string {
  const scale = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  const scientific = (v: number) => (Number.isFinite(v) ? v.toExponential(3) : String(v));
  if (scale !== 0 && (scale >= 1e5 || scale < 1e-3)) return scientific;
  let decimals = scale === 0 ? 3 : 3 - Math.floor(Math.log10(scale));
  if (sd > 0 && Number.isFinite(sd)) decimals = Math.max(decimals, 1 - Math.floor(Math.log10(sd)));
  if (decimals > 8) return scientific;
  const digits = Math.max(decimals, 0);
  // toFixed keeps the sign of a value that rounds to zero ("-0.000"): drop it.
  return (v) => (Number.isFinite(v) ? v.toFixed(digits).replace(/^-(0\.?0*)$/, '$1') : v === undefined ? '—' : String(v));
}

/**
 * The summary as a plain-text table for the terminal: log Z, the information H and the best
 * fit's ln L, the verdict, then per parameter its mean, sd, 5/16/50/84/95% quantiles and its
 * value at the maximum-likelihood particle (periodic parameters marked `°`, with a note), and,
 * given the pool, where the time went and whether a pool would help.
 * @param summary - a run summary
 * @param pool - the run's `--pool` (for the advice line; omitted by `tempest info`)
 * @returns lines ending in a newline
 * @example
 * ```text
 * log Z = -4.605 ± 0.021   (14 iterations, 12,800 calls, ESS 1,045, 1.3 s, seed 42)
 * H = 2.34 ± 0.03 nats (information from prior to posterior); max ln L = -0.002
 * Converged: No sign of non-convergence.
 *
 * parameter    mean     sd      5%     16%     50%    84%    95%  max-L
 * x0         0.001  0.999  -1.642  -0.991   0.003  1.001  1.648  0.012
 * ```
 */
export function formatSummaryTable(summary: RunSummary, pool?: PoolSpec): string {
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const head = `log Z = ${summary.logz.toFixed(3)} ± ${summary.logzErr.toFixed(3)}   (${summary.iterations} iterations, ${count(summary.calls)} calls, ESS ${count(summary.ess)}, ${summary.elapsedSeconds.toFixed(1)} s, seed ${summary.seed})`;
  const info = summary.information === undefined ? '' : `\nH = ${summary.information.toFixed(2)} ± ${(summary.informationErr ?? NaN).toFixed(2)} nats (information from prior to posterior); max ln L = ${summary.maxLikelihood === undefined ? '—' : summary.maxLikelihood.logl.toFixed(3).replace(/^-(0\.0+)$/, '$1')}`;
  const verdictLine = summary.convergence === undefined ? '' : `\n${summary.convergence.converged ? 'Converged: ' : 'NOT CONVERGED. '}${summary.convergence.summary}`;
  const c = summary.closing;
  const closingLine = c === undefined ? '' : `\nClosing sample: log Z = ${c.logz.toFixed(3)} ± ${c.logzErr.toFixed(3)}${c.lostModeErr > 0 ? ` (± ${Math.hypot(c.logzErr, c.lostModeErr).toFixed(3)} with a lost mode allowed for)` : ''} from ${count(c.draws)} draws (${count(c.calls)} calls, ESS ${count(c.ess)}, k-hat ${c.paretoShape.toFixed(2)}); ${c.used ? 'used' : c.floor ? 'its log Z used as a floor' : 'not used'}: ${c.reason}${summary.annealed === undefined ? '' : ` Anneal: ${summary.annealed.logz.toFixed(3)} ± ${summary.annealed.logzErr.toFixed(3)}.`}`;
  const runsLine = summary.runs === undefined ? '' : `\nRuns: ${summary.runs.map((r) => `${r.logz.toFixed(3)} ± ${r.logzErr.toFixed(3)}`).join(', ')}`;
  const withBest = summary.parameters.some((p) => p.maxLikelihood !== undefined);
  const header = ['parameter', 'mean', 'sd', '5%', '16%', '50%', '84%', '95%', ...(withBest ? ['max-L'] : [])];
  const rows = summary.parameters.map((p) => {
    const values = [p.mean, p.sd, p.q05, p.q16, p.q50, p.q84, p.q95, ...(withBest ? [p.maxLikelihood] : [])] as number[];
    return [`${p.name}${p.circular ? '°' : ''}`, ...values.map(rowFormat(values.filter((v) => v !== undefined), p.sd))];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  const circular = summary.parameters.filter((p) => p.circular);
  const note = circular.length === 0 ? '' : `° periodic: circular mean and sd; quantiles on the axis centred on the mean (${circular.map((p) => `${p.name} wraps at ${rangeText(p.circular!)}`).join('; ')}).\n`;
  const advice = pool === undefined || summary.time === undefined ? '' : `\n${poolAdvice(summary.time, pool, summary.samplingSeconds)}\n`;
  return `${head}${info}${closingLine}${runsLine}${verdictLine}\n\n${[header, ...rows].map(line).join('\n')}\n${note}${advice}`;
}

/** A periodic range as `[0, 2π)` when it is one, else `[low, high)` with four significant digits. */
function rangeText(range: { low: number; high: number }): string {
  const named = (v: number) => (v === 0 ? '0' : Math.abs(v - 2 * Math.PI) < 1e-12 ? '2π' : Math.abs(v - Math.PI) < 1e-12 ? 'π' : Math.abs(v + Math.PI) < 1e-12 ? '−π' : String(Number(v.toPrecision(4))));
  return `[${named(range.low)}, ${named(range.high)})`;
}
