// Statistical tests on problems whose evidence and posterior moments are known exactly.
// Tolerances: log Z within 3 reported standard errors (the error is calibrated in
// evidence-calibration.test.ts); posterior means within 4 standard errors, where the standard
// error of a weighted mean is sd * sqrt(tau / ESS), ESS is the Kish ESS of the weights and
// tau = 4 bounds the inflation from correlated (resampled, short-chain) particles.
import { describe, expect, it } from 'vitest';
import { Sampler, type SamplerOptions } from '../src/index.js';
import { boxPrior, gaussianLogLikelihood, gaussianLogZ, gaussianProblem, kishEss, weightedMoments } from './helpers.js';
import { linearRegression } from '../../../test-fixtures/models/linear-regression.js';

const TAU = 4;
const SIGMAS = 4;

async function runToEnd(options: SamplerOptions, nTotal = 4096) {
  const sampler = new Sampler(options);
  await sampler.run({ nTotal });
  const posterior = sampler.posterior();
  return { sampler, posterior, evidence: sampler.evidence(), ess: kishEss(posterior.weights) };
}

function expectMean(actual: number, expected: number, sd: number, ess: number): void {
  expect(Math.abs(actual - expected)).toBeLessThan(SIGMAS * sd * Math.sqrt(TAU / ess));
}

function expectVariance(actual: number, expected: number, ess: number): void {
  // Relative standard error of a Gaussian variance estimate: sqrt(2 / ESS).
  expect(Math.abs(actual / expected - 1)).toBeLessThan(SIGMAS * Math.sqrt((2 * TAU) / ess));
}

describe('Gaussian likelihood under a uniform prior (log Z = -d ln 20)', () => {
  it.each([
    [2, [1.5, -2], 11],
    [5, [0.5, -0.5, 1, 0, -1], 12],
  ])('recovers log Z and the posterior moments in %i dimensions', async (d, mu, seed) => {
    const { evidence, posterior, ess } = await runToEnd({ ...gaussianProblem(mu), randomState: seed });
    expect(evidence.logzErr).toBeGreaterThan(0);
    expect(evidence.logzErr).toBeLessThan(0.5);
    expect(Math.abs(evidence.logz - gaussianLogZ(d))).toBeLessThan(3 * evidence.logzErr);
    expect(ess).toBeGreaterThan(3000);
    for (let j = 0; j < d; j++) {
      const m = weightedMoments(posterior.samples, posterior.weights, j);
      expectMean(m.mean, mu[j], 1, ess);
      expectVariance(m.variance, 1, ess);
    }
  });

  it('works with the random-walk kernel, systematic resampling and dynamic mode', async () => {
    const mu = [0.5, -1, 0.25];
    for (const [i, extra] of [{ sample: 'rwm' }, { resample: 'syst' }, { volumeVariation: 0.5 }].entries()) {
      const { evidence, posterior, ess } = await runToEnd({ ...gaussianProblem(mu), ...(extra as object), randomState: 40 + i }, 2048);
      expect(Math.abs(evidence.logz - gaussianLogZ(3))).toBeLessThan(3 * evidence.logzErr);
      for (let j = 0; j < 3; j++) expectMean(weightedMoments(posterior.samples, posterior.weights, j).mean, mu[j], 1, ess);
    }
  });
});

describe('non-finite likelihoods and boundaries', () => {
  it('treats -Infinity as zero likelihood: a Gaussian cut in half has log Z = -ln 800', async () => {
    const gauss = gaussianLogLikelihood([0, 0]);
    const { evidence, posterior, ess } = await runToEnd({
      nDim: 2, priorTransform: boxPrior(10), randomState: 3,
      logLikelihood: (x: Float64Array) => (x[0] > 0 ? gauss(x) : -Infinity),
    });
    expect(Math.abs(evidence.logz + Math.log(800))).toBeLessThan(3 * evidence.logzErr);
    for (let i = 0; i < posterior.samples.n; i++) expect(posterior.samples.get(i, 0)).toBeGreaterThan(0);
    // Half-normal: mean sqrt(2/pi), sd sqrt(1 - 2/pi).
    const m = weightedMoments(posterior.samples, posterior.weights, 0);
    expectMean(m.mean, Math.sqrt(2 / Math.PI), Math.sqrt(1 - 2 / Math.PI), ess);
  });

  it('rejects (never redraws) moves across a hard boundary: a truncated exponential against u = 0', async () => {
    const rate = 10;
    const gauss = gaussianLogLikelihood([0.5]);
    const { evidence, posterior, ess } = await runToEnd({
      nDim: 2, priorTransform: (u) => u, randomState: 5,
      // rate * exp(-rate x0) (a density on x0 > 0) times N(x1; 0.5, 0.1^2).
      logLikelihood: (x: Float64Array) => Math.log(rate) - rate * x[0] + gauss(Float64Array.of((x[1] - 0.5) / 0.1 + 0.5)) - Math.log(0.1),
    });
    expect(Math.abs(evidence.logz - Math.log(1 - Math.exp(-rate)))).toBeLessThan(3 * evidence.logzErr);
    const truncatedMean = 1 / rate - Math.exp(-rate) / (1 - Math.exp(-rate));
    const m = weightedMoments(posterior.samples, posterior.weights, 0);
    expectMean(m.mean, truncatedMean, 1 / rate, ess);
    expectVariance(m.variance, 1 / rate ** 2 - Math.exp(-rate) / (1 - Math.exp(-rate)) ** 2 * 1.0000000001, ess);
  });

  it('wraps periodic parameters: a von Mises straddling the wrap point', async () => {
    // exp(kappa cos 2 pi x) / I0(kappa) integrates to 1 over [0, 1): log Z = 0; E[cos 2 pi x] = I1/I0.
    const kappa = 4;
    const I0 = 11.30192195213633;
    const I1 = 9.759465153704449;
    const gauss = gaussianLogLikelihood([0.5]);
    const { evidence, posterior, ess } = await runToEnd({
      nDim: 2, priorTransform: (u) => u, periodic: [0], randomState: 8,
      logLikelihood: (x: Float64Array) => kappa * Math.cos(2 * Math.PI * x[0]) - Math.log(I0) + gauss(Float64Array.of((x[1] - 0.5) / 0.1 + 0.5)) - Math.log(0.1),
    });
    expect(Math.abs(evidence.logz)).toBeLessThan(3 * evidence.logzErr);
    let meanCos = 0;
    for (let i = 0; i < posterior.samples.n; i++) meanCos += posterior.weights[i] * Math.cos(2 * Math.PI * posterior.samples.get(i, 0));
    const varCos = 0.5 * (1 + 1.0 - (2 * I1) / kappa / I0) - (I1 / I0) ** 2; // E[cos^2] = (1 + I2/I0)/2, I2 = I0 - 2 I1/kappa
    expectMean(meanCos, I1 / I0, Math.sqrt(varCos), ess);
  });

  it('mirrors reflective parameters: a half-normal against u = 0', async () => {
    const sd = 0.2;
    const { evidence, sampler } = await runToEnd({
      nDim: 2, priorTransform: (u) => u, reflective: [0], randomState: 9,
      logLikelihood: (x: Float64Array) => Math.log(2) - 0.5 * Math.log(2 * Math.PI * sd * sd) - (0.5 * x[0] * x[0]) / (sd * sd) - 0.5 * Math.log(2 * Math.PI * 0.01) - (0.5 * (x[1] - 0.5) ** 2) / 0.01,
    });
    expect(Math.abs(evidence.logz)).toBeLessThan(3 * evidence.logzErr);
    // Particles that meet the boundary are correlated beyond what tau = 4 allows for (seeds 1-20:
    // naive z down to -9), so the mean is judged by the genealogy's error, which covers them
    // (seeds 1-20: |z| <= 2.8, sd 1.0).
    const { mean, error } = sampler.expectation((x) => x[0]);
    expect(Math.abs(mean - sd * Math.sqrt(2 / Math.PI))).toBeLessThan(SIGMAS * error);
    expect(error).toBeLessThan(0.01);
  });
});

