import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { cholesky } from '../math/cholesky.js';
import { logDeterminantFromCholesky } from '../math/log-determinant.js';
import { weightedCovariance, weightedMean } from '../math/weighted-moments.js';
import { partitionGains } from './partition-gains.js';

/** Both gains from the determinants themselves: ½ ln |Σ_total| − ½ ln |Σ_pooled| (or − Σ π ½ ln |Σ_k|) + Σ π ln π. */
function gainsFromDeterminants(data: Float64Array, m: number, d: number, w: Float64Array, inA: Uint8Array): { shared: number; full: number } {
  const logDet = (cov: Float64Array) => {
    const L = new Float64Array(d * d);
    expect(cholesky(L, cov, d)).toBe(true);
    return logDeterminantFromCholesky(L, d);
  };
  const moments = (keep: (k: number) => boolean) => {
    const rows = Array.from({ length: m }, (_, k) => k).filter(keep);
    const sub = new Float64Array(rows.length * d);
    rows.forEach((k, r) => sub.set(data.subarray(k * d, (k + 1) * d), r * d));
    const sw = Float64Array.from(rows, (k) => w[k]);
    const mean = new Float64Array(d);
    weightedMean(mean, sub, rows.length, d, sw);
    const cov = new Float64Array(d * d);
    weightedCovariance(cov, sub, rows.length, d, mean, sw);
    return { cov, weight: sw.reduce((s, v) => s + v, 0) };
  };
  const all = moments(() => true);
  const a = moments((k) => inA[k] === 1);
  const b = moments((k) => inA[k] === 0);
  const pa = a.weight / all.weight;
  const pb = b.weight / all.weight;
  const pooled = a.cov.map((v, k) => pa * v + pb * b.cov[k]);
  const mixing = pa * Math.log(pa) + pb * Math.log(pb);
  return {
    shared: 0.5 * (logDet(all.cov) - logDet(pooled)) + mixing,
    full: 0.5 * (logDet(all.cov) - pa * logDet(a.cov) - pb * logDet(b.cov)) + mixing,
  };
}

describe('partitionGains', () => {
  it('equals the determinants\' form of both gains for any partition and weights', () => {
    const rng = new RandomGenerator(11);
    for (const d of [1, 3, 8]) {
      const m = 400;
      const data = Float64Array.from({ length: m * d }, () => rng.normal() + (rng.uniform() < 0.3 ? 2 : 0));
      const w = Float64Array.from({ length: m }, () => 0.1 + rng.uniform());
      const inA = Uint8Array.from({ length: m }, (_, k) => (data[k * d] + 0.3 * rng.normal() > 0.5 ? 1 : 0));
      const { shared, full } = gainsFromDeterminants(data, m, d, w, inA);
      expect(full).toBeGreaterThan(shared);
      expect(partitionGains(data, m, d, w, inA)).toEqual({ shared: expect.closeTo(shared, 10), full: expect.closeTo(full, 10) });
    }
  });

  it('is negative for one Gaussian cut at its mean: ½ ln(π / (π − 2)) − ln 2 ≈ −0.187', () => {
    // 200,000 points: the gain's sampling sd is below 0.002, so 0.01 is five of them.
    const rng = new RandomGenerator(12);
    const m = 200_000;
    const d = 2;
    const data = Float64Array.from({ length: m * d }, () => rng.normal());
    const inA = Uint8Array.from({ length: m }, (_, k) => (data[k * d] < 0 ? 1 : 0));
    const gain = partitionGains(data, m, d, new Float64Array(m).fill(1), inA).shared;
    expect(gain).toBeCloseTo(0.5 * Math.log(Math.PI / (Math.PI - 2)) - Math.LN2, 2);
    expect(gain).toBeLessThan(0);
  });

  it('grows as ½ ln(1 + Δ²/4) − ln 2 for two equal unit Gaussians Δ apart, whatever the dimension', () => {
    const rng = new RandomGenerator(13);
    const m = 20_000;
    for (const [d, delta] of [[2, 3], [20, 6], [20, 12]]) {
      const data = new Float64Array(m * d);
      const inA = new Uint8Array(m);
      for (let k = 0; k < m; k++) {
        inA[k] = k < m / 2 ? 1 : 0;
        for (let j = 0; j < d; j++) data[k * d + j] = rng.normal() + (j === 0 && inA[k] ? delta : 0);
      }
      // The fitted pooled covariance has d(d + 1)/2 entries from m points: a relative error of about d/m.
      expect(partitionGains(data, m, d, new Float64Array(m).fill(1), inA).shared).toBeCloseTo(0.5 * Math.log1p(delta ** 2 / 4) - Math.LN2, 1);
    }
  });

  it('is -Infinity when a group is empty', () => {
    const data = new Float64Array([0, 1, 2, 3]);
    expect(partitionGains(data, 4, 1, new Float64Array(4).fill(1), new Uint8Array(4).fill(1))).toEqual({ shared: -Infinity, full: -Infinity });
  });
});
