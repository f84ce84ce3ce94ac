// A state file written before the run state became one value (fixtures/state-v1.state, from the
// sampler of 2026-12-04) must keep loading: decoding it, re-encoding it and decoding again gives
// the same state, and resuming it under the rules it was made with (chains stopped by acceptance,
// `mixing: 'acceptance'`; proposals fitted to every particle, `proposalFolds: 1`) gives, bit for
// bit, the run that the old sampler finished from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Sampler } from '../src/index.js';
import { decodeRunState, encodeRunState } from '../src/state/run-state-file.js';
import { options } from './fixtures/state-v1-model.js';

const path = new URL('./fixtures/state-v1.state', import.meta.url).pathname;

describe('a state file of format 1 written before the run-state refactor', () => {
  it('decodes to a run state that re-encodes to the same state, with the mixing rule it was made with', () => {
    const bytes = readFileSync(path);
    const state = decodeRunState(bytes, path);
    expect(state.iterations).toHaveLength(6);
    expect(state.history.length).toBe(6 * 256);
    expect(state.fingerprint).toMatchObject({ mixing: 'acceptance', proposalFolds: 1 });
    // The file predates the mixing diagnostics: they read as unknown.
    expect(state.iterations[5]).toMatchObject({ correlation: NaN, capped: false });
    const again = decodeRunState(encodeRunState(state), path);
    expect(again.fingerprint).toEqual(state.fingerprint);
    expect(again.iterations).toEqual(state.iterations);
    for (const column of ['u', 'x', 'logl', 'lineage', 'survival', 'iterationOf'] as const) expect(again.history[column]).toEqual(state.history[column]);
    expect(again.rng.getState()).toEqual(state.rng.getState());
  });

  it('is refused by a sampler with the current default rule, naming the option', async () => {
    const sampler = new Sampler({ ...options, randomState: 99 });
    await expect(sampler.run({ nTotal: 1024, resumeStatePath: path })).rejects.toThrow(/mixing: file "acceptance", sampler "correlation"[^]*proposalFolds: file 1, sampler 8[^]*jumpEvery: file 0, sampler 4[^]*lineageGroups: file 1, sampler 8[^]*clusterSearch: file "basic", sampler "thorough"[^]*adaptiveMoves: file false, sampler true/);
  });

  it('resumes to the result the old sampler reached from it', async () => {
    const sampler = new Sampler({ ...options, randomState: 99, mixing: 'acceptance', proposalFolds: 1, jumpEvery: 0, lineageGroups: 1, clusterSearch: 'basic', adaptiveMoves: false, reanneal: false, moveSpace: 'cube', closingDraws: 0, clusterScales: 'separate', splitTest: 'full', essRatio: 2 });
    const r = await sampler.run({ nTotal: 1024, resumeStatePath: path });
    // Printed by the old sampler when the fixture was written (seed 11, nTotal 1024).
    expect(r.logz).toBe(-4.309804380819363);
    expect(r.logzErr).toBe(0.08629971669295096);
    expect(r.calls).toBe(17566);
    expect(r.iterations).toHaveLength(12);
    expect(r.logl[r.logl.length - 1]).toBe(-0.7162923867017384);
    expect(sampler.posterior().weights[0]).toBe(0.0006876762624027382);
  });
});
