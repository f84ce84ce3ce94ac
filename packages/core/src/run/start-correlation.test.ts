import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { StartCorrelation } from './start-correlation.js';

function draws(rng: RandomGenerator, n: number, d: number, centre: (k: number) => number): Float64Array {
  const u = new Float64Array(n * d);
  for (let k = 0; k < n; k++) for (let j = 0; j < d; j++) u[k * d + j] = centre(k) + 0.05 * rng.normal();
  return u;
}

describe('start-current correlation', () => {
  const n = 400;
  const d = 5;
  // For independent start and current positions the mean of d sample correlations has standard
  // deviation 1 / sqrt(n d) = 0.022 here; 4 of them bound it.
  const noise = 4 / Math.sqrt(n * d);

  it('is 1 for chains that have not moved, and about 0 for independent positions', () => {
    const rng = new RandomGenerator(1);
    const start = draws(rng, n, d, () => 0.5);
    const labels = new Int32Array(n);
    const memory = new StartCorrelation(start, labels, n, d, 1);
    expect(memory.of(start)).toBeCloseTo(1, 12);
    expect(Math.abs(memory.of(draws(rng, n, d, () => 0.5)))).toBeLessThan(noise);
  });

  it('does not count staying in one\'s own cluster as memory', () => {
    const rng = new RandomGenerator(2);
    const centre = (k: number) => (k % 2 === 0 ? 0.2 : 0.8);
    const start = draws(rng, n, d, centre);
    const labels = Int32Array.from({ length: n }, (_, k) => k % 2);
    const memory = new StartCorrelation(start, labels, n, d, 2);
    // Redrawn within their own clusters: forgotten.
    expect(Math.abs(memory.of(draws(rng, n, d, centre)))).toBeLessThan(noise);
    // The same positions seen as one cluster: the between-cluster spread looks like memory.
    const oneCluster = new StartCorrelation(start, new Int32Array(n), n, d, 1);
    expect(oneCluster.of(draws(rng, n, d, centre))).toBeGreaterThan(0.9);
  });

  it('measures partial memory: x1 = rho x0 + sqrt(1 - rho^2) e has correlation rho', () => {
    const rng = new RandomGenerator(3);
    const start = draws(rng, n, d, () => 0.5);
    const rho = 0.6;
    const current = start.map((v) => 0.5 + rho * (v - 0.5) + Math.sqrt(1 - rho * rho) * 0.05 * rng.normal());
    const memory = new StartCorrelation(start, new Int32Array(n), n, d, 1);
    expect(Math.abs(memory.of(current) - rho)).toBeLessThan(noise);
  });
});
