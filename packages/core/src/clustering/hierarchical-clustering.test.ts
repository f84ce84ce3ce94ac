import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { HierarchicalClustering } from './hierarchical-clustering.js';

const settings = { normalize: true, splitThreshold: 1, nMaxClusters: undefined };

/** n points around each centre (isotropic, sd `sd`), in order of the centres. */
function blobs(rng: RandomGenerator, centres: number[][], n: number, sd: number) {
  const d = centres[0].length;
  const data = new Float64Array(centres.length * n * d);
  for (let c = 0; c < centres.length; c++) for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[(c * n + i) * d + j] = centres[c][j] + sd * rng.normal();
  return { data, total: centres.length * n, d };
}

/** Whether the labels group the points exactly as the blobs they came from. */
function matchesBlobs(labels: Int32Array, k: number, n: number): boolean {
  const seen = new Set<number>();
  for (let c = 0; c < k; c++) {
    const label = labels[c * n];
    if (seen.has(label)) return false;
    seen.add(label);
    for (let i = 0; i < n; i++) if (labels[c * n + i] !== label) return false;
  }
  return true;
}

describe('HierarchicalClustering', () => {
  it.each([
    [1, [[0.5, 0.5, 0.5]]],
    [2, [[0.2, 0.2, 0.2], [0.8, 0.8, 0.8]]],
    [3, [[0.2, 0.2, 0.5], [0.8, 0.2, 0.5], [0.5, 0.8, 0.5]]],
    [4, [[0.2, 0.2, 0.2], [0.8, 0.2, 0.2], [0.2, 0.8, 0.8], [0.8, 0.8, 0.8]]],
  ])('finds %i well-separated Gaussian clusters and labels every point by its cluster', (k, centres) => {
    const rng = new RandomGenerator(100 + k);
    const n = 300;
    const { data, total } = blobs(rng, centres, n, 0.03);
    const clustering = new HierarchicalClustering(3, settings);
    const labels = clustering.fit(data, total, new Float64Array(total).fill(1));
    expect(clustering.K).toBe(k);
    expect(matchesBlobs(labels, k, n)).toBe(true);
    expect(Array.from(clustering.predict(data, total))).toEqual(Array.from(labels));
  });

  it('does not split one Gaussian, with or without normalisation and with unequal weights', () => {
    const rng = new RandomGenerator(5);
    const { data, total } = blobs(rng, [[0.5, 0.5]], 3000, 0.1);
    const weights = Float64Array.from({ length: total }, () => 0.2 + rng.uniform());
    for (const normalize of [true, false]) {
      const clustering = new HierarchicalClustering(2, { ...settings, normalize });
      clustering.fit(data, total, weights);
      expect(clustering.K).toBe(1);
    }
  });

  it('stops at nMaxClusters and splits less as splitThreshold grows', () => {
    const rng = new RandomGenerator(6);
    const { data, total } = blobs(rng, [[0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]], 200, 0.02);
    const w = new Float64Array(total).fill(1);
    const capped = new HierarchicalClustering(2, { ...settings, nMaxClusters: 2 });
    capped.fit(data, total, w);
    expect(capped.K).toBe(2);
    const strict = new HierarchicalClustering(2, { ...settings, splitThreshold: 1e6 });
    strict.fit(data, total, w);
    expect(strict.K).toBe(1);
  });

  it('survives degenerate input: duplicates, fewer points than dimensions, a constant coordinate', () => {
    const d = 4;
    const cases = [
      new Float64Array(50 * d).fill(0.3),
      Float64Array.from({ length: 3 * d }, (_, i) => (i * 0.07) % 1),
      Float64Array.from({ length: 200 * d }, (_, i) => (i % d === 2 ? 0.5 : ((i * 0.6180339) % 1))),
    ];
    for (const data of cases) {
      const n = data.length / d;
      const clustering = new HierarchicalClustering(d, settings);
      const labels = clustering.fit(data, n, new Float64Array(n).fill(1));
      expect(labels).toHaveLength(n);
      for (const l of labels) expect(l >= 0 && l < clustering.K).toBe(true);
      expect(clustering.labelPoint(data, 0)).toBe(labels[0]);
    }
  });
});

/** The centres of a side x side grid in the unit square. */
function grid(side: number): number[][] {
  const centres: number[][] = [];
  for (let a = 0; a < side; a++) for (let b = 0; b < side; b++) centres.push([(a + 0.5) / side, (b + 0.5) / side]);
  return centres;
}

/** Whether every cluster holds points of one blob only, and every blob is the whole of some cluster's points' source. */
function separatesBlobs(labels: Int32Array, blobCount: number, n: number): boolean {
  const blobOfLabel = new Map<number, number>();
  for (let c = 0; c < blobCount; c++) {
    for (let i = 0; i < n; i++) {
      const label = labels[c * n + i];
      if ((blobOfLabel.get(label) ?? c) !== c) return false;
      blobOfLabel.set(label, c);
    }
  }
  return new Set(blobOfLabel.values()).size === blobCount;
}

