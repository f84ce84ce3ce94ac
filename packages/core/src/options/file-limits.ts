import type { SamplerOptionName } from './option-spec.js';
import { SAMPLER_OPTION_SPECS } from './option-specs.js';
import { RUN_OPTION_SPECS } from './run-options.js';

/** An option read from a file whose value is above its file limit. */
export interface OptionBeyondLimit {
  /** The option (of the constructor, or `nTotal` of `run()`). */
  option: string;
  /** The value the file sets. */
  value: number;
  /** The largest value taken from a file without the user's say-so. */
  limit: number;
}

/**
 * The options whose values, read from a file, are above their file limit (`fileLimit` in the
 * option tables): `tempest resume` refuses them unless told the run really used them, since a
 * damaged or crafted run.json or state file could otherwise make a resumed run allocate without
 * bound or never end (nParticles 2^28, nSteps 10^9).
 * @param options - constructor options and `nTotal`, as read from a file
 * @returns each option above its limit, in table order
 * @example
 * ```ts
 * optionsBeyondFileLimits({ nParticles: 2 ** 28, nTotal: 4096 });
 * // [{ option: 'nParticles', value: 268435456, limit: 1048576 }]
 * ```
 */
export function optionsBeyondFileLimits(options: Readonly<Record<string, unknown>>): OptionBeyondLimit[] {
  const limits: [string, number | undefined][] = [
    ...Object.entries(SAMPLER_OPTION_SPECS).map(([option, row]): [string, number | undefined] => [option, 'fileLimit' in row ? row.fileLimit : undefined]),
    ...Object.entries(RUN_OPTION_SPECS).map(([option, row]): [string, number | undefined] => [option, row.fileLimit]),
  ];
  const out: OptionBeyondLimit[] = [];
  for (const [option, limit] of limits) {
    const value = options[option as SamplerOptionName];
    if (limit !== undefined && typeof value === 'number' && !(value <= limit)) out.push({ option, value, limit });
  }
  return out;
}
