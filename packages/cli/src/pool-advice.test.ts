import { describe, expect, it } from 'vitest';
import { poolAdvice } from './pool-advice.js';

describe('poolAdvice', () => {
  it('says a pool will not help when the likelihood is a small share of the time (Amdahl: at most 1/(1 − share))', () => {
    expect(poolAdvice({ likelihoodShare: 0.2, msPerCall: 0.005 }, { kind: 'serial' }, 1.6)).toBe(
      'Time: the likelihood took 20% of the 1.6 s of sampling (0.005 ms per call): even free of messages a pool could make this run at most 1.25× faster, so a pool will not help (the sampler\'s own work dominates).');
  });

  it('tells a run on a pool that serial is likely faster when the likelihood is a small share', () => {
    expect(poolAdvice({ likelihoodShare: 0.3, msPerCall: 0.2 }, { kind: 'threads', size: 2 }, 4)).toMatch(/at most 1\.43× faster, and its messages cost more than that; --pool serial is likely faster\.$/);
  });

  it('suggests a pool for a costly likelihood that dominates, and vectorizing for a cheap one', () => {
    expect(poolAdvice({ likelihoodShare: 0.95, msPerCall: 3 }, { kind: 'serial' }, 60)).toMatch(/a pool \(--pool threads\) could make the run up to 20\.0× faster with enough workers\.$/);
    expect(poolAdvice({ likelihoodShare: 0.8, msPerCall: 0.02 }, { kind: 'main' }, 10)).toMatch(/calls this cheap gain little from a pool.*vectorize/);
    expect(poolAdvice({ likelihoodShare: 0.9, msPerCall: 1 }, { kind: 'processes', size: 4 }, 10)).toBe('Time: the likelihood took 90% of the 10.0 s of sampling (1.000 ms per call).');
  });
});
