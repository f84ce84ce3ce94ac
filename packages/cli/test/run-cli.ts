// Runs the real `tempest` binary (from source, through tsx) in a child process, so argv, exit
// codes, stdout and stderr are exactly what a user gets.
import { parse as parseCsvText } from 'csv-parse/sync';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
export const nodeArgs = ['--conditions=@tempest/source', '--import', 'tsx', bin];

/** A fresh temporary folder. */
export const tempDir = (prefix = 'tempest-cli-') => mkdtempSync(join(tmpdir(), prefix));

/** How a command ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `tempest <args>`.
 * @param args - arguments after `tempest`
 * @param env - extra environment
 * @returns the child process
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', TEMPEST_DEBUG: '', ...env },
  });
}

/**
 * Waits for a started command to end.
 * @param child - from {@link startCli}
 * @param timeoutMs - hard limit, after which the child is killed
 * @returns exit code, signal and output
 */
export function finish(child: ChildProcess, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Runs `tempest <args>` to the end.
 * @param args - arguments after `tempest`
 * @param env - extra environment
 * @returns exit code and output
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return finish(startCli(args, env));
}

/**
 * Parses a CSV file without quoted line breaks (what samples.csv and iterations.csv contain).
 * @param text - the file
 * @returns header and rows of fields (quotes removed)
 */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records = parseCsvText(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  return { header: records[0] ?? [], rows: records.slice(1) };
}
