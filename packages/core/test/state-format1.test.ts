// A state file of format version 1 written by the sampler just before state files could exceed
// 2 GiB (test-fixtures/states/format1.state, commit d5d4165) must keep loading, and resuming it
// must give, bit for bit, the run that sampler finished from it. Unlike state-v1.state (written
// before the run-state refactor), it has every section of a current file: clustering and blobs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRunState, Sampler } from '../src/index.js';
import { decodeRunState, encodeRunState } from '../src/state/run-state-file.js';
import { options } from '../../../test-fixtures/states/format1-model.js';

const path = new URL('../../../test-fixtures/states/format1.state', import.meta.url).pathname;

describe('a state file of format 1 written by the sampler of commit d5d4165', () => {
  it('reads from disk and from bytes alike, and re-encodes to the same state (with the options added since at the values it ran with)', async () => {
    const bytes = readFileSync(path);
    const state = await readRunState(path);
    expect(state.iterations).toHaveLength(5);
    expect(state.history.length).toBe(5 * 64);
    expect(state.history.blobs?.[0]).toEqual({ r: expect.any(Number) });
    expect(state.proposal.snapshot()).toBeDefined();
    // Options that came after the file read as the behaviour its run had; written back, they are
    // stated, so the bytes differ there only, and a second round trip is byte-identical.
    expect(state.fingerprint).toMatchObject({ clusterSearch: 'basic', adaptiveMoves: false });
    const again = decodeRunState(encodeRunState(state), path);
    expect(again.fingerprint).toEqual(state.fingerprint);
    expect(again.iterations).toEqual(state.iterations);
    for (const column of ['u', 'x', 'logl', 'lineage', 'survival', 'iterationOf'] as const) expect(again.history[column]).toEqual(state.history[column]);
    expect(again.history.blobs).toEqual(state.history.blobs);
    expect(again.proposal.snapshot()).toEqual(state.proposal.snapshot());
    expect(again.rng.getState()).toEqual(state.rng.getState());
    expect(Buffer.from(encodeRunState(again)).equals(Buffer.from(encodeRunState(state)))).toBe(true);
    expect(Buffer.from(encodeRunState(decodeRunState(bytes, path))).equals(Buffer.from(encodeRunState(state)))).toBe(true);
  });

  it('resumes to the result that sampler reached from it', async () => {
    // With the rules it was made with (the options added since at their earlier behaviour).
    const sampler = new Sampler({ ...options, randomState: 77, clusterSearch: 'basic', adaptiveMoves: false, reanneal: false, moveSpace: 'cube', closingDraws: 0, clusterScales: 'separate', splitTest: 'full' });
    const r = await sampler.run({ nTotal: 512, resumeStatePath: path });
    // Printed by the sampler of commit d5d4165 when the fixture was written.
    expect(r.logz).toBe(-1.4795901499768371);
    expect(r.logzErr).toBe(0.10928299903413612);
    expect(r.calls).toBe(7950);
    expect(r.iterations).toHaveLength(14);
    expect(r.logl[r.logl.length - 1]).toBe(-1.071923020495721);
    expect(sampler.posterior().weights[0]).toBe(0.0009927164761406842);
    expect(r.blobs?.[0]).toEqual({ r: 0.3836113477441412 });
  });
});
