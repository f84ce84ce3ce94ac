import { describe, expect, it } from 'vitest';
import { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import { resolveOptions } from '../options/resolve-options.js';
import { optionsFingerprint } from '../state/options-fingerprint.js';
import { createIterationContext } from './iteration-context.js';
import { runIteration } from './run-iteration.js';
import { createRunState } from './run-state.js';
import { isFinished } from './stopping-rule.js';
import { annealedEvidenceOf } from '../read-outs/annealed-evidence.js';

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

  it('fills every slot of the first iteration with its own finite prior draw, the finite fraction measured on all draws', async () => {
    // Finite on x0 > 9.6: 2% of the prior, about 2.6 finite draws in a batch of 128.
    let finite = 0;
    const { ctx, state } = setUp(5, (x) => (x[0] > 9.6 ? (finite++, logLikelihood(x)) : -Infinity));
    const first = await runIteration(ctx, state);
    expect(state.history.length).toBe(128);
    expect(state.calls % 128).toBe(0);
    expect(state.calls).toBeGreaterThan(128 * 20);
    expect(finite).toBeGreaterThanOrEqual(128);
    expect(first.logz).toBeCloseTo(Math.log(finite / state.calls), 12);
    const rows = new Set<string>();
    for (let i = 0; i < 128; i++) {
      expect(state.history.logl[i]).toBeGreaterThan(-Infinity);
      rows.add(`${state.history.u[2 * i]},${state.history.u[2 * i + 1]}`);
    }
    expect(rows.size).toBe(128);
    expect(new Set(state.history.lineage.subarray(0, 128)).size).toBe(128);
    // Its binomial error joins the anneal's: sqrt((1 - p) / (N p)).
    const p = finite / state.calls;
    const annealed = annealedEvidenceOf(state);
    expect(annealed.priorFractionErr).toBeCloseTo(Math.sqrt((1 - p) / (state.calls * p)), 12);
    expect(annealed.logzErr).toBeGreaterThanOrEqual(annealed.priorFractionErr!);
  });

  it('fills a later iteration at beta = 0 without a finite draw from the first iteration, where it would have stopped', async () => {
    // Finite on x0 > 9.6 during the first iteration only: the second (still at beta 0) finds none.
    let first = true;
    const { ctx, state } = setUp(5, (x) => (first && x[0] > 9.6 ? logLikelihood(x) : -Infinity));
    await runIteration(ctx, state);
    first = false;
    const second = await runIteration(ctx, state);
    expect(second.beta).toBe(0);
    expect(state.history.length).toBe(256);
    const firstRows = new Set<string>();
    for (let i = 0; i < 128; i++) firstRows.add(`${state.history.u[2 * i]},${state.history.u[2 * i + 1]}`);
    for (let i = 128; i < 256; i++) {
      expect(state.history.logl[i]).toBeGreaterThan(-Infinity);
      expect(firstRows.has(`${state.history.u[2 * i]},${state.history.u[2 * i + 1]}`)).toBe(true);
    }
  });

  it('keeps the first batch and reports no prior-fraction error where every prior draw is finite', async () => {
    const { ctx, state } = setUp(5);
    await runIteration(ctx, state);
    expect(state.calls).toBe(128);
    expect(annealedEvidenceOf(state).priorFractionErr).toBeUndefined();
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
