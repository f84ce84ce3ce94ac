import { describe, expect, it } from 'vitest';
import { Sampler } from '../sampler/sampler.js';

const run = async (finiteBelow: number) => {
  // Finite (a Gaussian in u1) where u0 < finiteBelow: that share of the prior.
  const s = new Sampler({ nDim: 2, priorTransform: (u) => u, logLikelihood: (x) => (x[0] < finiteBelow ? -0.5 * ((x[1] - 0.5) / 0.1) ** 2 : -Infinity), nParticles: 32, randomState: 3, closingDraws: 0, reanneal: false });
  await s.run({ nTotal: 128 });
  return s.results().convergence;
};

describe('the priorSupport check', () => {
  it('passes where every particle started from a finite draw of its own, and says how many there were', async () => {
    const c = await run(0.5);
    const check = c.checks.find((k) => k.name === 'priorSupport')!;
    expect(check).toMatchObject({ passed: true, tested: true });
    expect(check.detail).toMatch(/^\d+ of \d+ prior draws had a finite likelihood: every particle started from a draw of its own\.$/);
  });

  it('fails where the first iteration ran out of prior batches with fewer finite draws than particles, and says what to change', async () => {
    // 1e-4 of the prior: about 3 finite draws in 1024 batches of 32.
    const c = await run(1e-4);
    const check = c.checks.find((k) => k.name === 'priorSupport')!;
    expect(check.passed).toBe(false);
    expect(check.statistic).toBeLessThan(1);
    expect(check.detail).toMatch(/^Only \d+ of 32768 prior draws had a finite likelihood, so the run started from copies of \d+ points for its 32 particles/);
    expect(c.converged).toBe(false);
    expect(c.summary).toMatch(/narrow the prior toward the region where the likelihood is finite/);
  });

  it('is absent where every prior draw was finite', async () => {
    const c = await run(2);
    expect(c.checks.some((k) => k.name === 'priorSupport')).toBe(false);
  });
});
