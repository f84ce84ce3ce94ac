import { describe, expect, it } from 'vitest';
import { effectiveSampleSizeFromLogWeights } from '../math/effective-sample-size.js';
import { ParticleHistory } from '../particles/particle-history.js';
import { RandomGenerator } from '../random/random-generator.js';
import { TemperatureSearch } from './temperature-search.js';

/** A history of one prior iteration: n points with log-likelihood -x^2/2 (x uniform on [-50, 50]). */
function priorHistory(n: number): ParticleHistory {
  const rng = new RandomGenerator(4);
  const u = new Float64Array(n);
  rng.fillUniform(u);
  const x = u.map((v) => 100 * v - 50);
  const h = new ParticleHistory(1);
  h.commit({ u, x, logl: x.map((v) => -0.5 * v * v), lineage: new Int32Array(n), survival: new Float64Array(n), blobs: undefined, n }, 0, 0);
  return h;
}

describe('TemperatureSearch', () => {
  it('bisects beta so that the history ESS meets the target within its tolerance', () => {
    const h = priorHistory(2000);
    const choice = new TemperatureSearch(1, 500, undefined).next(h, 0);
    expect(choice.beta).toBeGreaterThan(0);
    expect(choice.beta).toBeLessThan(1);
    expect(Math.abs(choice.ess - 500)).toBeLessThan(0.01 * 500);
    expect(effectiveSampleSizeFromLogWeights(choice.logw)).toBeCloseTo(choice.ess, 9);
    expect(choice.evaluations).toBeGreaterThan(2);
  });

  it('takes beta = 1 when the ESS stays above the target, and stays put when it is already below', () => {
    const h = priorHistory(2000);
    expect(new TemperatureSearch(1, 10, undefined).next(h, 0).beta).toBe(1);
    expect(new TemperatureSearch(1, 5000, undefined).next(h, 0.3).beta).toBe(0.3);
  });

  it('limits beta by the volume variation in dynamic mode', () => {
    const h = priorHistory(2000);
    const plain = new TemperatureSearch(1, 200, undefined).next(h, 0);
    const dynamic = new TemperatureSearch(1, 200, 0.05).next(h, 0);
    expect(dynamic.beta).toBeLessThanOrEqual(plain.beta);
    expect(dynamic.cv).toBeLessThanOrEqual(0.05 + 0.01);
  });

  it('gives log Z of the prior iteration at beta = 0 and the log-weights\' logsumexp elsewhere', () => {
    const h = priorHistory(100);
    const search = new TemperatureSearch(1, 50, undefined);
    expect(search.evaluate(h, 0).logz).toBeCloseTo(0, 12);
    const { logw, logz } = search.evaluate(h, 0.5);
    let max = -Infinity;
    for (const v of logw) max = Math.max(max, v);
    let sum = 0;
    for (const v of logw) sum += Math.exp(v - max);
    expect(logz).toBeCloseTo(max + Math.log(sum), 12);
  });
});
