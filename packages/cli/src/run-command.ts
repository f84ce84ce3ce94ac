import { Command, Option } from 'commander';
import type { CommandIO } from './execute-run.js';
import { executeRun } from './execute-run.js';
import { loadModel } from './load-model.js';
import { checkOutFolder, clearEarlierRun } from './out-folder.js';
import { addOutputFlags, outputFlags } from './output-flags.js';
import { addSamplerFlags, parseFlagValue, samplerOptionsFromFlags } from './sampler-flags.js';

/** `--n-total` default: the posterior ESS the run stops at. */
export const DEFAULT_N_TOTAL = 4096;

/**
 * Adds `tempest run <model>` to the program.
 * @param program - the root command
 * @param io - stdout and stderr
 * @param setExit - receives the command's exit code
 * @returns the `run` command
 */
export function addRunCommand(program: Command, io: CommandIO, setExit: (code: number) => void): Command {
  const command = program
    .command('run')
    .description('run Persistent Sampling on a model file and write the summary, samples and plots')
    .argument('<model>', 'a .js, .mjs, .cjs, .ts, .mts or .cts file exporting priorTransform, logLikelihood and nDim')
    .addOption(new Option('--n-total <n>', `posterior ESS to reach before stopping (default ${DEFAULT_N_TOTAL})`));
  addSamplerFlags(command);
  addOutputFlags(command, 'tempest-out');
  command.addHelpText('after', `
Examples:
  tempest run model.ts
  tempest run model.mjs --n-particles 512 --seed 42 --pool threads:4 --out results
  mpirun -n 4 tempest run model.ts --pool mpi

Outputs in --out: summary.json, samples.csv (weighted), samples-equal.csv (equal weights), iterations.csv, run.json, corner.svg, diagnostics.svg (and .png with --plot-format svg,png).
An --out holding an earlier run is refused; --force replaces that run's files.
Exit codes: 0 success, 1 the run failed, 2 usage error, 130 interrupted by Ctrl-C, 143 by SIGTERM (state saved in both).`);
  command.action(async (modelPath: string, _options: unknown, cmd: Command) => {
    // Flags first: a bad value is reported without importing the model.
    const flags = outputFlags(cmd);
    const fromFlags = samplerOptionsFromFlags(cmd);
    const raw = cmd.opts<{ nTotal?: string }>().nTotal;
    const nTotal = raw === undefined ? DEFAULT_N_TOTAL : (parseFlagValue('--n-total', 'count', raw) as number);
    const out = checkOutFolder(flags.out ?? 'tempest-out', { given: flags.out !== undefined, force: flags.force });
    const model = await loadModel(modelPath);
    // Only now, with the flags and the model checked: a typo must not cost the earlier run.
    clearEarlierRun(out);
    setExit(await executeRun({
      model,
      options: { ...model.options, ...fromFlags },
      nTotal,
      pool: flags.pool ?? { kind: 'serial' },
      out: out.path,
      saveEvery: flags.saveEvery,
      ...(flags.keepStates === undefined ? {} : { keepStates: flags.keepStates }),
      ...(flags.taskTimeout === undefined ? {} : { taskTimeout: flags.taskTimeout }),
      plots: flags.plots,
      plot: flags.plot,
      plotTitle: flags.plotTitle,
      quiet: flags.quiet,
      json: flags.json,
      progress: flags.progress,
      command: process.argv.slice(1),
    }, io));
  });
  return command;
}
