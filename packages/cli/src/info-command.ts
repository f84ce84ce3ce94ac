import { open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { readStateInfo, type StateInfo } from '@tempest/core';
import { CliError, EXIT } from './cli-error.js';
import type { CommandIO } from './execute-run.js';
import { formatSummaryTable, type RunSummary } from './run-summary.js';

/** First bytes of a Tempest state file. */
const STATE_SIGNATURE = Buffer.from([0x89, 0x54, 0x50, 0x53]);

/**
 * The text `tempest info` prints for a state file.
 * @param info - the state file's summary
 * @returns lines ending in a newline
 */
export function formatStateInfo(info: StateInfo): string {
  const options = Object.entries(info.options).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  return [
    `state file   ${info.path}`,
    `iteration    ${info.iteration}`,
    `beta         ${info.beta}`,
    `calls        ${info.calls}`,
    `log Z        ${Number.isFinite(info.logz) ? info.logz.toFixed(4) : String(info.logz)} (at beta ${info.beta})`,
    `particles    ${info.nParticles} active, ${info.storedParticles} stored${info.blobs ? ', with blobs' : ''}`,
    `nDim         ${info.nDim}`,
    `seed         ${info.seed}`,
    `options      ${options}`,
    '',
  ].join('\n');
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
 * Adds `tempest info <file>`: a state file's iteration, beta, calls, log Z, particles, nDim, seed
 * and options (read as data; no model imported), or a summary.json's summary.
 * @param program - the root command
 * @param io - stdout and stderr
 * @param setExit - receives the command's exit code
 * @returns the `info` command
 */
export function addInfoCommand(program: Command, io: CommandIO, setExit: (code: number) => void): Command {
  return program
    .command('info')
    .description('describe a state file or a summary.json (no model is imported)')
    .argument('<file>', 'a .state file or a summary.json written by tempest run')
    .addOption(new Option('--json', 'print JSON instead of text'))
    .addHelpText('after', `
Examples:
  tempest info tempest-out/states/ps_final.state
  tempest info tempest-out/summary.json --json`)
    .action(async (file: string, options: { json?: boolean }) => {
      const path = resolve(file);
      let state: boolean;
      try {
        state = await isStateFile(path);
      } catch (cause) {
        throw new CliError(`cannot read ${path}: ${(cause as Error).message}. Pass a .state file or a summary.json.`, EXIT.usage, { cause });
      }
      if (state) {
        const info = await readStateInfo(path);
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
