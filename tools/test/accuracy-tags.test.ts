import { describe, expect, it } from 'vitest';
import { latestByTags, type RunRecord } from '../bench/accuracy/run-accuracy.js';

const run = (tag: string, problem: string, seed: number, logz: number, nTotal = 4096): RunRecord => ({
  sampler: 'tempest', tag, problem, nDim: 2, seed, nTotal, trueLogZ: 0, logz, logzErr: 0.1, calls: 1, wallSeconds: 0, date: '',
});

describe('latestByTags (npm run bench -- accuracy --table --tags)', () => {
  it('takes each problem and seed from the latest tag that ran it, and ignores other tags', () => {
    const records = [
      run('old', 'a', 1, 1), run('old', 'a', 2, 2), run('old', 'b', 1, 3),
      run('new', 'a', 1, 10), run('other', 'a', 2, 99), run('old', 'a', 1, 5, 8192),
    ];
    const chosen = latestByTags(records, ['old', 'new']);
    const key = (r: RunRecord) => `${r.problem}#${r.seed}#${r.nTotal}`;
    expect(Object.fromEntries(chosen.map((r) => [key(r), r.logz]))).toEqual({ 'a#1#4096': 10, 'a#2#4096': 2, 'b#1#4096': 3, 'a#1#8192': 5 });
  });

  it('within one tag keeps the run appended last', () => {
    expect(latestByTags([run('t', 'a', 1, 1), run('t', 'a', 1, 2)], ['t']).map((r) => r.logz)).toEqual([2]);
  });
});
