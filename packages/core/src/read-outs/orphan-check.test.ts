import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { ORPHAN_EVIDENCE_RATIO, ORPHAN_SHIFT_ERRORS, orphanShortfall } from './orphan-check.js';

describe('what the anneal lacks in the regions its closing sample found (orphanShortfall)', () => {
  it('fails an anneal that lacks a region the draws weigh at a third of the posterior (the spike and slab)', () => {
    // Seed 1 of the 2-D spike and slab: the draws put 35% of their posterior in the spike, the
    // anneal 0.4%; the draws' log Z is 0.46 above the anneal's (0.065 its error).
    const r = orphanShortfall({ draws: 0.346, history: 0.0043 }, -4.882, { logz: -5.339, logzErr: 0.065 });
    expect(r.ratio).toBeGreaterThan(100);
    // ln(1 + 0.346 e^0.457 - 0.0043) = 0.43, 6.6 of the anneal's errors.
    expect(r.shift).toBeCloseTo(Math.log1p(0.346 * Math.exp(0.457) - 0.0043), 12);
    expect(r.z).toBeGreaterThan(6);
    expect(r.passed).toBe(false);
  });

  it('passes where the anneal weighs the region a few times less than the draws (the far reaches of one mode)', () => {
    // The 10-D Rosenbrock chain, seed 1: 13.7% against 3.1%, both estimates near one log Z.
    const r = orphanShortfall({ draws: 0.137, history: 0.0305 }, -38.297, { logz: -38.265, logzErr: 0.173 });
    expect(r.ratio).toBeLessThan(ORPHAN_EVIDENCE_RATIO);
    expect(r.passed).toBe(true);
  });

  it('passes where the region moves log Z by less than the anneal\'s error, however much more the draws put there', () => {
    const r = orphanShortfall({ draws: 0.002, history: 0 }, -10, { logz: -10, logzErr: 0.02 });
    expect(r.ratio).toBe(Infinity);
    expect(r.z).toBeLessThan(ORPHAN_SHIFT_ERRORS);
    expect(r.passed).toBe(true);
    // No region weight in either: nothing to compare, nothing fails.
    expect(orphanShortfall({ draws: 0, history: 0 }, -10, { logz: -10, logzErr: 0.02 }).passed).toBe(true);
  });

  it('fails an anneal that weighed the region right at most 1 time in 20, however heavy the tail of the draws\' weights (Markov)', () => {
    // A region holding 10% of the evidence, drawn by a quarter of M = 512 draws whose ratios
    // there are Pareto with tail shape 0.9 (k-hat 0.9: their error is no guide), scaled to the
    // region's evidence; the anneal weighs the region right (its share and log Z exact).
    const M = 512;
    const inRegion = M / 4;
    const k = 0.9;
    const mean = 1 / (1 - k);
    let alarms = 0;
    const reps = 2000;
    for (let seed = 1; seed <= reps; seed++) {
      const rng = new RandomGenerator(seed);
      let region = 0;
      for (let i = 0; i < inRegion; i++) region += rng.uniformOpen() ** -k / mean;
      // Region evidence 0.1 (the rest, 0.9, drawn exactly), so the draws' share and log Z follow.
      const regionEstimate = (0.1 * region) / inRegion;
      const total = 0.9 + regionEstimate;
      const r = orphanShortfall({ draws: regionEstimate / total, history: 0.1 }, Math.log(total), { logz: 0, logzErr: 1e-3 });
      if (!r.passed) alarms++;
    }
    // Markov's bound: P(estimate >= 20 x its mean) <= 1/20; a heavy tail puts most of the
    // estimates below their mean, so the share is far smaller (over 2,000 samples).
    expect(alarms / reps).toBeLessThan(1 / ORPHAN_EVIDENCE_RATIO);
  });
});
