import type { IterationInfo } from '../sampler/iteration-info.js';

/** Columns of a state file's `diagnostics` array (one row per iteration), as this version writes them. */
export const DIAGNOSTIC_COLUMNS = [
  'iteration', 'calls', 'beta', 'ess', 'logz', 'meanLogl', 'acceptance', 'steps', 'efficiency', 'K', 'cv',
  'timing.reweight', 'timing.reweightSteps', 'timing.train', 'timing.mutate', 'timing.likelihood', 'timing.total',
  'correlation', 'capped', 'loglGain', 'loglGainError',
] as const;

/** The columns of files written before the mixing diagnostics (`correlation`, `capped`, `loglGain`, `loglGainError`) existed. */
const FIRST_COLUMNS = DIAGNOSTIC_COLUMNS.slice(0, 17);

/**
 * The diagnostic columns a state file declares in its header (files that declare none have the
 * first version's seventeen).
 * @param meta - the file's JSON header
 * @returns the column names, or undefined when the header's list is not an array of strings
 */
export function declaredDiagnosticColumns(meta: Record<string, unknown>): readonly string[] | undefined {
  const declared = meta.diagnosticColumns ?? FIRST_COLUMNS;
  return Array.isArray(declared) && declared.length > 0 && declared.every((c) => typeof c === 'string') ? declared : undefined;
}

/**
 * Every iteration's diagnostics as one row-major array of {@link DIAGNOSTIC_COLUMNS}.
 * @param infos - the diagnostics
 * @returns the array
 */
export function diagnosticsToArray(infos: readonly IterationInfo[]): Float64Array {
  const c = DIAGNOSTIC_COLUMNS.length;
  const out = new Float64Array(infos.length * c);
  infos.forEach((i, t) => {
    const { timing: m } = i;
    out.set([
      i.iteration, i.calls, i.beta, i.ess, i.logz, i.meanLogl, i.acceptance, i.steps, i.efficiency, i.K, i.cv,
      m.reweight, m.reweightSteps, m.train, m.mutate, m.likelihood, m.total, i.correlation, i.capped ? 1 : 0, i.loglGain, i.loglGainError,
    ], t * c);
  });
  return out;
}

/**
 * The diagnostics back from a state file's array, by column name, so that files with fewer
 * columns (older versions) read too: a column the file lacks reads as NaN (`capped` as false).
 * @param a - row-major rows of `columns`
 * @param columns - the file's column names (see {@link declaredDiagnosticColumns})
 * @returns one record per iteration
 */
export function diagnosticsFromArray(a: Float64Array, columns: readonly string[] = DIAGNOSTIC_COLUMNS): IterationInfo[] {
  const c = columns.length;
  const at = DIAGNOSTIC_COLUMNS.map((name) => columns.indexOf(name));
  const out: IterationInfo[] = [];
  for (let t = 0; t < a.length / c; t++) {
    const r = DIAGNOSTIC_COLUMNS.map((_, j) => (at[j] < 0 ? NaN : a[t * c + at[j]]));
    out.push({
      iteration: r[0], calls: r[1], beta: r[2], ess: r[3], logz: r[4], meanLogl: r[5], acceptance: r[6], steps: r[7], efficiency: r[8], K: r[9], cv: r[10],
      timing: { reweight: r[11], reweightSteps: r[12], train: r[13], mutate: r[14], likelihood: r[15], total: r[16] },
      correlation: r[17], capped: r[18] === 1, loglGain: r[19], loglGainError: r[20],
    });
  }
  return out;
}
