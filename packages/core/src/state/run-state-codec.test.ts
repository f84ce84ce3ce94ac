import { describe, expect, it } from 'vitest';
import { Sampler } from '../sampler/sampler.js';
import { TempestError } from '../tempest-error.js';
import { runStateFromFile, runStateToFile } from './run-state-codec.js';
import { decodeRunState, encodeRunState } from './run-state-file.js';
import { decodeStateFile, encodeStateFile } from './state-file.js';

const stateOf = (sampler: Sampler) => (sampler as unknown as { state: import('../run/run-state.js').RunState }).state;

async function finishedState() {
  const sampler = new Sampler({ nDim: 2, randomState: 2, priorTransform: (u) => u.map((v) => 8 * v - 4), logLikelihood: (x: Float64Array) => -0.5 * (x[0] ** 2 + x[1] ** 2) / 0.1 });
  for (let i = 0; i < 5; i++) await sampler.sample();
  return stateOf(sampler);
}

describe('the run-state codec', () => {
  it('round-trips every part of the state bit for bit', async () => {
    const state = await finishedState();
    const back = decodeRunState(encodeRunState(state), 'mem');
    expect(back.fingerprint).toEqual(state.fingerprint);
    expect([back.seed, back.beta, back.nLineages, back.calls, back.nParticles]).toEqual([state.seed, state.beta, state.nLineages, state.calls, state.nParticles]);
    expect(back.rng.getState()).toEqual(state.rng.getState());
    expect(back.iterations).toEqual(state.iterations);
    expect(back.history.snapshot()).toEqual(state.history.snapshot());
    expect(back.proposal.snapshot()).toEqual(state.proposal.snapshot());
    expect(state.standouts.count).toBe(64);
    expect(back.standouts.snapshot()).toEqual(state.standouts.snapshot());
    expect(Buffer.from(encodeRunState(back)).equals(Buffer.from(encodeRunState(state)))).toBe(true);
  });

  it('keeps the best proposals evaluated; a file without them has none, and damaged ones are refused', async () => {
    const state = await finishedState();
    const contents = runStateToFile(state);
    const u = contents.arrays['standouts.u'] as Float64Array;
    delete contents.arrays['standouts.u'];
    delete contents.arrays['standouts.logl'];
    expect(runStateFromFile(contents, 'old.state').standouts.count).toBe(0);
    contents.arrays['standouts.u'] = u;
    contents.arrays['standouts.logl'] = new Float64Array(3);
    expect(() => runStateFromFile(contents, 'bad.state')).toThrow(/standouts\.u \(128 values\) and standouts\.logl \(3 values\) must be float64 arrays of at most 64 points, nDim 2 coordinates each, with finite coordinates and log-likelihoods/);
  });

  it('names every differing option before reading further, and a missing column', async () => {
    const state = await finishedState();
    const contents = runStateToFile(state);
    try {
      runStateFromFile(contents, 'a.state', { ...state.fingerprint, nParticles: 64, sample: 'rwm' });
      expect.unreachable();
    } catch (e) {
      expect(TempestError.is(e) && e.code).toBe('STATE_MISMATCH');
      expect((e as TempestError).problems).toEqual(['nParticles: file 256, sampler 64', 'sample: file "tpcn", sampler "rwm"']);
    }
    delete contents.arrays['history.survival'];
    expect(() => runStateFromFile(contents, 'a.state')).toThrow(/a\.state is not a usable Tempest state file: it has no history\.survival array/);
  });

  it("takes contents that the run's next iterations do not change, so a file written piece by piece while the run goes on holds one moment", async () => {
    const sampler = new Sampler({ nDim: 2, randomState: 4, nParticles: 64, priorTransform: (u) => u.map((v) => 8 * v - 4), logLikelihood: (x: Float64Array) => -0.5 * ((x[0] - 1) ** 2 + x[1] ** 2) / 0.1 });
    for (let i = 0; i < 7; i++) await sampler.sample();
    const before = encodeRunState(stateOf(sampler));
    const contents = runStateToFile(stateOf(sampler));
    const live = stateOf(sampler).history.logC;
    const liveBefore = live.slice();
    // The next two iterations fit in the history's arrays (7 x 64 particles stored, room for 9 x 64):
    // they update the cached denominators of the particles already written in place, and re-fit the clustering.
    for (let i = 0; i < 2; i++) await sampler.sample();
    expect(stateOf(sampler).history.logC.buffer).toBe(live.buffer);
    expect(live).not.toEqual(liveBefore);
    expect(stateOf(sampler).beta).toBeGreaterThan(0);
    expect(Buffer.from(encodeStateFile(contents)).equals(Buffer.from(before))).toBe(true);
  });

  it("splits many particles' blobs over several arrays (format version 2), which read back in order; one array stays version 1", async () => {
    const sampler = new Sampler({ nDim: 2, randomState: 5, nParticles: 64, priorTransform: (u) => u.map((v) => 8 * v - 4), logLikelihood: (x: Float64Array) => [-0.5 * (x[0] ** 2 + x[1] ** 2), { x0: x[0], tag: 'p' }] as const });
    for (let i = 0; i < 4; i++) await sampler.sample();
    const state = stateOf(sampler);
    const chunked = runStateToFile(state, 100);
    expect(Object.keys(chunked.arrays).filter((name) => name.startsWith('blobs'))).toEqual(['blobs', 'blobs.1', 'blobs.2']);
    expect(chunked.version).toBe(2);
    const bytes = encodeStateFile(chunked);
    expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(2);
    const back = decodeRunState(bytes, 'mem');
    expect(back.history.blobs).toEqual(state.history.blobs);
    expect(runStateToFile(state).version).toBe(1);
    expect(decodeStateFile(encodeRunState(state), 'mem').version).toBe(1);
    // A missing chunk is named.
    delete chunked.arrays['blobs.1'];
    expect(() => runStateFromFile(chunked, 'a.state')).toThrow(/a\.state is not a usable Tempest state file: it has no blobs\.1 array/);
  });
});
