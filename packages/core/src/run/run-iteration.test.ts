import { describe, expect, it } from 'vitest';
import { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import { resolveOptions } from '../options/resolve-options.js';
import { optionsFingerprint } from '../state/options-fingerprint.js';
import { createIterationContext } from './iteration-context.js';
import { runIteration } from './run-iteration.js';
import { createRunState } from './run-state.js';
import { isFinished } from './stopping-rule.js';

const logLikelihood = (x: Float64Array) => -0.5 * ((x[0] - 1) ** 2 + (x[1] + 1) ** 2);
const priorTransform = (u: Float64Array) => u.map((v) => 20 * v - 10);

function setUp(seed: number, model = logLikelihood) {
  const options = resolveOptions({ nDim: 2, priorTransform, logLikelihood: model, randomState: seed, nParticles: 128 }, () => 0);
  const evaluator = new LikelihoodEvaluator(options.priorTransform, options.logLikelihood, 2, false, []);
  return { ctx: createIterationContext(options, evaluator), state: createRunState(2, 128, seed, optionsFingerprint(options), options) };
}

describe('runIteration', () => {
  it('draws from the prior first, then anneals; each iteration commits one active set', async () => {
    const { ctx, state } = setUp(1);
    const first = await runIteration(ctx, state);
    expect(first).toMatchObject({ iteration: 1, beta: 0, calls: 128 });
    expect(state.history.length).toBe(128);
    expect(state.nLineages).toBe(128);
    for (let i = 2; i <= 6; i++) {
      const info = await runIteration(ctx, state);
      expect(info.iteration).toBe(i);
      expect(info.beta).toBeGreaterThanOrEqual(state.iterations[i - 2].beta);
      expect(state.history.length).toBe(128 * i);
      expect(state.calls).toBe(info.calls);
    }
    expect(state.iterations).toHaveLength(6);
    expect(state.beta).toBe(state.iterations[5].beta);
  });

  it('runs to the stopping rule and repeats bit for bit from the same seed', async () => {
    const run = async () => {
      const { ctx, state } = setUp(7);
      while (!isFinished(state, 512)) await runIteration(ctx, state);
      return state;
    };
    const [a, b] = [await run(), await run()];
    expect(a.calls).toBe(b.calls);
    expect(Buffer.from(a.history.u.buffer, 0, a.history.u.byteLength).equals(Buffer.from(b.history.u.buffer, 0, b.history.u.byteLength))).toBe(true);
    expect(a.iterations.map((i) => i.logz)).toEqual(b.iterations.map((i) => i.logz));
  });

  it('leaves the history as it was when the likelihood throws mid-iteration', async () => {
    let calls = 0;
    const { ctx, state } = setUp(3, (x) => {
      if (++calls > 300) throw new Error('boom');
      return logLikelihood(x);
    });
    await runIteration(ctx, state);
    await runIteration(ctx, state);
    const stored = state.history.length;
    const its = state.iterations.length;
    await expect(async () => {
      for (;;) await runIteration(ctx, state);
    }).rejects.toThrow(/boom/);
    expect(state.history.length).toBeGreaterThanOrEqual(stored);
    expect(state.history.length % 128).toBe(0);
    expect(state.iterations.length).toBe(state.history.iterations.length);
    expect(state.iterations.length).toBeGreaterThanOrEqual(its);
  });
});
