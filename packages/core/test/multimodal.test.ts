// Multimodal and curved targets with default options (clustering on). Each run must find
// every mode: log Z within 3 reported standard errors of the truth and the posterior mass of
// a mode (or a posterior mean) within 3 reported standard errors from `expectation`. Both
// errors are calibrated over seeds in BENCHMARKS.md ("Multimodal problems").
import { describe, expect, it } from 'vitest';
import { Sampler } from '../src/index.js';
import { eggBox, gaussianShells, twoGaussians } from '../../../test-fixtures/models/multimodal.js';
import { rosenbrock } from '../../../test-fixtures/models/rosenbrock.js';

async function run(problem: { nDim: number; priorTransform: (u: Float64Array) => ArrayLike<number>; logLikelihood: (x: Float64Array) => number }, seed: number) {
  const sampler = new Sampler({ nDim: problem.nDim, priorTransform: problem.priorTransform, logLikelihood: problem.logLikelihood, randomState: seed });
  await sampler.run({ nTotal: 4096 });
  return sampler;
}

describe('multimodal posteriors with default options', () => {
  it.each([
    ['two Gaussians in 3-D, weights 2/3 and 1/3', twoGaussians(3), 6],
    ['two Gaussians in 10-D, weights 2/3 and 1/3', twoGaussians(10), 1],
    ['two Gaussian shells in 2-D', gaussianShells(), 2],
    ['the 2-D egg-box (18 modes)', eggBox(), 3],
  ])('%s: evidence and mode mass', async (_name, problem, seed) => {
    const sampler = await run(problem, seed);
    const { logz, logzErr } = sampler.evidence();
    expect(Math.abs(logz - problem.trueLogZ)).toBeLessThan(3 * logzErr);
    const mass = sampler.expectation((x) => problem.modeFraction(x));
    expect(mass.error).toBeGreaterThan(0);
    expect(Math.abs(mass.mean - problem.trueFraction)).toBeLessThan(3 * mass.error);
    // The proposal uses several clusters on every multimodal target.
    expect(Math.max(...sampler.diagnostics.map((i) => i.K))).toBeGreaterThanOrEqual(2);
  });

  it('a curved (Rosenbrock) posterior: evidence and mean against quadrature', async () => {
    const problem = rosenbrock();
    const sampler = await run(problem, 4);
    const { logz, logzErr } = sampler.evidence();
    expect(Math.abs(logz - problem.trueLogZ)).toBeLessThan(3 * logzErr);
    const meanX = sampler.expectation((x) => x[0]);
    expect(Math.abs(meanX.mean - problem.meanX)).toBeLessThan(3 * meanX.error);
  });
});

describe("splitTest: 'shared'", () => {
  it('splits two 12-D modes early in the anneal and needs fewer calls than the full-covariance test, with log Z and mode mass right', async () => {
    // Under the full price (91 parameters against 13 in 12-D) the two modes stay one cluster
    // until beta = 0.46, and one proposal cannot carry chains between them; the shared test
    // splits them at beta = 0.085 (148k calls against 88k).
    const problem = twoGaussians(12);
    const runs = await Promise.all((['full', 'shared'] as const).map(async (splitTest) => {
      const sampler = new Sampler({ nDim: 12, priorTransform: problem.priorTransform, logLikelihood: problem.logLikelihood, randomState: 1, splitTest });
      await sampler.run({ nTotal: 4096 });
      const firstSplit = sampler.diagnostics.find((i) => i.K >= 2)?.beta ?? 1;
      return { sampler, firstSplit };
    }));
    const [full, shared] = runs;
    expect(shared.firstSplit).toBeLessThan(0.2);
    expect(full.firstSplit).toBeGreaterThan(shared.firstSplit);
    expect(shared.sampler.calls).toBeLessThan(0.8 * full.sampler.calls);
    const { logz, logzErr } = shared.sampler.evidence();
    expect(Math.abs(logz - problem.trueLogZ)).toBeLessThan(3 * logzErr);
    // Mode membership by the side of the hyperplane between the centres (exact to Phi(-2 sqrt 12)).
    const mass = shared.sampler.expectation((x) => (x.reduce((s, v) => s + v, 0) > 0 ? 1 : 0));
    expect(Math.abs(mass.mean - problem.trueFraction)).toBeLessThan(3 * mass.error);
  });
});

describe('expectation', () => {
  it('agrees with the weighted posterior samples and rejects non-finite values', async () => {
    const sampler = await run(twoGaussians(2), 5);
    const { samples, weights } = sampler.posterior({ trimImportanceWeights: false });
    let direct = 0;
    for (let i = 0; i < samples.n; i++) direct += weights[i] * samples.get(i, 1);
    expect(sampler.expectation((x) => x[1]).mean).toBeCloseTo(direct, 10);
    expect(() => sampler.expectation(() => NaN)).toThrow(/f must return a finite number; got NaN/);
  });
});
