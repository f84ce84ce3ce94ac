// Reads the measurements beside the model files: sinusoid.csv (t, y, sigma; `#` lines are
// comments). Read once, when a model file is imported, so the likelihood only does arithmetic;
// every pool worker imports the model and so reads the file itself (found next to this module,
// whatever the working folder).
import { readFileSync } from 'node:fs';

/** The measurements, one array per column. */
export interface Measurements {
  t: Float64Array;
  y: Float64Array;
  sigma: Float64Array;
}

/**
 * Parses a CSV of numeric columns with a header line.
 * @param text - the file's text
 * @param columns - the column names to return, as the header spells them
 * @returns one Float64Array per column
 * @throws Error naming the line and the value when a field is not a number
 */
export function parseNumericCsv<K extends string>(text: string, columns: readonly K[]): Record<K, Float64Array> {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const header = lines[0].split(',').map((h) => h.trim());
  const at = columns.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`the CSV header ${JSON.stringify(header)} has no column ${JSON.stringify(name)}`);
    return i;
  });
  const out = Object.fromEntries(columns.map((name) => [name, new Float64Array(lines.length - 1)])) as Record<K, Float64Array>;
  lines.slice(1).forEach((line, r) => {
    const fields = line.split(',');
    columns.forEach((name, c) => {
      const value = Number(fields[at[c]]);
      if (!Number.isFinite(value)) throw new Error(`line ${r + 2} of the CSV: ${name} = ${JSON.stringify(fields[at[c]])} is not a number`);
      out[name][r] = value;
    });
  });
  return out;
}

/** The measurements of sinusoid.csv. */
export const data: Measurements = parseNumericCsv(readFileSync(new URL('./sinusoid.csv', import.meta.url), 'utf8'), ['t', 'y', 'sigma']);
