import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { multinomialResample } from '../math/resample.js';
import { mergeProbability, newLineages, resamplingSurvival } from './ancestry.js';

describe('newLineages', () => {
  it('numbers fresh draws consecutively after the lineages already started', () => {
    expect(Array.from(newLineages(4, 10))).toEqual([10, 11, 12, 13]);
  });
});

describe('mergeProbability', () => {
  it('is 0 for distinct parents and for fewer than two particles', () => {
    expect(mergeProbability(Int32Array.of(0, 1, 2, 3), 4)).toBe(0);
    expect(mergeProbability(Int32Array.of(2), 4)).toBe(0);
  });

  it('counts the pairs sharing a parent: one parent of 3 among 4 particles gives 3 of 6 pairs', () => {
    expect(mergeProbability(Int32Array.of(1, 1, 1, 0), 2)).toBe(0.5);
  });

  it('stays below 1 when every particle has the same parent, so its log-complement is finite', () => {
    const p = mergeProbability(new Int32Array(8), 1);
    expect(p).toBeLessThan(1);
    expect(Number.isFinite(resamplingSurvival(new Int32Array(8), 1))).toBe(true);
  });

  it('averages 1/ESS under multinomial resampling (within 5 standard errors over 400 draws)', () => {
    // Weights with ESS = 1 / sum w^2 = 20 over 100 particles: 20 particles of weight 1/20.
    const weights = new Float64Array(100);
    weights.fill(1 / 20, 0, 20);
    const rng = new RandomGenerator(3);
    const picks = new Int32Array(50);
    const draws: number[] = [];
    for (let r = 0; r < 400; r++) {
      multinomialResample(picks, weights, rng);
      draws.push(mergeProbability(picks, 100));
    }
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws.length - 1));
    expect(Math.abs(mean - 1 / 20)).toBeLessThan((5 * sd) / Math.sqrt(draws.length));
  });
});
