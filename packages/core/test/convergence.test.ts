// The convergence verdict and replicate runs (nRuns): small problems, fixed seeds.
import { describe, expect, it } from 'vitest';
import { Sampler, TempestError } from '../src/index.js';
import { chiSquareTail } from '../src/math/chi-square.js';
import { boxLogLikelihood, boxPrior, gaussianLogZ, gaussianProblem, nealFunnel } from './helpers.js';

async function collectWarnings<T>(body: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const listener = (w: Error) => { if (w.name === 'TempestWarning') warnings.push(w.message); };
  process.on('warning', listener);
  try {
    const value = await body();
    await new Promise((r) => setImmediate(r));
    return { value, warnings };
  } finally {
    process.off('warning', listener);
  }
}

describe('convergence verdict', () => {
  it('vouches for a Gaussian: no chain capped, the particles at beta = 1 in equilibrium and stationary', async () => {
    const sampler = new Sampler({ ...gaussianProblem([0.5, -1, 0, 2, 1]), randomState: 11 });
    const { value: results, warnings } = await collectWarnings(() => sampler.run({ nTotal: 2048 }));
    expect(results.convergence.converged).toBe(true);
    const byName = Object.fromEntries(results.convergence.checks.map((c) => [c.name, c]));
    expect(results.convergence.capped.iterations).toBe(0);
    expect(byName.stationarity.tested).toBe(true);
    expect(Math.abs(byName.stationarity.statistic)).toBeLessThan(3.5);
    expect(byName.equilibrium.tested).toBe(true);
    expect(Math.abs(byName.equilibrium.statistic)).toBeLessThan(3.5);
    expect(byName.anneal.tested).toBe(true);
    expect(byName.anneal.passed).toBe(true);
    expect(warnings.filter((w) => w.startsWith('Not converged'))).toEqual([]);
    // The chains stopped because they decorrelated, not at the cap.
    for (const i of results.iterations.filter((it) => it.beta > 0)) expect(i.correlation).toBeLessThan(0.05 / 0.9 + 1e-12);
  });

  it('says a funnel it cannot mix is not converged, with the drift and what to change, and warns', async () => {
    // One pass (reanneal: false); reanneal.test.ts has what the default second pass makes of it.
    const sampler = new Sampler({ nDim: 10, priorTransform: boxPrior(10), logLikelihood: nealFunnel, randomState: 4, reanneal: false });
    const { value: results, warnings } = await collectWarnings(() => sampler.run());
    // The anneal is wrong (-1.0 in log Z, 16 reported errors) ...
    const { annealed, closing } = sampler.evidence();
    expect(annealed!.logz - -30.094608).toBeLessThan(-5 * annealed!.logzErr);
    // ... its closing sample, heavy-tailed (k-hat 0.69) but 6 errors higher, stands as a floor
    // under it: log Z 0.45 nearer the truth, with that difference as its error (z -1.3) ...
    expect(closing).toMatchObject({ used: false, floor: true });
    expect(results.logz).toBe(closing!.logz);
    expect(results.logzErr).toBeCloseTo(closing!.logz - annealed!.logz, 12);
    expect(Math.abs(results.logz - -30.094608)).toBeLessThan(2 * results.logzErr);
    // ... and says so.
    expect(results.convergence.converged).toBe(false);
    // The chains keep raising the likelihood of the starts resampled from the history (z 8-10
    // over seeds 1-6 of the accuracy suite's version of this funnel; at most 3 on its Gaussians).
    const gain = results.convergence.checks.find((c) => c.name === 'equilibrium')!;
    expect(gain.passed).toBe(false);
    expect(gain.statistic).toBeGreaterThan(5);
    expect(results.convergence.summary).toMatch(/chains raised the log-likelihood .* too low.* reparametrise/s);
    expect(warnings.some((w) => w.startsWith('Not converged'))).toBe(true);
  });

  it('says so when a region of high likelihood was found only during the anneal (a phase transition)', async () => {
    // UltraNest's box problem (Buchner's space-of-inference-spaces): a Gaussian of width 0.1 in the
    // corner of [0, 1]^5, plus 100 inside [0, 0.1]^5 (10^-5 of the prior). The chains find the box
    // only at beta near 0.17, after the temperatures where it already held most of the tempered
    // mass: log Z = 100 + 5 ln(0.1 sqrt(2 pi) (Phi(1) - 1/2)) = 87.707 (the Gaussian outside the box
    // adds e^-95 of that), and the run comes out 5 to 13 too low, while at beta = 1 all looks settled.
    const d = 5;
    const logLikelihood = boxLogLikelihood(d);
    // reanneal: false reports the first pass; by default the run anneals again (reanneal.test.ts).
    const sampler = new Sampler({ nDim: d, priorTransform: (u) => u.slice(), logLikelihood, randomState: 1, reanneal: false });
    const { value: results } = await collectWarnings(() => sampler.run());
    const { annealed, closing } = sampler.evidence();
    expect(annealed!.logz - 87.707).toBeLessThan(-2);
    // The closing sample, drawn from the mixture fitted at beta = 1 where the box is found, lies far
    // above the anneal: its log Z is reported, with the difference as its error.
    expect(closing?.used).toBe(true);
    expect(Math.abs(results.logz - 87.707)).toBeLessThan(results.logzErr);
    expect(results.logzErr).toBeCloseTo(closing!.logz - annealed!.logz, 12);
    expect(results.firstPass).toBeUndefined();
    const byName = Object.fromEntries(results.convergence.checks.map((c) => [c.name, c]));
    expect(byName.equilibrium.passed).toBe(true);
    expect(byName.anneal.passed).toBe(false);
    expect(byName.anneal.statistic).toBeGreaterThan(10);
    expect(results.convergence.converged).toBe(false);
    expect(results.convergence.summary).toMatch(/Over the anneal the chains raised .* found only as the temperature fell/s);
  });
});

