import { Command, CommanderError } from 'commander';
import { EXIT, oneLine, reportError } from './cli-error.js';
import type { CommandIO } from './execute-run.js';
import { addCompareCommand } from './compare-command.js';
import { addInfoCommand } from './info-command.js';
import { addPlotCommand } from './plot-command.js';
import { addResumeCommand } from './resume-command.js';
import { addRunCommand } from './run-command.js';
import { cliVersion } from './version.js';

/**
 * Builds the `tempest` program (commands `run`, `resume`, `info`, `plot`, `compare`). Errors are not printed or
 * turned into exits here: commander throws (exitOverride) and {@link main} reports.
 * @param io - stdout and stderr
 * @param setExit - receives the exit code of the command that ran
 * @returns the commander program
 */
export function createProgram(io: CommandIO, setExit: (code: number) => void): Command {
  const program = new Command('tempest')
    .description('Persistent Sampling from the command line: posterior samples, evidence (log Z) and plots for a model file.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`tempest: ${oneLine(text.replace(/^error: /, ''))}\n`),
    });
  program.addHelpText('after', `
Get started:
  tempest run model.ts          sample, print the summary, write results to tempest-out/
  tempest plot tempest-out      draw a run's corner plot again (ranges, bins, smoothing, PNG)
  tempest compare runA runB     Bayes factor of two models, and both posteriors on one plot
  tempest <command> --help      options of a command

Exit codes: 0 success, 1 the run failed, 2 usage error, 130 interrupted by Ctrl-C, 143 by SIGTERM (state saved in both).
Set TEMPEST_DEBUG=1 to print stack traces with errors.`);
  addRunCommand(program, io, setExit);
  addResumeCommand(program, io, setExit);
  addInfoCommand(program, io, setExit);
  addPlotCommand(program, io, setExit);
  addCompareCommand(program, io, setExit);
  return program;
}

/**
 * Runs the `tempest` command line and returns its exit code instead of exiting, so it can be
 * called from scripts and tests.
 * @param argv - the arguments after `tempest` (e.g. `['run', 'model.ts', '--seed', '1']`)
 * @param io - stdout and stderr (default: the process's)
 * @returns 0 success, 1 the run failed, 2 usage error, 130 interrupted
 * @example
 * ```ts
 * import { main } from '@tempest/cli';
 * const code = await main(['run', 'model.ts', '--quiet', '--out', 'results']);
 * ```
 */
export async function main(argv: readonly string[], io: CommandIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportError(error, io.stderr);
  }
}
