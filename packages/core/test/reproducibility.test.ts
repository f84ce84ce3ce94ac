import { describe, expect, it } from 'vitest';
import { Sampler } from '../src/index.js';
import { gaussianProblem } from './helpers.js';

describe('seeded runs', () => {
  it('repeat bit for bit: samples, weights, log-likelihoods and log Z', async () => {
    const problem = gaussianProblem([1, -1, 0.5]);
    const run = async () => {
      const s = new Sampler({ ...problem, randomState: 1234 });
      await s.run({ nTotal: 512 });
      return { post: s.posterior(), ev: s.evidence(), calls: s.calls, its: s.iteration };
    };
    const a = await run();
    const b = await run();
    expect(b.calls).toBe(a.calls);
    expect(b.its).toBe(a.its);
    expect(Object.is(b.ev.logz, a.ev.logz)).toBe(true);
    expect(Object.is(b.ev.logzErr, a.ev.logzErr)).toBe(true);
    expect(Buffer.from(b.post.samples.data.buffer).equals(Buffer.from(a.post.samples.data.buffer))).toBe(true);
    expect(Buffer.from(b.post.weights.buffer).equals(Buffer.from(a.post.weights.buffer))).toBe(true);
    expect(Buffer.from(b.post.logl.buffer).equals(Buffer.from(a.post.logl.buffer))).toBe(true);
  });

  it('differ between seeds, and an unseeded sampler reports the seed it chose', async () => {
    const problem = gaussianProblem([0, 0]);
    const a = new Sampler({ ...problem, randomState: 1 });
    const b = new Sampler({ ...problem, randomState: 2 });
    await a.sample();
    await b.sample();
    expect(a.posterior().samples.data).not.toEqual(b.posterior().samples.data);
    const c = new Sampler(problem);
    expect(Number.isSafeInteger(c.seed)).toBe(true);
    const d = new Sampler({ ...problem, randomState: c.seed });
    await c.sample();
    await d.sample();
    expect(d.posterior().samples.data).toEqual(c.posterior().samples.data);
  });

  it('give the same answer for a vectorized likelihood as for the per-vector one', async () => {
    const problem = gaussianProblem([0.3, -0.2]);
    const perVector = new Sampler({ ...problem, randomState: 9 });
    const vectorized = new Sampler({
      ...problem,
      randomState: 9,
      vectorize: true,
      logLikelihood: (batch) => batch.rows().map((x) => problem.logLikelihood(x)),
    });
    await perVector.run({ nTotal: 256 });
    await vectorized.run({ nTotal: 256 });
    expect(vectorized.evidence().logz).toBe(perVector.evidence().logz);
    expect(vectorized.posterior().samples.data).toEqual(perVector.posterior().samples.data);
  });

  it('give the same answer for an async likelihood as for the sync one', async () => {
    const problem = gaussianProblem([0.3, -0.2]);
    const sync = new Sampler({ ...problem, randomState: 5 });
    const asyncSampler = new Sampler({ ...problem, randomState: 5, logLikelihood: async (x: Float64Array) => problem.logLikelihood(x) });
    await sync.run({ nTotal: 256 });
    await asyncSampler.run({ nTotal: 256 });
    expect(asyncSampler.evidence().logz).toBe(sync.evidence().logz);
  });
});
