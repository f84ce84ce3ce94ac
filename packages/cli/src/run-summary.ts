import { effectiveSampleSize, type Convergence, type Evidence, type Posterior, type Sampler } from '@tempest/core';
import { weightedSummary, type WeightedSummary } from './weighted-summary.js';

/** `summary.json`: the evidence and per-parameter posterior summary of a run. */
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
  /** Whether the run can vouch for its answer (see `results().convergence` of @tempest/core). */
  converged?: boolean;
  /** The verdict's checks and its summary (what failed and what to change). */
  convergence?: Convergence;
  /** With `--repeat` > 1: each independent run's log Z and error (the top-level ones are combined). */
  runs?: Evidence[];
  /** Kish effective sample size of the weighted posterior samples. */
  ess: number;
  /** Wall time of this command, in seconds (after `resume`: of the resumed part only). */
  elapsedSeconds: number;
  /** Time inside the sampler's iterations over the whole run, resumed parts included, in seconds. */
  samplingSeconds: number;
  /** Per parameter, in model order: its name and weighted summary. */
  parameters: (WeightedSummary & {
    /** The parameter's name. */
    name: string;
  })[];
}

/**
 * Summarises a finished run from its weighted posterior samples.
 * @param sampler - the finished sampler
 * @param posterior - its weighted samples (the ones written to samples.csv)
 * @param names - parameter names
 * @param context - version, model path and elapsed time
 * @returns the summary
 */
export function buildSummary(sampler: Sampler, posterior: Posterior, names: readonly string[], context: { tempest: string; model: string; elapsedSeconds: number }): RunSummary {
  const evidence = sampler.evidence();
  const { logz, logzErr } = evidence;
  const convergence = sampler.convergence();
  const { weights, samples } = posterior;
  return {
    tempest: context.tempest,
    model: context.model,
    nDim: sampler.options.nDim,
    nParticles: sampler.options.nParticles,
    seed: sampler.seed,
    iterations: sampler.iteration,
    calls: sampler.calls,
    logz,
    logzErr,
    ...(evidence.groupErr === undefined ? {} : { lineageErr: evidence.lineageErr, groupErr: evidence.groupErr }),
    converged: convergence.converged,
    convergence,
    ...('runs' in evidence ? { runs: (evidence as { runs: Evidence[] }).runs } : {}),
    ess: effectiveSampleSize(weights),
    elapsedSeconds: context.elapsedSeconds,
    samplingSeconds: sampler.diagnostics.reduce((total, info) => total + info.timing.total, 0) / 1000,
    parameters: names.map((name, j) => ({ name, ...weightedSummary(samples.column(j), weights) })),
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
  return (v) => (Number.isFinite(v) ? v.toFixed(digits).replace(/^-(0\.?0*)$/, '$1') : String(v));
}

/**
 * The summary as a plain-text table for the terminal.
 * @param summary - a run summary
 * @returns lines ending in a newline
 * @example
 * ```text
 * log Z = -4.605 ± 0.021   (14 iterations, 12,800 calls, ESS 1,045, 1.3 s, seed 42)
 * Converged: No sign of non-convergence.
 *
 * parameter    mean     sd      5%     50%    95%
 * x0         0.001  0.999  -1.642   0.003  1.648
 * ```
 */
export function formatSummaryTable(summary: RunSummary): string {
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const head = `log Z = ${summary.logz.toFixed(3)} ± ${summary.logzErr.toFixed(3)}   (${summary.iterations} iterations, ${count(summary.calls)} calls, ESS ${count(summary.ess)}, ${summary.elapsedSeconds.toFixed(1)} s, seed ${summary.seed})`;
  const verdictLine = summary.convergence === undefined ? '' : `\n${summary.convergence.converged ? 'Converged: ' : 'NOT CONVERGED. '}${summary.convergence.summary}`;
  const runsLine = summary.runs === undefined ? '' : `\nRuns: ${summary.runs.map((r) => `${r.logz.toFixed(3)} ± ${r.logzErr.toFixed(3)}`).join(', ')}`;
  const header = ['parameter', 'mean', 'sd', '5%', '50%', '95%'];
  const rows = summary.parameters.map((p) => {
    const values = [p.mean, p.sd, p.q05, p.q50, p.q95];
    return [p.name, ...values.map(rowFormat(values, p.sd))];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  return `${head}${runsLine}${verdictLine}\n\n${[header, ...rows].map(line).join('\n')}\n`;
}
