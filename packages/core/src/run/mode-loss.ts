import type { ParticleHistory } from '../particles/particle-history.js';

/**
 * For each mode of the closing fit, the chance that a twin of it (a mode as heavy at every
 * temperature) was emptied by one of the run's resamplings. Multinomial resampling of n
 * particles leaves a mode of weight share w empty with probability (1 - w)^n, about e^(-n w);
 * over the iterations t after the prior's the twin survives with probability
 * prod_t (1 - e^(-n_t w_t)), w_t being the mode's share of the history's weight at beta_t (every
 * particle reweighted, so the share is the run's best estimate of the tempered target's). The
 * lightest of five Gaussians in 4-D (3%: 7-9 particles' worth of 256 at beta = 1, more before)
 * gave 0.002-0.013, and none was lost in 20 runs; the egg-box's corner modes (2%, 4-5 particles'
 * worth at every beta) gave 0.08-0.84, and 5 runs of 20 had lost one (BENCHMARKS.md, session 19).
 *
 * With `unreachedBelow`, only the iterations whose beta is below the mode's value count: a twin
 * emptied later left particles that the closing sample's climbs reach (see `closing-climbs.ts`),
 * so the chance is that of a loss they could not have undone.
 * @param history - the run's particles
 * @param labels - each history particle's cluster in the fit
 * @param ofCluster - each cluster's mode
 * @param modes - number of modes
 * @param unreachedBelow - per mode, the beta from which a twin's particles would be found (all
 *   iterations count without it)
 * @returns per mode, the chance in [0, 1]; zeros for a single mode
 */
export function modeLossChances(history: ParticleHistory, labels: Int32Array, ofCluster: Int32Array, modes: number, unreachedBelow?: Float64Array): Float64Array {
  const survival = new Float64Array(modes).fill(1);
  if (modes === 1) return new Float64Array(1);
  const N = history.length;
  const logw = new Float64Array(N);
  const share = new Float64Array(modes);
  for (const { beta, count } of history.iterations) {
    if (!(beta > 0)) continue;
    const logz = history.logWeights(logw, beta);
    share.fill(0);
    for (let s = 0; s < N; s++) share[ofCluster[labels[s]]] += Math.exp(logw[s] - logz);
    for (let m = 0; m < modes; m++) if (!(beta >= (unreachedBelow?.[m] ?? Infinity))) survival[m] *= -Math.expm1(-count * share[m]);
  }
  return survival.map((p) => 1 - p);
}
