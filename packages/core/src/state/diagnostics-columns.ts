import type { IterationInfo } from '../sampler/iteration-info.js';

/** Columns of a state file's `diagnostics` array (one row per iteration). */
export const DIAGNOSTIC_COLUMNS = [
  'iteration', 'calls', 'beta', 'ess', 'logz', 'meanLogl', 'acceptance', 'steps', 'efficiency', 'K', 'cv',
  'timing.reweight', 'timing.reweightSteps', 'timing.train', 'timing.mutate', 'timing.likelihood', 'timing.total',
] as const;

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
    out.set([i.iteration, i.calls, i.beta, i.ess, i.logz, i.meanLogl, i.acceptance, i.steps, i.efficiency, i.K, i.cv, m.reweight, m.reweightSteps, m.train, m.mutate, m.likelihood, m.total], t * c);
  });
  return out;
}

/**
 * The diagnostics back from {@link diagnosticsToArray}'s array.
 * @param a - rows of {@link DIAGNOSTIC_COLUMNS}
 * @returns one record per iteration
 */
export function diagnosticsFromArray(a: Float64Array): IterationInfo[] {
  const c = DIAGNOSTIC_COLUMNS.length;
  const out: IterationInfo[] = [];
  for (let t = 0; t < a.length / c; t++) {
    const r = a.subarray(t * c, (t + 1) * c);
    out.push({
      iteration: r[0], calls: r[1], beta: r[2], ess: r[3], logz: r[4], meanLogl: r[5], acceptance: r[6], steps: r[7], efficiency: r[8], K: r[9], cv: r[10],
      timing: { reweight: r[11], reweightSteps: r[12], train: r[13], mutate: r[14], likelihood: r[15], total: r[16] },
    });
  }
  return out;
}
