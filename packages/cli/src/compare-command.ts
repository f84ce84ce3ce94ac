import { Command, Option } from 'commander';
import { CliError } from './cli-error.js';
import type { CommandIO } from './execute-run.js';
import { drawRuns, runLabel } from './draw-runs.js';
import { addPlotFlags, plotFlags } from './plot-flags.js';
import { displayPath } from './run-failure.js';
import { readRunResults, type RunResults } from './run-results.js';

/** The Bayes factor of one run against the first, with its error. */
export interface BayesFactor {
  /** The run's folder (the numerator). */
  run: string;
  /** The first run's folder (the denominator). */
  against: string;
  /** ln B = ln Z(run) − ln Z(against). */
  lnB: number;
  /** Its standard error: the two runs' errors in quadrature (independent runs). */
  lnBErr: number;
}

/**
 * The Bayes factors of each run after the first against the first.
 * @param runs - two or more finished runs
 * @returns ln B and its error per run
 */
export function bayesFactors(runs: readonly RunResults[]): BayesFactor[] {
  const [first, ...rest] = runs;
  return rest.map((run) => ({
    run: run.folder,
    against: first.folder,
    lnB: run.summary.logz - first.summary.logz,
    lnBErr: Math.hypot(run.summary.logzErr, first.summary.logzErr),
  }));
}

/**
 * Adds `tempest compare <runA> <runB>...`: the Bayes factor of each run against the first (ln B
 * with its error, the runs' errors in quadrature) and one corner plot with every posterior on the
 * parameters they share. Reads summary.json and samples.csv as data; no model is imported.
 * @param program - the root command
 * @param io - stdout and stderr
 * @param setExit - receives the command's exit code
 * @returns the `compare` command
 */
export function addCompareCommand(program: Command, io: CommandIO, setExit: (code: number) => void): Command {
  const command = program
    .command('compare')
    .description('compare finished runs of two or more models: the Bayes factor with its error, and their posteriors on one corner plot')
    .argument('<runs...>', 'output folders of finished tempest runs (the first is the reference)')
    .addOption(new Option('-o, --output <file>', 'the overlay plot; .svg or .png picks the format (default compare.svg)'))
    .addOption(new Option('--labels <list>', 'names of the models, comma-separated (default: the folder names)'))
    .addOption(new Option('--title <text>', 'title above the plot (default none)'))
    .addOption(new Option('--no-plots', 'print the Bayes factors only'))
    .addOption(new Option('--json', 'print the Bayes factors as JSON'));
  addPlotFlags(command);
  command.addHelpText('after', `
ln B = ln Z(run) − ln Z(first run), its error the two runs' errors in quadrature (the runs are independent).
ln B > 0 favours the run over the first; B = e^(ln B) is the ratio of the models' evidence.

Examples:
  tempest compare circular eccentric
  tempest compare one-planet two-planets --labels "1 planet,2 planets" -o compare.png`);
  command.action(async (folders: string[], options: { output?: string; labels?: string; title?: string; plots?: boolean; json?: boolean }, cmd: Command) => {
    if (folders.length < 2) throw new CliError(`tempest compare needs two or more run folders; got ${folders.length}. For one run, tempest plot redraws its corner plot.`);
    const plot = plotFlags(cmd);
    const runs = folders.map(readRunResults);
    const legend = options.labels === undefined ? runs.map(runLabel) : options.labels.split(',').map((l) => l.trim());
    if (legend.length !== runs.length) throw new CliError(`--labels must name each of the ${runs.length} runs; got ${legend.length} (${JSON.stringify(options.labels)}).`);
    const factors = bayesFactors(runs);
    let drawn: { names: string[]; paths: string[] } | undefined;
    if (options.plots !== false) {
      drawn = await drawRuns(runs, { output: options.output ?? 'compare', plot, formatGiven: cmd.getOptionValueSource('plotFormat') === 'cli', title: options.title ?? '', legend });
    }
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ runs: runs.map((r, k) => ({ run: r.folder, label: legend[k], logz: r.summary.logz, logzErr: r.summary.logzErr })), bayesFactors: factors, ...(drawn ? { plot: drawn.paths } : {}) }, null, 2)}\n`);
    } else {
      const width = Math.max(...legend.map((l) => l.length));
      const lines = runs.map((r, k) => `${legend[k].padEnd(width)}  log Z = ${r.summary.logz.toFixed(3)} ± ${r.summary.logzErr.toFixed(3)}   (${displayPath(r.folder)})`);
      for (const [k, f] of factors.entries()) {
        const favoured = f.lnB >= 0 ? legend[k + 1] : legend[0];
        lines.push(`ln B(${legend[k + 1]} / ${legend[0]}) = ${f.lnB.toFixed(3)} ± ${f.lnBErr.toFixed(3)}   (B = ${formatB(f.lnB)}: ${favoured} favoured${Math.abs(f.lnB) < 2 * f.lnBErr ? ', but within 2 errors of no preference' : ''})`);
      }
      if (drawn) lines.push(`Posteriors of ${drawn.names.join(', ')} on one corner plot: ${drawn.paths.map(displayPath).join(', ')}`);
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    setExit(0);
  });
  return command;
}

/** e^lnB with three significant digits, in exponent form beyond 10^±4. */
function formatB(lnB: number): string {
  const b = Math.exp(lnB);
  return Math.abs(lnB) > 9.2 ? b.toExponential(2) : b.toPrecision(3);
}
