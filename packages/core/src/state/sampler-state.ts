import type { ResolvedOptions } from '../sampler/sampler-options.js';

/** Options that change what a run computes: a state file only resumes under the same values. */
const FINGERPRINT_KEYS = [
  'nDim', 'nParticles', 'essRatio', 'volumeVariation', 'periodic', 'reflective', 'clustering', 'normalize',
  'clusterEvery', 'splitThreshold', 'nMaxClusters', 'sample', 'nSteps', 'nMaxSteps', 'resample',
] as const satisfies readonly (keyof ResolvedOptions)[];

/**
 * The fingerprint of a run's options (what must match to resume it).
 * @param options - resolved options
 * @returns JSON-safe values of the options that change results
 */
export function optionsFingerprint(options: ResolvedOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FINGERPRINT_KEYS) out[key] = options[key] ?? null;
  return out;
}

/**
 * The options whose saved and current values differ.
 * @param saved - the fingerprint in a state file
 * @param current - the fingerprint of the sampler that would resume it
 * @returns one line per differing option: `name: file <value>, sampler <value>`
 */
export function fingerprintDifferences(saved: Record<string, unknown>, current: Record<string, unknown>): string[] {
  return FINGERPRINT_KEYS.filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(current[key])).map(
    (key) => `${key}: file ${JSON.stringify(saved[key])}, sampler ${JSON.stringify(current[key])}`,
  );
}