describe('posterior outputs', () => {
  it('returns blobs aligned with samples, log-weights, and equal-weight resamples', async () => {
    const gauss = gaussianLogLikelihood([0, 0]);
    const sampler = new Sampler({
      nDim: 2, priorTransform: boxPrior(5), randomState: 21,
      logLikelihood: (x: Float64Array) => [gauss(x), { sum: x[0] + x[1] }] as const,
    });
    await sampler.run({ nTotal: 512 });
    const p = sampler.posterior({ returnBlobs: true, returnLogw: true });
    expect(p.blobs).toHaveLength(p.samples.n);
    for (let i = 0; i < p.samples.n; i++) {
      expect((p.blobs![i] as { sum: number }).sum).toBe(p.samples.get(i, 0) + p.samples.get(i, 1));
      expect(p.logw![i]).toBeCloseTo(Math.log(p.weights[i]), 12);
    }
    const r = sampler.posterior({ resample: true });
    expect(new Set(r.weights).size).toBe(1);
    expect(r.weights[0]).toBeCloseTo(1 / r.samples.n, 15);
    const untrimmed = sampler.posterior({ trimImportanceWeights: false });
    // Every stored particle, and the closing sample's draws after them.
    expect(untrimmed.samples.n).toBe(sampler.results().x.n + sampler.evidence().closing!.calls);
    expect(untrimmed.samples.n).toBeGreaterThan(p.samples.n);
    // Reading per parameter and per sample agree.
    expect(p.samples.column(1)[3]).toBe(p.samples.row(3)[1]);
  });

  it('reports diagnostics for every iteration', async () => {
    const sampler = new Sampler({ ...gaussianProblem([0, 0]), randomState: 2 });
    const seen: number[] = [];
    const lines: string[] = [];
    const results = await sampler.run({ nTotal: 512, onIteration: (i) => void seen.push(i.iteration), progress: (l) => void lines.push(l) });
    expect(seen).toEqual(results.iterations.map((i) => i.iteration));
    expect(lines[0]).toMatch(/^iter 1 \| calls \d+ \| beta 0\.0000 \| ESS \d+ \| logZ /);
    const last = results.iterations[results.iterations.length - 1];
    expect(last.beta).toBe(1);
    expect(sampler.beta).toBe(1);
    expect(results.calls).toBe(sampler.calls);
    for (let k = 1; k < results.iterations.length; k++) expect(results.iterations[k].beta).toBeGreaterThanOrEqual(results.iterations[k - 1].beta);
  });
});

describe('a straight-line fit with unknown noise (funnel-shaped tempered posteriors)', () => {
  it('recovers the quadrature log Z and the least-squares slope and intercept', async () => {
    const { trueLogZ, slope, intercept, ...model } = linearRegression();
    const { evidence, posterior, ess } = await runToEnd({ ...model, randomState: 6 });
    expect(Math.abs(evidence.logz - trueLogZ)).toBeLessThan(3 * evidence.logzErr);
    // Flat priors: the marginal posterior of slope and intercept is a Student-t centred on
    // the least-squares values; its sd is estimated from the samples themselves.
    for (const [j, centre] of [[0, slope], [1, intercept]]) {
      const m = weightedMoments(posterior.samples, posterior.weights, j);
      expectMean(m.mean, centre, Math.sqrt(m.variance), ess);
    }
  });
});
