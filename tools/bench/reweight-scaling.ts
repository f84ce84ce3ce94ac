// Cost of one bisection step (log-weights of the whole history at a trial beta) as the
// history grows: the cached MIS denominator makes it O(N); recomputing it is O(N T).
// Imports an internal module on purpose: this measures a kernel, not the public API.
import { ParticleHistory } from '../../packages/core/src/particles/particle-history.js';
import { RandomGenerator } from '@tempest/core';

/** Prints a table of µs per bisection step, cached vs recomputed, for growing histories. */
export function reweightScaling(n = 256, iterations = [10, 20, 40, 80, 160]): void {
  console.log('| iterations T | stored N | cached µs/step | cached ns per particle | recomputed µs/step | recomputed ns per particle |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  const rng = new RandomGenerator(3);
  for (const T of iterations) {
    const h = new ParticleHistory(1);
    for (let t = 0; t < T; t++) {
      const logl = new Float64Array(n);
      for (let i = 0; i < n; i++) logl[i] = -5 * rng.uniform() * (1 + t);
      h.commit({ u: new Float64Array(n).fill(0.5), x: new Float64Array(n), logl, blobs: undefined, lineage: new Int32Array(n), survival: new Float64Array(n), n }, t / T, -t);
    }
    const N = h.length;
    const out = new Float64Array(N);
    const time = (f: () => void, reps: number) => {
      f();
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) f();
      return (1000 * (performance.now() - t0)) / reps;
    };
    const cached = time(() => h.logWeights(out, 0.5), 200);
    const recomputed = time(() => {
      const logC = h.recomputeLogC();
      for (let s = 0; s < N; s++) out[s] = 0.5 * h.logl[s] - logC[s];
    }, 5);
    console.log(`| ${T} | ${N} | ${cached.toFixed(1)} | ${((1000 * cached) / N).toFixed(1)} | ${recomputed.toFixed(0)} | ${((1000 * recomputed) / N).toFixed(0)} |`);
  }
}
