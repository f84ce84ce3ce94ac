import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
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
  let records: string[][];
  try {
    // A blob column (quoted JSON) may follow the weight; rows keep their own field counts.
    records = parseCsv(read('samples.csv'), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${join(path, 'samples.csv')} is not a CSV file (${(error as Error).message}); the file is damaged. Run tempest run again.`, 2, { cause: error });
  }
  const header = records[0] ?? [];
  const weightAt = header.indexOf('weight');
  const names = header.slice(0, weightAt);
  if (weightAt < 1 || names.some((n, j) => n !== summary.parameters[j]?.name)) {
    throw new CliError(`${join(path, 'samples.csv')} does not match summary.json (header ${JSON.stringify(header.slice(0, 8))}, parameters ${JSON.stringify(summary.parameters.map((p) => p.name))}); the files come from different runs. Run tempest run again.`);
  }
  const n = records.length - 1;
  const columns = names.map(() => new Float64Array(n));
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const fields = records[i + 1];
    for (let j = 0; j < names.length; j++) columns[j][i] = fields[j] === undefined || fields[j] === '' ? NaN : Number(fields[j]);
    weights[i] = fields[weightAt] === undefined || fields[weightAt] === '' ? NaN : Number(fields[weightAt]);
    if (!columns.every((c) => Number.isFinite(c[i])) || !(weights[i] >= 0)) throw new CliError(`${join(path, 'samples.csv')} line ${i + 2} is not a row of numbers (${JSON.stringify(fields.join(',').slice(0, 80))}); the file is damaged. Run tempest run again.`);
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

