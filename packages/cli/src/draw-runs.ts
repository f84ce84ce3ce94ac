import { dirname, extname, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { CliError } from './cli-error.js';
import { cornerOptions, type PlotFlags } from './plot-flags.js';
import type { RunResults } from './run-results.js';
import { writePlot } from './write-outputs.js';

/** Where `tempest plot` and `tempest compare` write, and what. */
export interface DrawRunsOptions {
  /** `--output`: the file, its extension choosing the format unless `--plot-format` does. */
  output: string;
  /** The plot flags. */
  plot: PlotFlags;
  /** Whether `--plot-format` was given (else the output's extension decides). */
  formatGiven: boolean;
  /** Figure title; empty for none. */
  title: string;
  /** `--labels`: the legend text of each run (default: the folders' names). */
  legend?: string[];
}

/**
 * Draws one run's posterior, or several overlaid on the parameters they share (by name), as a
 * corner plot, with the first run's labels, periodic ranges and truths.
 * @param runs - the runs, read as data
 * @param options - output file, plot flags, title
 * @returns the parameters drawn and the files written
 * @throws {CliError} (exit 2) when the runs share no parameter
 */
export async function drawRuns(runs: readonly RunResults[], options: DrawRunsOptions): Promise<{ names: string[]; paths: string[] }> {
  const first = runs[0];
  const names = first.names.filter((name) => runs.every((r) => r.names.includes(name)));
  if (names.length === 0) {
    throw new CliError(`the runs share no parameter name (${runs.map((r) => `${r.folder}: ${r.names.join(', ')}`).join('; ')}), so their posteriors cannot be drawn on common axes. Give the same quantity the same name in both models.`);
  }
  const at = (run: RunResults) => names.map((name) => run.names.indexOf(name));
  const j0 = at(first);
  const { cornerPlotSvg } = await import('@tempest/plot');
  const truths = first.summary.truths;
  const svg = cornerPlotSvg({
    names,
    labels: j0.map((j) => first.labels[j]),
    periodic: j0.map((j) => first.periodic[j]),
    ...(truths !== undefined ? { truths: j0.map((j) => truths[j]) } : {}),
    ...(runs.length === 1
      ? { columns: j0.map((j) => first.columns[j]), weights: first.weights }
      : { series: runs.map((run, k) => ({ columns: at(run).map((j) => run.columns[j]), weights: run.weights, label: options.legend?.[k] ?? runLabel(run) })) }),
    title: options.title,
    ...cornerOptions(options.plot, names),
  });
  const output = resolve(options.output);
  const ext = extname(output).toLowerCase();
  const formats = options.formatGiven || (ext !== '.svg' && ext !== '.png') ? options.plot.formats : [ext.slice(1) as 'svg' | 'png'];
  const base = ext === '.svg' || ext === '.png' ? output.slice(0, -ext.length) : output;
  try {
    mkdirSync(dirname(base), { recursive: true });
  } catch (error) {
    throw new CliError(`cannot create the folder of --output ${output}: ${(error as Error).message}. Pass another --output.`, 2, { cause: error });
  }
  const paths = await writePlot(dirname(base), base.slice(dirname(base).length + 1), svg, { formats });
  return { names, paths };
}

/** A run's legend text: its folder's name. */
export function runLabel(run: RunResults): string {
  return run.folder.split(/[\\/]/).filter((p) => p !== '').pop() ?? run.folder;
}
