import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COST_MODEL_NEIGHBOURS, CostModel } from './cost-model.js';
import { RandomGenerator } from '../random/random-generator.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0xc057), numRuns: 50 };

/** A seeded uniform generator: the run's own. */
function uniforms(seed: number): () => number {
  const rng = new RandomGenerator(seed);
  return () => rng.uniform();
}

function rows(m: number, d: number, random: () => number): Float64Array {
  return Float64Array.from({ length: m * d }, random);
}

describe('CostModel', () => {
  it('predicts the geometric mean time of the nearest recorded rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 200 }), fc.integer(), (d, n, seed) => {
        const random = uniforms(seed);
        const model = new CostModel(d, 256);
        const u = rows(n, d, random);
        const times = Float64Array.from({ length: n }, () => 1 + 10 * random());
        model.record(u, n, times);
        const q = rows(5, d, random);
        const out = model.predict(new Float64Array(5), q, 5);
        for (let i = 0; i < 5; i++) {
          const dist = Array.from({ length: n }, (_, r) => {
            let s = 0;
            for (let j = 0; j < d; j++) s += (q[i * d + j] - u[r * d + j]) ** 2;
            return [s, times[r]] as const;
          }).sort((a, b) => a[0] - b[0]);
          const k = Math.min(COST_MODEL_NEIGHBOURS, n);
          const expected = Math.exp(dist.slice(0, k).reduce((s, [, t]) => s + Math.log(t), 0) / k);
          expect(out[i]).toBeCloseTo(expected, 10);
        }
      }),
      FC,
    );
  });

  it('advises for a cost that varies with the position, once its predictions have proved skilful', () => {
    const random = uniforms(1);
    const model = new CostModel(2);
    const cost = (u: Float64Array, i: number) => 2 * 10 ** u[2 * i];
    for (let map = 0; map < 8; map++) {
      const u = rows(256, 2, random);
      const predicted = model.wantsPredictions ? model.predict(new Float64Array(256), u, 256) : undefined;
      model.record(u, 256, Float64Array.from({ length: 256 }, (_, i) => cost(u, i)), predicted);
    }
    expect(model.variation).toBeGreaterThan(0.3);
    expect(model.skill).toBeGreaterThan(0.9);
    expect(model.advises).toBe(true);
  });

  it('stays silent for uniform times, and for times that vary but not with the position', () => {
    const random = uniforms(2);
    const uniform = new CostModel(2);
    const noise = new CostModel(2);
    for (let map = 0; map < 8; map++) {
      const u = rows(256, 2, random);
      uniform.record(u, 256, Float64Array.from({ length: 256 }, () => 20 + 0.2 * random()));
      const predicted = noise.wantsPredictions ? noise.predict(new Float64Array(256), u, 256) : undefined;
      noise.record(u, 256, Float64Array.from({ length: 256 }, () => 2 + 18 * random()), predicted);
    }
    expect(uniform.wantsPredictions).toBe(false);
    expect(noise.wantsPredictions).toBe(true);
    expect(noise.skill).toBeLessThan(0.25);
    expect(noise.advises).toBe(false);
  });

  it('remembers only the most recent rows, skips unmeasured ones, and cuts its search to a time budget', () => {
    const random = uniforms(3);
    const model = new CostModel(2, 128);
    const u = rows(128, 2, random);
    model.record(u, 128, new Float64Array(128).fill(1));
    model.record(u, 128, new Float64Array(128).fill(5));
    model.record(u, 128, new Float64Array(128).fill(NaN));
    for (const p of model.predict(new Float64Array(4), u, 4)) expect(p).toBeCloseTo(5, 12);
    // Near rows of time 1, but the 64 most recent rows (time 9) are far away: a search cut to a
    // zero budget finds only those.
    const cut = new CostModel(2, 256);
    const near = rows(128, 2, () => 0.1 * random());
    cut.record(near, 128, new Float64Array(128).fill(1));
    cut.record(rows(64, 2, () => 0.9 + 0.1 * random()), 64, new Float64Array(64).fill(9));
    const q = Float64Array.of(0.05, 0.05);
    expect(cut.predict(new Float64Array(1), q, 1)[0]).toBeCloseTo(1, 12);
    expect(cut.predict(new Float64Array(1), q, 1, 0)[0]).toBeCloseTo(9, 12);
  });
});
