import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PeriodicRange } from '@tempest/core';
import { CliError } from './cli-error.js';
import type { RunSummary } from './run-summary.js';

/** A finished run as `tempest plot` and `tempest compare` read it: data only, no model imported. */
export interface RunResults {
  /** The run's folder. */
  folder: string;
  /** Its summary.json. */
  summary: RunSummary;
  /** Parameter names (samples.csv's columns). */
  names: string[];
  /** Plot labels (summary.json's, else the names). */
  labels: string[];
  /** Per parameter, the range of a periodic one. */
  periodic: (PeriodicRange | undefined)[];
  /** One column of samples per parameter. */
  columns: Float64Array[];
  /** Their weights. */
  weights: Float64Array;
}

/**
 * Reads a finished run's summary.json and samples.csv (as data: numbers and names only).
 * @param folder - the run's output folder
 * @returns its results
 * @throws {CliError} (exit 2) naming the folder or file that is missing or malformed, and the fix
 */
export function readRunResults(folder: string): RunResults {
  const path = resolve(folder);
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`${path} is not a folder; pass the output folder of a finished tempest run (the --out of tempest run).`);
  const read = (name: string) => {
    try {
      return readFileSync(join(path, name), 'utf8');
    } catch (error) {
      throw new CliError(`${join(path, name)} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass the output folder of a finished tempest run, which holds summary.json and samples.csv.`, 2, { cause: error });
    }
  };
  let summary: RunSummary;
  try {
    summary = JSON.parse(read('summary.json')) as RunSummary;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${join(path, 'summary.json')} is not valid JSON (${(error as Error).message}); pass the output folder of a finished tempest run.`, 2, { cause: error });
  }
  if (typeof summary?.logz !== 'number' || !Array.isArray(summary.parameters)) throw new CliError(`${join(path, 'summary.json')} is not a tempest summary (logz and parameters); pass the output folder of a finished tempest run.`);
  const lines = read('samples.csv').split('\n').filter((l) => l !== '');
  const header = csvFields(lines[0] ?? '');
  const weightAt = header.indexOf('weight');
  const names = header.slice(0, weightAt);
  if (weightAt < 1 || names.some((n, j) => n !== summary.parameters[j]?.name)) {
    throw new CliError(`${join(path, 'samples.csv')} does not match summary.json (header ${JSON.stringify(header.slice(0, 8))}, parameters ${JSON.stringify(summary.parameters.map((p) => p.name))}); the files come from different runs. Run tempest run again.`);
  }
  const n = lines.length - 1;
  const columns = names.map(() => new Float64Array(n));
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Only the leading numeric fields: a blob column (quoted JSON) comes after the weight.
    const fields = lines[i + 1].split(',', weightAt + 1);
    for (let j = 0; j < names.length; j++) columns[j][i] = Number(fields[j]);
    weights[i] = Number(fields[weightAt]);
    if (!columns.every((c) => Number.isFinite(c[i])) || !(weights[i] >= 0)) throw new CliError(`${join(path, 'samples.csv')} line ${i + 2} is not a row of numbers (${JSON.stringify(lines[i + 1].slice(0, 80))}); the file is damaged. Run tempest run again.`);
  }
  return {
    folder: path,
    summary,
    names,
    labels: summary.parameters.map((p) => p.label ?? p.name),
    periodic: summary.parameters.map((p) => (p.circular ? { low: p.circular.low, high: p.circular.high } : undefined)),
    columns,
    weights,
  };
}

/** The fields of one CSV line (RFC 4180 quoting; the header's names may be quoted). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(field), (field = '');
    else field += c;
  }
  out.push(field);
  return out;
}
