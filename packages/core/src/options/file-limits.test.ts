import { describe, expect, it } from 'vitest';
import { optionsBeyondFileLimits } from './file-limits.js';
import { SAMPLER_OPTION_SPECS } from './option-specs.js';
import { RUN_OPTION_SPECS } from './run-options.js';

describe('optionsBeyondFileLimits', () => {
  it('names each option above its limit, with the value and the limit, in table order', () => {
    expect(optionsBeyondFileLimits({ nTotal: 1e12, nParticles: 2 ** 28, nSteps: 1e9, essRatio: 3, proposalFolds: 8 })).toEqual([
      { option: 'nParticles', value: 2 ** 28, limit: 2 ** 20 },
      { option: 'nSteps', value: 1e9, limit: 1000 },
      { option: 'nTotal', value: 1e12, limit: 2 ** 24 },
    ]);
  });

  it('takes every value up to the limit, the defaults far below it, and counts NaN or Infinity as above', () => {
    const limits = Object.fromEntries(Object.entries(SAMPLER_OPTION_SPECS).flatMap(([k, row]) => ('fileLimit' in row && row.fileLimit !== undefined ? [[k, row.fileLimit]] : [])));
    expect(Object.keys(limits)).toEqual(['nParticles', 'essRatio', 'nSteps', 'nMaxSteps', 'proposalFolds', 'closingDraws']);
    expect(optionsBeyondFileLimits({ ...limits, nTotal: RUN_OPTION_SPECS.nTotal.fileLimit })).toEqual([]);
    expect(optionsBeyondFileLimits({ nParticles: 256, essRatio: 3, nSteps: 1, nMaxSteps: 20, proposalFolds: 8, nTotal: 4096 })).toEqual([]);
    expect(optionsBeyondFileLimits({ essRatio: Infinity, nSteps: Number.NaN }).map((b) => b.option)).toEqual(['essRatio', 'nSteps']);
  });
});
