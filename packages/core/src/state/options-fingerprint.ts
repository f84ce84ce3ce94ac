import { FINGERPRINT_KEYS } from '../options/option-specs.js';
import type { ResolvedOptions } from '../sampler/sampler-options.js';

/**
 * The fingerprint of a run's options: the values of the options that change what it computes
 * (the table's fingerprint rows), as a state file records them. A kernel or resampler given as
 * an object is recorded by its name.
 * @param options - resolved options
 * @returns JSON-safe values of the options that change results
 */
export function optionsFingerprint(options: ResolvedOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FINGERPRINT_KEYS) {
    const value = options[key];
    out[key] = isNamedExtension(value) ? value.name : value ?? null;
  }
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

/** An extension object (a user's kernel or resampler), known by its name. */
function isNamedExtension(value: unknown): value is { name: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { name?: unknown }).name === 'string';
}
