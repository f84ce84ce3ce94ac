// The read-outs are functions of the run state alone: a state read back from a state file gives
// exactly what the live sampler gives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sampler } from '../sampler/sampler.js';
import { readRunState } from '../state/run-state-file.js';
import { TempestError } from '../tempest-error.js';
import { evidenceOf } from './evidence.js';
import { expectationOf } from './expectation.js';
import { posteriorOf } from './posterior.js';
import { resultsOf } from './results.js';
import { createRunState } from '../run/run-state.js';

const dir = mkdtempSync(join(tmpdir(), 'tempest-read-outs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('read-outs of a run state', () => {
  it('equal the sampler\'s methods, for a state read from its file', async () => {
    const sampler = new Sampler({
      nDim: 2, randomState: 5, priorTransform: (u) => u.map((v) => 10 * v - 5),
      logLikelihood: (x: Float64Array) => [-0.5 * (x[0] ** 2 + (x[1] - 1) ** 2), { r: x[0] }] as const,
    });
    await sampler.run({ nTotal: 512 });
    const path = join(dir, 'done.state');
    await sampler.saveState(path);
    const state = await readRunState(path);
    expect(evidenceOf(state)).toEqual(sampler.evidence());
    expect(posteriorOf(state, { returnBlobs: true })).toEqual(sampler.posterior({ returnBlobs: true }));
    expect(posteriorOf(state, { resample: true })).toEqual(sampler.posterior({ resample: true }));
    const f = (x: Float64Array) => x[1];
    expect(expectationOf(state, f)).toEqual(sampler.expectation(f));
    const { iterations: a, ...restA } = resultsOf(state);
    const { iterations: b, ...restB } = sampler.results();
    expect(restA).toEqual(restB);
    expect(a.map((i) => i.logz)).toEqual(b.map((i) => i.logz));
  });

  it('refuse a state without particles with NOT_RUN', () => {
    const empty = createRunState(1, 4, 1, {}, { clustering: false, clusterEvery: 1, normalize: true, splitThreshold: 1, nMaxClusters: undefined, proposalFolds: 1 });
    for (const readOut of [() => evidenceOf(empty), () => posteriorOf(empty), () => resultsOf(empty), () => expectationOf(empty, () => 0)]) {
      let code: string | undefined;
      try {
        readOut();
      } catch (e) {
        code = TempestError.is(e) ? e.code : 'not a TempestError';
      }
      expect(code).toBe('NOT_RUN');
    }
  });
});
