import { join } from 'node:path';
import { writeFileAtomic, type IterationInfo, type PeriodicRange, type Posterior } from '@tempest/core';
import { cornerOptions, type PlotFlags } from './plot-flags.js';
import { isFileSystemError, writeFailure } from './run-failure.js';
import type { RunSummary } from './run-summary.js';

/** Everything written to the output folder at the end of a run. */
export interface RunOutputs {
  summary: RunSummary;
  /** Parameter names: samples files' columns. */
  names: readonly string[];
  /** Parameter labels (TeX): what the plots draw. */
  labels: readonly string[];
  /** Per parameter, the range of a periodic one (its corner axis is recentred on the circular mean). */
  periodic: readonly (PeriodicRange | undefined)[];
  /** Weighted samples (samples.csv). */
  posterior: Posterior;
  /** The same resampled to equal weights (samples-equal.csv). */
  equalWeights: Posterior;
  iterations: readonly IterationInfo[];
  truths?: readonly number[];
  /** Write the corner and diagnostics plots. */
  plots: boolean;
  /** The corner-plot flags and image formats. */
  plot: PlotFlags;
  /** Plot title (the model's file name, or `--plot-title`); empty for none. */
  title: string;
  /** The run's ESS target (`nTotal`), marked in the diagnostics plot. */
  essTarget?: number;
  /** The ESS the run ended with (the diagnostics plot's last ESS point). */
  finalEss?: number;
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
 * samples.csv: `<names...>,weight,logl[,blob]`, one row per weighted sample; or, with
 * `equalWeights`, samples-equal.csv: `<names...>,logl[,blob]`, one row per equal-weight draw.
 * Numbers at full precision (JavaScript's shortest round-trip form), blobs as JSON text. The
 * names never collide with the other columns: `weight`, `logl` and `blob` are refused as
 * parameter names when the model is loaded.
 * @param names - parameter names
 * @param posterior - weighted samples (or equal-weight draws)
 * @param equalWeights - leave the weight column out (every draw weighs the same)
 * @returns the file's text
 */
export function samplesCsv(names: readonly string[], posterior: Posterior, equalWeights = false): string {
  const { samples, weights, logl, blobs } = posterior;
  const withBlobs = blobs !== undefined && blobs.some((b) => b !== undefined);
  const header = [...names.map(csvField), ...(equalWeights ? [] : ['weight']), 'logl', ...(withBlobs ? ['blob'] : [])].join(',');
  const lines = [header];
  for (let i = 0; i < weights.length; i++) {
    const row = Array.from(samples.row(i), String);
    if (!equalWeights) row.push(String(weights[i]));
    row.push(String(logl[i]));
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
 * Writes an output file atomically, never through a symbolic link planted at its name.
 * @param path - the file
 * @param content - its text or bytes
 * @throws {CliError} (exit 1) naming the file and why it could not be written
 */
export async function writeOutput(path: string, content: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  } catch (error) {
    throw isFileSystemError(error) ? writeFailure(path, error) : error;
  }
}

/**
 * Writes a plot in each format asked for: `<base>.svg` and/or `<base>.png` (rendered by resvg).
 * @param folder - where
 * @param base - the file name without extension
 * @param svg - the plot
 * @param plot - the formats
 * @returns the paths written
 */
export async function writePlot(folder: string, base: string, svg: string, plot: Pick<PlotFlags, 'formats'>): Promise<string[]> {
  const paths: string[] = [];
  for (const format of plot.formats) {
    const path = join(folder, `${base}.${format}`);
    if (format === 'svg') await writeOutput(path, svg);
    else {
      const { svgToPng } = await import('@tempest/plot');
      await writeOutput(path, svgToPng(svg));
    }
    paths.push(path);
  }
  return paths;
}

/**
 * Writes summary.json, samples.csv, samples-equal.csv, iterations.csv and (unless disabled) the
 * corner and diagnostics plots to the output folder, which exists (run.json is written when the
 * run starts).
 * @param out - the output folder
 * @param outputs - what to write
 * @returns the paths written
 * @throws {CliError} (exit 1) naming the file that could not be written and why; a refused
 *   link (`INVALID_ARGUMENT`) or the plotting error as thrown
 */
export async function writeOutputs(out: string, outputs: RunOutputs): Promise<string[]> {
  const paths: string[] = [];
  const write = async (name: string, text: string) => {
    await writeOutput(join(out, name), text);
    paths.push(join(out, name));
  };
  // Data first: if plotting fails, the numbers are already on disk.
  await write('summary.json', `${JSON.stringify(outputs.summary, null, 2)}\n`);
  await write('samples.csv', samplesCsv(outputs.names, outputs.posterior));
  await write('samples-equal.csv', samplesCsv(outputs.names, outputs.equalWeights, true));
  await write('iterations.csv', iterationsCsv(outputs.iterations));
  if (outputs.plots) {
    // Loaded on demand: the plotting library is the heaviest part of the command's start-up.
    const { cornerPlotSvg, diagnosticsPlotSvg } = await import('@tempest/plot');
    const { samples, weights } = outputs.posterior;
    const corner = cornerPlotSvg({
      names: outputs.names, labels: outputs.labels, columns: samples.columns(), weights, periodic: outputs.periodic,
      ...(outputs.truths ? { truths: outputs.truths } : {}), title: outputs.title, ...cornerOptions(outputs.plot, outputs.names),
    });
    paths.push(...(await writePlot(out, 'corner', corner, outputs.plot)));
    const diagnostics = diagnosticsPlotSvg(outputs.iterations, {
      title: outputs.title, ...(outputs.essTarget === undefined ? {} : { essTarget: outputs.essTarget }), ...(outputs.finalEss === undefined ? {} : { finalEss: outputs.finalEss }),
    });
    paths.push(...(await writePlot(out, 'diagnostics', diagnostics, outputs.plot)));
  }
  return paths;
}
