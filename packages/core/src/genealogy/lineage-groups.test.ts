import { describe, expect, it } from 'vitest';
import { ParticleHistory } from '../particles/particle-history.js';
import { createActiveSet } from '../particles/particle-columns.js';
import { RandomGenerator } from '../random/random-generator.js';
import { multinomialResampler, systematicResampler } from '../resampling/resampler.js';
import { groupEvidenceError, groupFraction, groupLogEvidences, groupOfLineage, resampleWithinGroups } from './lineage-groups.js';

/**
 * A Persistent Sampling history of a 1-D Gaussian likelihood (sd 0.1) under a U(-1, 1) prior,
 * n exact draws of each tempered target per iteration, slot i in lineage i, each iteration's
 * log Z the pooled estimate from the iterations before it (as the sampler commits them).
 */
function gaussianHistory(n: number, betas: number[], seed: number): ParticleHistory {
  const rng = new RandomGenerator(seed);
  const h = new ParticleHistory(1);
  for (const beta of betas) {
    const set = createActiveSet(n, 1, false);
    for (let i = 0; i < n; i++) {
      let x: number;
      do x = beta === 0 ? 2 * rng.uniform() - 1 : (0.1 / Math.sqrt(beta)) * rng.normal();
      while (x < -1 || x > 1);
      set.x[i] = x;
      set.u[i] = (x + 1) / 2;
      set.logl[i] = -0.5 * (x / 0.1) ** 2;
      set.lineage[i] = i;
    }
    h.commit(set, beta, h.length === 0 ? 0 : h.logWeights(new Float64Array(h.length), beta));
  }
  return h;
}

describe('lineage groups', () => {
  it('deal the slots round-robin and follow the prior draw a lineage began with', () => {
    expect([0, 1, 2, 3, 4, 10, 11].map((l) => groupOfLineage(l, 10, 4))).toEqual([0, 1, 2, 3, 0, 0, 1]);
    expect([0, 1, 2, 3].map((g) => groupFraction(g, 10, 4))).toEqual([0.3, 0.3, 0.2, 0.2]);
    expect([0, 1, 2, 3].reduce((s, g) => s + groupFraction(g, 10, 4), 0)).toBeCloseTo(1, 15);
  });

  it.each([multinomialResampler, systematicResampler])('resample every slot from its own group only ($name)', (resampler) => {
    const rng = new RandomGenerator(3);
    const n = 24;
    const N = 200;
    const G = 4;
    const lineage = Int32Array.from({ length: N }, () => rng.integer(5 * n));
    const weights = Float64Array.from({ length: N }, () => rng.uniform() ** 4);
    const picks = new Int32Array(n);
    resampleWithinGroups(picks, weights, lineage, G, resampler, rng);
    for (let k = 0; k < n; k++) expect(groupOfLineage(lineage[picks[k]], n, G)).toBe(k % G);
  });

  it('with one group is the resampler itself, draw for draw', () => {
    const weights = Float64Array.from({ length: 50 }, (_, s) => 1 + (s % 7));
    const a = new Int32Array(16);
    const b = new Int32Array(16);
    resampleWithinGroups(a, weights, new Int32Array(50), 1, multinomialResampler, new RandomGenerator(9));
    multinomialResampler.resample(b, weights, new RandomGenerator(9));
    expect(a).toEqual(b);
  });

  it('draws a group without weight from the whole history instead of failing', () => {
    const lineage = Int32Array.of(0, 1, 0, 1);
    const weights = Float64Array.of(1, 0, 2, 0);
    const picks = new Int32Array(2);
    resampleWithinGroups(picks, weights, lineage, 2, multinomialResampler, new RandomGenerator(1));
    expect([0, 2]).toContain(picks[1]);
  });
});

describe('groupLogEvidences', () => {
  it('with one group reproduces the pooled Persistent Sampling evidence', () => {
    const h = gaussianHistory(64, [0, 0.05, 0.2, 0.6, 1], 5);
    const pooled = h.logWeights(new Float64Array(h.length), 1);
    expect(groupLogEvidences(h, 64, 1)[0]).toBeCloseTo(pooled, 12);
  });

  // Over R seeds the groups' mean is within one group error of the truth in about
  // P(|t_7| < 1) = 0.65 of them (7 degrees of freedom from 8 groups); binomial sd sqrt(0.65 * 0.35 / R)
  // = 0.075 for R = 40 gives [0.42, 0.88] at 3 sd. The mean reported error must match the actual
  // scatter within a factor 1.5 (the sd of an RMS over 40 values is about 11%).
  it('gives each group an estimate of Z whose spread is the error of their mean, over seeds', () => {
    const truth = Math.log((0.1 * Math.sqrt(2 * Math.PI)) / 2);
    const R = 40;
    let within = 0;
    let sumSq = 0;
    let sumErr = 0;
    for (let seed = 1; seed <= R; seed++) {
      const h = gaussianHistory(256, [0, 0.01, 0.05, 0.2, 0.6, 1, 1], seed);
      const { error, logz } = groupEvidenceError(groupLogEvidences(h, 256, 8), 256);
      if (Math.abs(logz - truth) < error) within++;
      sumSq += (logz - truth) ** 2;
      sumErr += error;
    }
    expect(within / R).toBeGreaterThanOrEqual(0.42);
    expect(within / R).toBeLessThanOrEqual(0.88);
    const ratio = sumErr / R / Math.sqrt(sumSq / R);
    expect(ratio).toBeGreaterThan(1 / 1.5);
    expect(ratio).toBeLessThan(1.5);
  });

  it('reports no spread for identical groups and an infinite error for one group or none with weight', () => {
    expect(groupEvidenceError(Float64Array.of(-2, -2, -2, -2), 8).error).toBeCloseTo(0, 12);
    expect(groupEvidenceError(Float64Array.of(-2), 8).error).toBe(Infinity);
    expect(groupEvidenceError(Float64Array.of(-Infinity, -Infinity), 8).error).toBe(Infinity);
  });
});