describe('replicate runs (nRuns)', () => {
  const problem = gaussianProblem([1, -1]);

  it('combine independent runs: run 1 is the plain run, Z is their mean, the error covers their spread', async () => {
    const single = new Sampler({ ...problem, randomState: 5 });
    await single.run({ nTotal: 1024 });
    const replicated = new Sampler({ ...problem, randomState: 5, nRuns: 3 });
    const results = await replicated.run({ nTotal: 1024 });
    const evidence = replicated.evidence() as ReturnType<Sampler['evidence']> & { runs: { logz: number; logzErr: number }[]; spreadErr: number; genealogyErr: number };
    expect(evidence.runs).toHaveLength(3);
    const { logz: singleLogz, logzErr: singleErr } = single.evidence();
    expect(evidence.runs[0]).toEqual({ logz: singleLogz, logzErr: singleErr });
    expect(new Set(evidence.runs.map((r) => r.logz)).size).toBe(3);
    const meanZ = evidence.runs.reduce((s, r) => s + Math.exp(r.logz), 0) / 3;
    expect(evidence.logz).toBeCloseTo(Math.log(meanZ), 12);
    expect(evidence.logzErr).toBe(Math.max(evidence.spreadErr, evidence.genealogyErr));
    expect(Math.abs(evidence.logz - gaussianLogZ(2))).toBeLessThan(4 * evidence.logzErr);
    expect(replicated.calls).toBe(results.calls);
    expect([results.logz, results.logzErr]).toEqual([evidence.logz, evidence.logzErr]);
    expect(results.calls).toBeGreaterThan(2.5 * single.calls);
    const { weights } = replicated.posterior();
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    expect(results.logw.length).toBe(results.logl.length);
    expect(results.convergence.checks.map((c) => c.name)).toContain('replicates');
    const mean = replicated.expectation((x) => x[0]);
    expect(Math.abs(mean.mean - 1)).toBeLessThan(4 * mean.error + 0.02);
  });

  it('refuse single-run operations with a clear error', async () => {
    const replicated = new Sampler({ ...problem, randomState: 5, nRuns: 2 });
    await expect(replicated.saveState('x.state')).rejects.toSatisfy((e: unknown) => TempestError.is(e, 'INVALID_ARGUMENT') && /nRuns = 2/.test((e as Error).message));
    await expect(replicated.run({ resumeStatePath: 'x.state' })).rejects.toThrow(/resume each run with its own sampler/);
    expect(() => new Sampler({ ...problem, nRuns: 0 })).toThrow(/nRuns must be a positive integer/);
  });

  it('test agreement with the chi-square tail (p = 0.01 at 11.345 on 3 degrees of freedom)', () => {
    expect(chiSquareTail(11.345, 3)).toBeCloseTo(0.01, 4);
    expect(chiSquareTail(0, 2)).toBe(1);
  });
});

describe('calibration of the equilibrium statistic', () => {
  it('is about standard normal when the chains mix (12 seeds of a 3-D Gaussian)', async () => {
    const zs: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const sampler = new Sampler({ ...gaussianProblem([0.3, -0.2, 1]), randomState: 100 + seed });
      const results = await sampler.run({ nTotal: 2048 });
      zs.push(results.convergence.checks.find((c) => c.name === 'equilibrium')!.statistic);
      expect(results.convergence.converged, results.convergence.summary).toBe(true);
    }
    const mean = zs.reduce((s, z) => s + z, 0) / zs.length;
    const sd = Math.sqrt(zs.reduce((s, z) => s + (z - mean) ** 2, 0) / (zs.length - 1));
    // For 12 standard normal draws: the mean has sd 0.29 (|mean| < 1.2 is 4 sd), and the sample
    // sd lies in [0.5, 1.6] with probability above 0.99 (chi-square on 11 degrees of freedom).
    expect(Math.abs(mean)).toBeLessThan(1.2);
    expect(sd).toBeGreaterThan(0.5);
    expect(sd).toBeLessThan(1.6);
  });
});
