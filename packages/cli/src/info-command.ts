import { existsSync, readdirSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { StateInfo } from '@tempest/core';
import { CliError, EXIT } from './cli-error.js';
import { describeState, type StateDescription } from './describe-state.js';
import type { CommandIO } from './execute-run.js';
import { formatSummaryTable, type RunSummary } from './run-summary.js';

/** First bytes of a Tempest state file. */
const STATE_SIGNATURE = Buffer.from([0x89, 0x54, 0x50, 0x53]);

/**
 * The text `tempest info` prints for a state file.
 * @param info - the state file's summary
 * @returns lines ending in a newline
 */
export function formatStateInfo(info: StateInfo | StateDescription): string {
  const options = Object.entries(info.options).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  const d = info as StateDescription;
  const logz = Number.isFinite(info.logz) ? info.logz.toFixed(4) : String(info.logz);
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  let ess: string | undefined;
  if (d.ess !== undefined) ess = `${count(d.ess)} at beta 1${d.nTotal === undefined ? '' : ` (target ${count(d.nTotal)}${d.ess >= d.nTotal ? ', reached' : ''})`}`;
  else if (info.iteration > 0 && info.beta < 1) ess = `counted once beta reaches 1${d.nTotal === undefined ? '' : ` (target ${count(d.nTotal)})`}`;
  return [
    `state file   ${info.path}`,
    ...(d.model === undefined ? [] : [`model        ${d.model}`]),
    `iteration    ${info.iteration}`,
    `beta         ${info.beta}`,
    `calls        ${info.calls}`,
    `log Z        ${logz}${d.logzErr === undefined ? '' : ` ± ${d.logzErr.toFixed(4)}`} (at beta ${info.beta})`,
    ...(ess === undefined ? [] : [`ESS          ${ess}`]),
    `particles    ${info.nParticles} active, ${info.storedParticles} stored${info.blobs ? ', with blobs' : ''}`,
    `nDim         ${info.nDim}`,
    `seed         ${info.seed}`,
    `options      ${options}`,
    '',
  ].join('\n');
}

/**
 * The summary.json of a run folder.
 * @param folder - a folder given to `tempest info`
 * @returns the path of its summary.json
 * @throws {CliError} (exit 2) when it has none, naming its latest state file if there is one
 */
function summaryIn(folder: string): string {
  const summary = join(folder, 'summary.json');
  if (existsSync(summary)) return summary;
  const states = join(folder, 'states');
  const latest = existsSync(states) ? readdirSync(states).filter((f) => f.endsWith('.state')).map((f) => join(states, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] : undefined;
  const hint = latest === undefined ? 'pass the output folder of a finished tempest run, its summary.json or a .state file' : `describe its latest state file instead: tempest info ${latest}`;
  throw new CliError(`${folder} is a folder without a summary.json (tempest run writes one there when a run finishes); ${hint}.`);
}

/**
 * Whether a file starts with the state-file signature (read without decoding the rest).
 * @param path - any file
 * @returns true for a Tempest state file
 * @throws the file-system error when it cannot be read
 */
export async function isStateFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.equals(STATE_SIGNATURE);
  } finally {
    await handle.close();
  }
}

/**
 * Adds `tempest info <file>`: a state file's iteration, beta, calls, log Z (with its error once
 * beta is 1), posterior ESS, particles, nDim, seed and options (read as data; no model imported),
 * or a summary.json's summary (a run's output folder means its summary.json).
 * @param program - the root command
 * @param io - stdout and stderr
 * @param setExit - receives the command's exit code
 * @returns the `info` command
 */
export function addInfoCommand(program: Command, io: CommandIO, setExit: (code: number) => void): Command {
  return program
    .command('info')
    .description('describe a state file, a summary.json or a run\'s output folder (no model is imported)')
    .argument('<file>', 'a .state file, a summary.json written by tempest run, or the output folder holding it')
    .addOption(new Option('--json', 'print JSON instead of text'))
    .addHelpText('after', `
Examples:
  tempest info tempest-out/states/ps_final.state
  tempest info tempest-out
  tempest info tempest-out/summary.json --json`)
    .action(async (file: string, options: { json?: boolean }) => {
      let path = resolve(file);
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) path = summaryIn(path);
      let state: boolean;
      try {
        state = await isStateFile(path);
      } catch (cause) {
        throw new CliError(`cannot read ${path}: ${(cause as Error).message}. Pass a .state file or a summary.json.`, EXIT.usage, { cause });
      }
      if (state) {
        const info = await describeState(path);
        io.stdout.write(options.json ? `${JSON.stringify(info, null, 2)}\n` : formatStateInfo(info));
        setExit(EXIT.ok);
        return;
      }
      let summary: RunSummary;
      try {
        summary = JSON.parse(await readFile(path, 'utf8')) as RunSummary;
      } catch {
        summary = undefined as unknown as RunSummary;
      }
      if (typeof summary !== 'object' || summary === null || typeof summary.logz !== 'number' || !Array.isArray(summary.parameters)) {
        throw new CliError(`${path} is neither a tempest state file nor a summary.json (with logz and parameters); pass a file from <out>/states/ or <out>/summary.json.`);
      }
      io.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `model        ${summary.model}\n${formatSummaryTable(summary)}`);
      setExit(EXIT.ok);
    });
}
