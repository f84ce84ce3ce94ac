import { describe, expect, it } from 'vitest';
import { Sampler } from '../sampler/sampler.js';
import { TempestError } from '../tempest-error.js';
import { runStateFromFile, runStateToFile } from './run-state-codec.js';
import { decodeRunState, encodeRunState } from './run-state-file.js';

async function finishedState() {
  const sampler = new Sampler({ nDim: 2, randomState: 2, priorTransform: (u) => u.map((v) => 8 * v - 4), logLikelihood: (x: Float64Array) => -0.5 * (x[0] ** 2 + x[1] ** 2) / 0.1 });
  for (let i = 0; i < 5; i++) await sampler.sample();
  return (sampler as unknown as { state: import('../run/run-state.js').RunState }).state;
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
    expect(Buffer.from(encodeRunState(back)).equals(Buffer.from(encodeRunState(state)))).toBe(true);
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
});
