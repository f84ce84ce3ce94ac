import type { MapOptions } from './pool.js';
import { TempestError } from './tempest-error.js';

/**
 * Checks `map`'s optional third argument against its tasks: `costHints` and `durations`, when
 * given, must have one entry per task (`durations` a `Float64Array` the pool can fill).
 * @param options - what `map` received as its third argument
 * @param tasks - the number of tasks
 * @returns the options (an empty object when none were given)
 * @throws {TempestError} INVALID_ARGUMENT listing every problem
 */
export function assertMapOptions(options: MapOptions | undefined, tasks: number): MapOptions {
  if (options === undefined) return {};
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new TempestError('INVALID_ARGUMENT', `map's third argument must be an options object ({ costHints?, durations? }) or undefined; got ${options === null ? 'null' : typeof options}.`, { option: 'options', value: options });
  }
  const { costHints, durations } = options;
  if (costHints !== undefined && (typeof costHints !== 'object' || costHints === null || costHints.length !== tasks)) {
    problems.push(`costHints must hold one number per task (${tasks}); got ${describeLength(costHints)}`);
  }
  if (durations !== undefined && (!(durations instanceof Float64Array) || durations.length !== tasks)) {
    problems.push(`durations must be a Float64Array of one entry per task (${tasks}); got ${describeLength(durations)}`);
  }
  if (problems.length > 0) {
    throw new TempestError('INVALID_ARGUMENT', `Invalid map options: ${problems.join('; ')}. Pass arrays as long as the task list, or leave them out.`, { option: 'options', problems, value: options });
  }
  return options;
}

function describeLength(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v === null ? 'null' : typeof v);
  const length = (v as { length?: unknown }).length;
  return typeof length === 'number' ? `${v.constructor?.name ?? 'an object'} of length ${length}` : 'an object without a length';
}
