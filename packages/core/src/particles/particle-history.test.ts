import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParticleHistory } from './particle-history.js';
import { logSumExp } from '../math/log-sum-exp.js';

const FC = { seed: 20261125, numRuns: 60 };

function set(d: number, logl: number[], lineage0 = 0) {
  const n = logl.length;
  return {
    u: new Float64Array(n * d).fill(0.5), x: new Float64Array(n * d).fill(1), logl: Float64Array.from(logl),
    blobs: undefined, lineage: Int32Array.from({ length: n }, (_, i) => lineage0 + i), survival: new Float64Array(n), n,
  };
}

describe('ParticleHistory', () => {
  it('keeps the incrementally updated denominators equal to a full recomputation', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            beta: fc.double({ min: 0, max: 1, noNaN: true }),
            logz: fc.double({ min: -50, max: 5, noNaN: true }),
            logl: fc.array(fc.double({ min: -200, max: 10, noNaN: true }), { minLength: 1, maxLength: 12 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (iterations) => {
          const h = new ParticleHistory(2);
          for (const it of iterations) h.commit(set(2, it.logl), it.beta, it.logz);
          const fresh = h.recomputeLogC();
          const cached = h.logC;
          for (let s = 0; s < h.length; s++) expect(Math.abs(cached[s] - fresh[s])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(fresh[s])));
        },
      ),
      FC,
    );
  });

  it('computes the balance-heuristic weights and logZ of the spec formula', () => {
    const h = new ParticleHistory(1);
    h.commit(set(1, [-1, -2, -3]), 0, 0);
    h.commit(set(1, [-0.5, -0.7]), 0.4, -0.9);
    h.commit(set(1, [-0.1, -0.2, -0.3, -0.4]), 1, -1.1);
    const N = h.length;
    const beta = 0.7;
    const logw = new Float64Array(N);
    const logz = h.logWeights(logw, beta);
    const recs = h.iterations;
    const direct = new Float64Array(N);
    for (let s = 0; s < N; s++) {
      const B = logSumExp(recs.map((r) => Math.log(r.count / N) + r.beta * h.logl[s] - r.logz));
      direct[s] = beta * h.logl[s] - B;
    }
    const directLogz = logSumExp(direct) - Math.log(N);
    expect(logz).toBeCloseTo(directLogz, 12);
    // Weights differ from the spec's only by the constant log N.
    for (let s = 0; s < N; s++) expect(logw[s] + Math.log(N)).toBeCloseTo(direct[s], 12);
  });

  it('grows past its initial capacity and keeps every particle', () => {
    const h = new ParticleHistory(3);
    for (let t = 0; t < 40; t++) h.commit(set(3, Array.from({ length: 50 }, (_, i) => -i / 10), t * 50), t / 40, -t / 40);
    expect(h.length).toBe(2000);
    expect(h.u.length).toBe(6000);
    expect(h.lineage[1999]).toBe(1999);
    expect(h.iterationOf[1999]).toBe(39);
    expect(h.iterations).toHaveLength(40);
  });
});
