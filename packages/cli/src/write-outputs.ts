import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, type IterationInfo, type Posterior } from '@tempest/core';
import { isFileSystemError, writeFailure } from './run-failure.js';
import type { RunSummary } from './run-summary.js';

/** Everything written to the output folder at the end of a run. */
export interface RunOutputs {
  summary: RunSummary;
  names: readonly string[];
  posterior: Posterior;
  iterations: readonly IterationInfo[];
  truths?: readonly number[];
  /** Write corner.svg and diagnostics.svg. */
  plots: boolean;
  /** Plot title (the model's file name, or `--plot-title`); empty for none. */
  title: string;
  /** The run's ESS target (`nTotal`), marked in the diagnostics plot. */
  essTarget?: number;
}

/** Columns of iterations.csv: the IterationInfo fields, timing in milliseconds. */
export const ITERATION_COLUMNS = [
  'iteration', 'calls', 'beta', 'ess', 'logz', 'meanLogl', 'acceptance', 'steps', 'efficiency', 'K', 'cv',
  'reweightMs', 'reweightSteps', 'trainMs', 'mutateMs', 'likelihoodMs', 'totalMs', 'correlation', 'capped', 'loglGain', 'loglGainError',
] as const;

/**
 * Quotes a CSV field when it needs it (RFC 4180).
 * @param text - the field
 * @returns the field as written
 */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * samples.csv: `<names...>,weight,logl[,blob]`, one row per weighted sample, numbers at full
 * precision (JavaScript's shortest round-trip form), blobs as JSON text.
 * @param names - parameter names
 * @param posterior - weighted samples
 * @returns the file's text
 */
export function samplesCsv(names: readonly string[], posterior: Posterior): string {
  const { samples, weights, logl, blobs } = posterior;
  const withBlobs = blobs !== undefined && blobs.some((b) => b !== undefined);
  const header = [...names.map(csvField), 'weight', 'logl', ...(withBlobs ? ['blob'] : [])].join(',');
  const lines = [header];
  for (let i = 0; i < weights.length; i++) {
    const row = Array.from(samples.row(i), String);
    row.push(String(weights[i]), String(logl[i]));
    if (withBlobs) row.push(csvField(JSON.stringify(blobs![i]) ?? ''));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * iterations.csv: one row per iteration.
 * @param iterations - the run's diagnostics
 * @returns the file's text
 */
export function iterationsCsv(iterations: readonly IterationInfo[]): string {
  const lines: string[] = [ITERATION_COLUMNS.join(',')];
  for (const i of iterations) {
    const t = i.timing;
    lines.push([i.iteration, i.calls, i.beta, i.ess, i.logz, i.meanLogl, i.acceptance, i.steps, i.efficiency, i.K, i.cv, t.reweight, t.reweightSteps, t.train, t.mutate, t.likelihood, t.total, i.correlation, i.capped ? 1 : 0, i.loglGain, i.loglGainError].map(String).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes summary.json, samples.csv, iterations.csv and (unless disabled) corner.svg and
 * diagnostics.svg to the output folder (run.json is written when the run starts).
 * @param out - the output folder (created if needed)
 * @param outputs - what to write
 * @returns the paths written
 * @throws {CliError} (exit 1) naming the file that could not be written and why; a refused
 *   link (`INVALID_ARGUMENT`) or the plotting error as thrown
 */
export async function writeOutputs(out: string, outputs: RunOutputs): Promise<string[]> {
  await mkdir(out, { recursive: true });
  const paths: string[] = [];
  const write = async (name: string, text: string) => {
    const path = join(out, name);
    // Atomic, and never through a symbolic link planted at the file's name.
    try {
      await writeFileAtomic(path, new TextEncoder().encode(text));
    } catch (error) {
      throw isFileSystemError(error) ? writeFailure(path, error) : error;
    }
    paths.push(path);
  };
  // Data first: if plotting fails, the numbers are already on disk.
  await write('summary.json', `${JSON.stringify(outputs.summary, null, 2)}\n`);
  await write('samples.csv', samplesCsv(outputs.names, outputs.posterior));
  await write('iterations.csv', iterationsCsv(outputs.iterations));
  if (outputs.plots) {
    // Loaded on demand: the plotting library is the heaviest part of the command's start-up.
    const { cornerPlotSvg, diagnosticsPlotSvg } = await import('./plots/index.js');
    const { samples, weights } = outputs.posterior;
    await write('corner.svg', cornerPlotSvg({ names: outputs.names, columns: samples.columns(), weights, ...(outputs.truths ? { truths: outputs.truths } : {}), title: outputs.title }));
    await write('diagnostics.svg', diagnosticsPlotSvg(outputs.iterations, { title: outputs.title, ...(outputs.essTarget === undefined ? {} : { essTarget: outputs.essTarget }) }));
  }
  return paths;
}
