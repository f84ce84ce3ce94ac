import type { Posterior, Sampler } from '@tempest/core';
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
  const { logz, logzErr } = sampler.evidence();
  const { weights, samples } = posterior;
  let squares = 0;
  for (let i = 0; i < weights.length; i++) squares += weights[i] * weights[i];
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
    ess: 1 / squares,
    elapsedSeconds: context.elapsedSeconds,
    samplingSeconds: sampler.diagnostics.reduce((total, info) => total + info.timing.total, 0) / 1000,
    parameters: names.map((name, j) => ({ name, ...weightedSummary(samples.column(j), weights) })),
  };
}

/** Four significant digits, as a table cell. */
function cell(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(3) : v.toPrecision(4);
}

/**
 * The summary as a plain-text table for the terminal.
 * @param summary - a run summary
 * @returns lines ending in a newline
 * @example
 * ```text
 * log Z = -4.605 ± 0.021   (14 iterations, 12,800 calls, ESS 1,045, 1.3 s, seed 42)
 *
 * parameter    mean      sd      5%     50%     95%
 * x0        0.0012  0.9987  -1.642  0.0031   1.648
 * ```
 */
export function formatSummaryTable(summary: RunSummary): string {
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const head = `log Z = ${summary.logz.toFixed(3)} ± ${summary.logzErr.toFixed(3)}   (${summary.iterations} iterations, ${count(summary.calls)} calls, ESS ${count(summary.ess)}, ${summary.elapsedSeconds.toFixed(1)} s, seed ${summary.seed})`;
  const header = ['parameter', 'mean', 'sd', '5%', '50%', '95%'];
  const rows = summary.parameters.map((p) => [p.name, cell(p.mean), cell(p.sd), cell(p.q05), cell(p.q50), cell(p.q95)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  return `${head}\n\n${[header, ...rows].map(line).join('\n')}\n`;
}