describe('HierarchicalClustering, thorough search', () => {
  const thorough = { ...settings, clusterSearch: 'thorough' as const };

  it('separates three groups in a row, which a cut at the mean leaves as one cluster', () => {
    const rng = new RandomGenerator(1);
    const n = 100;
    const { data, total } = blobs(rng, [[0, 0.5], [1 / 3, 0.5], [2 / 3, 0.5]], n, 0.02);
    const w = new Float64Array(total).fill(1);
    const basic = new HierarchicalClustering(2, settings);
    basic.fit(data, total, w);
    expect(basic.K).toBe(1);
    const found = new HierarchicalClustering(2, thorough);
    expect(matchesBlobs(found.fit(data, total, w), 3, n)).toBe(true);
    expect(found.K).toBe(3);
  });

  it.each([[2, 2], [3, 3]])('separates every mode of a %i x %i grid of equal modes', (side) => {
    for (const seed of [1, 2, 3]) {
      const rng = new RandomGenerator(seed);
      const n = 60;
      const { data, total } = blobs(rng, grid(side), n, 0.02);
      const clustering = new HierarchicalClustering(2, thorough);
      const labels = clustering.fit(data, total, new Float64Array(total).fill(1));
      expect(separatesBlobs(labels, side * side, n), `seed ${seed}`).toBe(true);
      // A mode may be cut in two (the criterion's price for a few points in its tails), not more.
      expect(clustering.K).toBeLessThanOrEqual(side * side + 2);
    }
  });

  it('re-fit from the previous clusters, finds every mode of a 6 x 6 grid that each search from scratch partly misses, and drops modes that merged', () => {
    const side = 6;
    const n = 60;
    const rng = new RandomGenerator(1);
    const warm = new HierarchicalClustering(2, thorough);
    let labels: Int32Array = new Int32Array(0) as Int32Array;
    for (let refit = 0; refit < 5; refit++) {
      // A new sample each time, as the sampler's particles are.
      const { data, total } = blobs(rng, grid(side), n, 0.02);
      const even = new Float64Array(total).fill(1);
      const fresh = new HierarchicalClustering(2, thorough);
      expect(separatesBlobs(fresh.fit(data, total, even), side * side, n)).toBe(false);
      labels = warm.fit(data, total, even);
    }
    expect(separatesBlobs(labels, side * side, n)).toBe(true);
    // The modes melt into one Gaussian: the previous partition is kept no longer.
    const { data: one, total: m } = blobs(rng, [[0.5, 0.5]], 1500, 0.1);
    warm.fit(one, m, new Float64Array(m).fill(1));
    expect(warm.K).toBe(1);
  });

  it('does not split one Gaussian, with unequal weights, in 2 and 10 dimensions', () => {
    for (const d of [2, 10]) {
      const rng = new RandomGenerator(7 + d);
      const { data, total } = blobs(rng, [new Array<number>(d).fill(0.5)], 2000, 0.1);
      const weights = Float64Array.from({ length: total }, () => 0.2 + rng.uniform());
      const clustering = new HierarchicalClustering(d, thorough);
      clustering.fit(data, total, weights);
      expect(clustering.K).toBe(1);
      clustering.fit(data, total, weights);
      expect(clustering.K).toBe(1);
    }
  });

  it("with splitTest 'shared', separates two 20-D modes whose covariances are alike, which the full-covariance price keeps together", () => {
    // Modes at +-2 in every coordinate, sd 1/sqrt(0.3) (a tempered target at beta = 0.3): 9.8 sd
    // apart. The shared-covariance gain, about 0.9 per point, is far above its price
    // 21 ln(1024) / 1024 = 0.14, and below the full price 231 ln(1024) / 1024 = 1.56.
    const rng = new RandomGenerator(21);
    const d = 20;
    const n = 512;
    const { data, total } = blobs(rng, [new Array(d).fill(-2), new Array(d).fill(2)], n, 1 / Math.sqrt(0.3));
    const w = new Float64Array(total).fill(1);
    const full = new HierarchicalClustering(d, { ...settings, clusterSearch: 'thorough', splitTest: 'full' });
    full.fit(data, total, w);
    expect(full.K).toBe(1);
    const shared = new HierarchicalClustering(d, { ...settings, clusterSearch: 'thorough', splitTest: 'shared' });
    expect(matchesBlobs(shared.fit(data, total, w), 2, n)).toBe(true);
    expect(shared.K).toBe(2);
  });

  it.each([2, 10, 20])("with splitTest 'shared', does not split one Gaussian or one radial Student-t in %i dimensions", (d) => {
    const rng = new RandomGenerator(22 + d);
    const n = 1024;
    const gaussian = Float64Array.from({ length: n * d }, () => rng.normal());
    const student = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const g = Math.sqrt((rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2) / 3);
      for (let j = 0; j < d; j++) student[i * d + j] = rng.normal() / g;
    }
    const w = new Float64Array(n).fill(1);
    const fitK = (data: Float64Array, splitTest: 'shared' | 'full') => {
      const clustering = new HierarchicalClustering(d, { ...settings, clusterSearch: 'thorough', splitTest });
      clustering.fit(data, n, w);
      return clustering.K;
    };
    expect(fitK(gaussian, 'shared')).toBe(1);
    // A radial Student-t may be cut into a core and a halo by its covariances; the halves share
    // their mean, so the shared test adds no split of its own.
    expect(fitK(student, 'shared')).toBe(fitK(student, 'full'));
  });
});
