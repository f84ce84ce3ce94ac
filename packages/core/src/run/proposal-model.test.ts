import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { ProposalTrainer } from './proposal-model.js';

const base = { clustering: true, normalize: true, splitThreshold: 1, nMaxClusters: undefined, clusterEvery: 1, proposalFolds: 1 };

/** n points per centre in 2-D, sd 0.03. */
function points(rng: RandomGenerator, centres: number[][], n: number): Float64Array {
  const u = new Float64Array(centres.length * n * 2);
  for (let c = 0; c < centres.length; c++) for (let i = 0; i < n; i++) for (let j = 0; j < 2; j++) u[(c * n + i) * 2 + j] = centres[c][j] + 0.03 * rng.normal();
  return u;
}

const equal = (n: number) => new Float64Array(n).fill(1 / n);

describe('ProposalTrainer', () => {
  it('fits one Student-t per cluster, centred on its cluster, and labels every history particle', () => {
    const rng = new RandomGenerator(1);
    const u = points(rng, [[0.2, 0.2], [0.8, 0.7]], 400);
    const model = new ProposalTrainer(2, base).train(u, 800, equal(800), 1);
    expect(model.components).toHaveLength(2);
    const byLabel = [model.labels[0], model.labels[400]];
    expect(byLabel[0]).not.toBe(byLabel[1]);
    for (const [k, centre] of [[byLabel[0], [0.2, 0.2]], [byLabel[1], [0.8, 0.7]]] as const) {
      for (let j = 0; j < 2; j++) expect(Math.abs(model.components[k].mean[j] - centre[j])).toBeLessThan(5 * (0.03 / Math.sqrt(400)));
    }
    for (let i = 0; i < 800; i++) expect(model.labelOf!(u, 2 * i)).toBe(model.labels[i]);
  });

  it('uses one global component without clustering', () => {
    const rng = new RandomGenerator(2);
    const u = points(rng, [[0.2, 0.2], [0.8, 0.7]], 200);
    const model = new ProposalTrainer(2, { ...base, clustering: false }).train(u, 400, equal(400), 1);
    expect(model.components).toHaveLength(1);
    expect(model.labelOf).toBeUndefined();
    expect(Math.abs(model.components[0].mean[0] - 0.5)).toBeLessThan(0.05);
  });

  it('re-fits the clustering only every clusterEvery iterations, and covers clusters left empty', () => {
    const rng = new RandomGenerator(3);
    const two = points(rng, [[0.2, 0.2], [0.8, 0.7]], 300);
    const one = points(rng, [[0.2, 0.2]], 600);
    const trainer = new ProposalTrainer(2, { ...base, clusterEvery: 2 });
    expect(trainer.train(two, 600, equal(600), 2).components).toHaveLength(2);
    // Iteration 3 re-uses the 2-cluster fit: the far cluster gets no particle and falls back
    // to the global fit, so every label still has a component.
    const reused = trainer.train(one, 600, equal(600), 3);
    expect(reused.components).toHaveLength(2);
    for (const c of reused.components) expect(Math.abs(c.mean[0] - 0.2)).toBeLessThan(0.01);
    // Iteration 4 re-fits and finds one cluster.
    expect(trainer.train(one, 600, equal(600), 4).components).toHaveLength(1);
  });
});
