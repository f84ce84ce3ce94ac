import { Command, Option } from 'commander';
import { join } from 'node:path';
import type { CommandIO } from './execute-run.js';
import { drawRuns } from './draw-runs.js';
import { addPlotFlags, plotFlags } from './plot-flags.js';
import { displayPath } from './run-failure.js';
import { readRunResults } from './run-results.js';

/**
 * Adds `tempest plot <run>...`: redraws a finished run's corner plot with other settings
 * (ranges, bins, smoothing, levels, colours, PNG), or overlays several runs' posteriors, from
 * their summary.json and samples.csv (read as data; no model is imported).
 * @param program - the root command
 * @param io - stdout and stderr
 * @param setExit - receives the command's exit code
 * @returns the `plot` command
 */
export function addPlotCommand(program: Command, io: CommandIO, setExit: (code: number) => void): Command {
  const command = program
    .command('plot')
    .description('draw the corner plot of one finished run again with other settings, or of several runs overlaid (data only: no model is run)')
    .argument('<runs...>', 'output folders of finished tempest runs')
    .addOption(new Option('-o, --output <file>', 'the plot file; .svg or .png picks the format (default: <run>/corner.svg for one run, corner-overlay.svg here for several)'))
    .addOption(new Option('--labels <list>', 'legend text of each run, comma-separated (default: the folder names)'))
    .addOption(new Option('--title <text>', 'title above the plot (default none)'));
  addPlotFlags(command);
  command.addHelpText('after', `
Examples:
  tempest plot tempest-out --bins 40 --smooth 1 --plot-format svg,png
  tempest plot tempest-out --range amplitude=0:5 --levels 0.68,0.95 -o figure3.png
  tempest plot circular eccentric --labels "circular orbit,eccentric orbit" -o orbits.svg`);
  command.action(async (folders: string[], options: { output?: string; labels?: string; title?: string }, cmd: Command) => {
    const plot = plotFlags(cmd);
    const runs = folders.map(readRunResults);
    const output = options.output ?? (runs.length === 1 ? join(runs[0].folder, 'corner') : 'corner-overlay');
    const { paths } = await drawRuns(runs, {
      output, plot, formatGiven: cmd.getOptionValueSource('plotFormat') === 'cli', title: options.title ?? '',
      ...(options.labels === undefined ? {} : { legend: options.labels.split(',').map((l) => l.trim()) }),
    });
    io.stdout.write(`${paths.map(displayPath).join('\n')}\n`);
    setExit(0);
  });
  return command;
}
