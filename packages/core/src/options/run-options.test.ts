import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { checkRunOptionNames, isRunOption } from './run-options.js';

function problemsOf(runOptions: unknown): string[] {
  try {
    checkRunOptionNames(runOptions as never);
  } catch (e) {
    expect(TempestError.is(e)).toBe(true);
    expect((e as TempestError).code).toBe('INVALID_ARGUMENT');
    return (e as TempestError).problems ?? [];
  }
  return [];
}

describe('checkRunOptionNames', () => {
  it('accepts every run() option', () => {
    expect(problemsOf({ nTotal: 10, progress: false, onIteration: () => {}, saveEvery: 2, resumeStatePath: 'a' })).toEqual([]);
    expect(isRunOption('nTotal')).toBe(true);
  });

  it('names each wrong option once, with the likely intended one or where it belongs', () => {
    expect(problemsOf({ nTotl: 10, n_total: 10, outputDir: 'x', random_state: 1, speed: 2 })).toEqual([
      'unknown run() option "nTotl"; the options are nTotal, progress, onIteration, saveEvery, keepStates, resumeStatePath, signal. Did you mean nTotal?',
      'unknown run() option "n_total"; the options are nTotal, progress, onIteration, saveEvery, keepStates, resumeStatePath, signal. Options are camelCase: use nTotal.',
      'outputDir is an option of the Sampler, not of run(): pass it to new Sampler({ ..., outputDir }).',
      'random_state is an option of the Sampler, not of run(): pass it to new Sampler({ ..., randomState }).',
      'unknown run() option "speed"; the options are nTotal, progress, onIteration, saveEvery, keepStates, resumeStatePath, signal.',
    ]);
  });

  it('refuses a non-object', () => {
    expect(() => checkRunOptionNames(5 as never)).toThrow(/run\(\) takes an options object such as \{ nTotal: 4096 \}; got 5/);
  });
});
