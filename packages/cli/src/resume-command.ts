import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { optionsBeyondFileLimits, readStateInfo } from '@tempest/core';
import { CliError } from './cli-error.js';
import type { CommandIO } from './execute-run.js';
import { executeRun } from './execute-run.js';
import { isStateFile } from './info-command.js';
import { loadModel } from './load-model.js';
import { addOutputFlags, outputFlags } from './output-flags.js';
import { checkOutFolder, clearEarlierRun } from './out-folder.js';
import { earlierModelVersions, optionsFromState, readRunRecord, runFolderOf } from './run-record.js';
import { DEFAULT_N_TOTAL } from './run-command.js';
import { parseFlagValue } from './sampler-flags.js';

/**
 * Adds `tempest resume <state-file>` to the program: continues a run from a state file with the
 * options recorded in its run.json (or, for a state saved from code, which has none, with the
 * options and seed recorded in the state file and the model given by `--model`), and writes the
 * same outputs.
 * @param program - the root command
 * @param io - stdout and stderr
 * @param setExit - receives the command's exit code
 * @returns the `resume` command
 */
export function addResumeCommand(program: Command, io: CommandIO, setExit: (code: number) => void): Command {
  const command = program
    .command('resume')
    .description('continue a run from a state file (written by --save-every, Ctrl-C or a failed run)')
    .argument('<state-file>', 'a .state file from <out>/states/ of a tempest run')
    .addOption(new Option('--model <path>', 'model file to use instead of the one recorded in run.json (e.g. after fixing it); required when there is no run.json'))
    .addOption(new Option('--n-total <n>', `posterior ESS to reach (default: the run's, or ${DEFAULT_N_TOTAL} without run.json); raise it to extend a finished run`))
    .addOption(new Option('--allow-large-options', 'take options above the limits for values read from files (nParticles > 2^20, nSteps > 1000, nTotal > 2^24, ...) from run.json or the state file: only for a run that really used them'));
  addOutputFlags(command, 'the run\'s folder, or tempest-out without run.json');
  command.addHelpText('after', `
The run's options, seed and target ESS (unless --n-total) come from run.json in the run's folder (the parent of states/).
A state saved from code (sampler.run({ saveEvery })) has no run.json: give its model with --model; the options and seed come from the state file.
Security: run.json names the model file, and resume imports and runs it (printing its path first). A results
folder from someone else is therefore code: resume only folders you trust, or pass --model with a model you
have checked. (tempest info reads state files as data only.)
Examples:
  tempest resume tempest-out/states/ps_20.state
  tempest resume tempest-out/states/ps_final.state --n-total 20000   (more samples from a finished run)
  tempest resume states/ps_10.state --model model.ts --out results   (a state saved from code)`);
  command.action(async (stateFile: string, _options: unknown, cmd: Command) => {
    const flags = outputFlags(cmd);
    const statePath = resolve(stateFile);
    if (!existsSync(statePath)) throw new CliError(`state file not found: ${statePath}. Pass a .state file from the states/ folder of a run.`);
    if (!(await isStateFile(statePath))) throw new CliError(`${statePath} is not a tempest state file; pass a .state file from the states/ folder of a run (tempest info describes a file).`);
    const { model: modelOverride, nTotal: nTotalRaw, allowLargeOptions } = cmd.opts<{ model?: string; nTotal?: string; allowLargeOptions?: boolean }>();
    const nTotalFlag = nTotalRaw === undefined ? undefined : (parseFlagValue('--n-total', 'count', nTotalRaw) as number);
    const folder = runFolderOf(statePath);
    const record = await readRunRecord(folder);
    if (record === undefined && modelOverride === undefined) {
      throw new CliError(`${join(folder, 'run.json')} not found, so the model of ${statePath} is unknown (a state saved from code, by sampler.run({ saveEvery }), has no run.json). Pass the model with --model <file>; the options and seed come from the state file.`);
    }
    const options = record?.options ?? optionsFromState(await readStateInfo(statePath));
    const nTotal = nTotalFlag ?? record?.nTotal ?? DEFAULT_N_TOTAL;
    if (allowLargeOptions !== true) refuseLargeOptions({ ...options, ...(nTotalFlag === undefined ? { nTotal } : {}) }, record === undefined ? statePath : join(folder, 'run.json'));
    // The run's own folder holds this run: only another one's outputs are refused without --force.
    const out = checkOutFolder(flags.out ?? (record === undefined ? 'tempest-out' : folder), { given: flags.out !== undefined, force: flags.force, continuing: folder });
    if (modelOverride === undefined && !flags.quiet) {
      // run.json is data, but the model it names is code: say which file is about to run.
      io.stderr.write(`tempest: resuming with the model file that ${join(folder, 'run.json')} names: ${resolve(record!.model)} (it is imported and runs as code; resume only results you trust).\n`);
    }
    const model = await loadModel(modelOverride ?? record!.model);
    clearEarlierRun(out);
    // Warnings about what the results mean are printed even with --quiet, and on every later resume
    // too (run.json keeps the earlier versions), since the samples mix model versions.
    const earlier = record === undefined ? [] : earlierModelVersions(record, model.sha256);
    if (record !== undefined && modelOverride === undefined && model.sha256 !== record.modelSha256) {
      io.stderr.write(`tempest: warning: ${model.path} changed since the run started (SHA-256 differs); resuming with the file as it is now, so the results mix model versions.\n`);
    } else if (earlier.length > 0) {
      io.stderr.write(`tempest: warning: earlier iterations of this run used ${earlier.length === 1 ? 'another version' : `${earlier.length} other versions`} of the model than ${model.path} as it is now (SHA-256 differs); the results mix model versions.\n`);
    }
    setExit(await executeRun({
      model,
      options,
      nTotal,
      pool: flags.pool ?? { kind: 'serial' },
      out: out.path,
      saveEvery: flags.saveEvery ?? record?.saveEvery ?? undefined,
      ...(flags.keepStates === undefined ? {} : { keepStates: flags.keepStates }),
      ...(flags.taskTimeout === undefined ? {} : { taskTimeout: flags.taskTimeout }),
      plots: flags.plots,
      plot: flags.plot,
      plotTitle: flags.plotTitle,
      quiet: flags.quiet,
      json: flags.json,
      progress: flags.progress,
      resumeStatePath: statePath,
      ...(earlier.length > 0 ? { earlierModelSha256: earlier } : {}),
      command: process.argv.slice(1),
    }, io));
  });
  return command;
}

/**
 * Refuses options read from a file (run.json or the state file) above their file limits
 * (`optionsBeyondFileLimits`): a damaged or crafted file must not make a resumed run exhaust the
 * memory or never end. The message names each option, its value, its limit and the flag to
 * override it.
 * @param options - the options and target ESS the resumed run would use
 * @param source - the file they come from
 * @throws {CliError} (exit 2) listing every option above its limit
 */
function refuseLargeOptions(options: Record<string, unknown>, source: string): void {
  const beyond = optionsBeyondFileLimits(options);
  if (beyond.length === 0) return;
  const problems = beyond.map(({ option, value, limit }) =>
    `${option} = ${value} is above ${limit}, the largest value tempest resume takes from a file unless told to (a damaged or crafted file could otherwise exhaust the memory or never finish). ${option === 'nTotal' ? 'Set the target yourself with --n-total <n>, or, if' : 'If'} the run really used it, add --allow-large-options.`);
  throw CliError.list(source, problems);
}
