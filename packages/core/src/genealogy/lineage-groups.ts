/**
 * Independent lineage groups (`lineageGroups`): the active slots are dealt into G groups (slot k
 * is in group k mod G) and every particle stays in the group of the prior draw it descends from,
 * because resampling draws a group's slots from that group's history only. The groups share the
 * temperatures, the proposals and the mixture weights of Persistent Sampling, but no particle, so
 * each group's weighted sum is its own estimate of Z and their spread is an error estimate that
 * sees what one genealogy cannot: a mode one group lost, chains too short to forget their start.
 */

import type { RandomGenerator } from '../random/random-generator.js';
import type { Resampler } from '../resampling/resampler.js';
import type { ParticleHistory } from '../particles/particle-history.js';
import { logAddExp } from '../math/log-sum-exp.js';

/**
 * The group of a particle from its lineage: prior draw i of any prior iteration has lineage
 * m·n + i (see `newLineages`), so its group is i mod G, the group of its slot.
 * @param lineage - the particle's lineage id
 * @param nParticles - active particles per iteration (n)
 * @param groups - number of groups (G)
 * @returns the group, in [0, G)
 */
export function groupOfLineage(lineage: number, nParticles: number, groups: number): number {
  return (lineage % nParticles) % groups;
}

/**
 * The fraction of the n slots of every iteration that group g holds: slots k with k mod G = g.
 * @param group - the group
 * @param nParticles - active particles per iteration
 * @param groups - number of groups
 * @returns count / n
 */
export function groupFraction(group: number, nParticles: number, groups: number): number {
  return Math.ceil((nParticles - group) / groups) / nParticles;
}

/**
 * Resamples the active slots group by group: slot k (group k mod G) gets a parent from the
 * history particles of its group, in proportion to their weights. A group whose weight is all
 * zero draws from the whole history (it has lost all support; its zero share still enters the
 * spread of the evidence). With one group this is one call of the resampler on the whole history.
 * @param picks - receives the parent (history index) of every slot
 * @param weights - weights of the history particles
 * @param lineage - lineage id of every history particle
 * @param groups - number of groups
 * @param resampler - the scheme
 * @param rng - the run's generator
 */
export function resampleWithinGroups(picks: Int32Array, weights: Float64Array, lineage: Int32Array, groups: number, resampler: Resampler, rng: RandomGenerator): void {
  const n = picks.length;
  if (groups === 1) {
    resampler.resample(picks, weights, rng);
    return;
  }
  const N = weights.length;
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let s = 0; s < N; s++) members[groupOfLineage(lineage[s], n, groups)].push(s);
  for (let g = 0; g < groups; g++) {
    const slots = Math.ceil((n - g) / groups);
    if (slots === 0) continue;
    let index = members[g];
    let w: Float64Array = Float64Array.from(index, (s) => weights[s]);
    if (!(w.reduce((a, b) => a + b, 0) > 0)) {
      index = Array.from({ length: N }, (_, s) => s);
      w = weights;
    }
    const out = new Int32Array(slots);
    resampler.resample(out, w, rng);
    for (let j = 0; j < slots; j++) picks[g + j * groups] = index[out[j]];
  }
}

/**
 * Each lineage group's own estimate of log Z at beta = 1, by the Persistent Sampling recursion
 * run on the group's particles alone: Z_g(beta_t) = sum_{s in g, before t} L_s^beta_t / sum_{t' < t}
 * n_{g,t'} L_s^beta_t' / Z_g(beta_t'), with n_{g,t} the group's particles of iteration t. The
 * pooled evidence shares every Z(beta_t) between the groups, so the groups' weighted sums at
 * beta = 1 agree whatever their particles; these recursions do not. Iterations at beta = 0 keep
 * the pooled value (the prior's finite fraction, which the groups cannot tell apart).
 * O(N T) for N particles in T iterations.
 * @param history - the run's particles
 * @param nParticles - active particles per iteration
 * @param groups - number of groups
 * @returns log Z_g of every group (-Infinity for a group without weight)
 */
export function groupLogEvidences(history: ParticleHistory, nParticles: number, groups: number): Float64Array {
  const N = history.length;
  const { logl, lineage } = history;
  const group = new Int32Array(N);
  for (let s = 0; s < N; s++) group[s] = groupOfLineage(lineage[s], nParticles, groups);
  const logC = new Float64Array(N).fill(-Infinity);
  const logZt = new Float64Array(groups);
  const logCount = new Float64Array(groups);
  const sums = new Float64Array(groups);
  for (const record of history.iterations) {
    const { beta, start, count } = record;
    if (beta === 0 || start === 0) logZt.fill(record.logz);
    else {
      groupLogSums(sums, logl, logC, group, beta, start);
      for (let g = 0; g < groups; g++) logZt[g] = Number.isFinite(sums[g]) ? sums[g] : record.logz;
    }
    const counts = new Float64Array(groups);
    for (let s = start; s < start + count; s++) counts[group[s]] += 1;
    for (let g = 0; g < groups; g++) logCount[g] = Math.log(counts[g]);
    for (let s = 0; s < N; s++) {
      const g = group[s];
      if (counts[g] > 0) logC[s] = logAddExp(logC[s], logCount[g] + beta * logl[s] - logZt[g]);
    }
  }
  groupLogSums(sums, logl, logC, group, 1, N);
  return sums;
}

/** logsumexp over each group's particles s < end of beta * logl_s - logC_s, into `out`. */
function groupLogSums(out: Float64Array, logl: Float64Array, logC: Float64Array, group: Int32Array, beta: number, end: number): void {
  const G = out.length;
  const max = new Float64Array(G).fill(-Infinity);
  for (let s = 0; s < end; s++) {
    const v = beta * logl[s] - logC[s];
    if (v > max[group[s]]) max[group[s]] = v;
  }
  const sum = new Float64Array(G);
  for (let s = 0; s < end; s++) {
    const g = group[s];
    if (max[g] > -Infinity) sum[g] += Math.exp(beta * logl[s] - logC[s] - max[g]);
  }
  for (let g = 0; g < G; g++) out[g] = max[g] === -Infinity ? -Infinity : max[g] + Math.log(sum[g]);
}

/**
 * Standard error of log Z from the spread between the groups' own estimates
 * ({@link groupLogEvidences}). Group g holds the fraction f_g of the slots, so its estimate has a
 * variance proportional to 1/f_g, and the relative variance of their weighted mean Z̄ is estimated by
 * sum_g f_g (Z_g / Z̄ - 1)^2 / (G - 1).
 * @param logZg - each group's log Z
 * @param nParticles - active particles per iteration
 * @returns the standard error of log Z (delta method) and log Z̄
 */
export function groupEvidenceError(logZg: Float64Array, nParticles: number): { error: number; logz: number } {
  const G = logZg.length;
  let max = -Infinity;
  for (const v of logZg) if (v > max) max = v;
  if (G < 2 || max === -Infinity) return { error: Infinity, logz: max };
  let mean = 0;
  for (let g = 0; g < G; g++) mean += groupFraction(g, nParticles, G) * Math.exp(logZg[g] - max);
  let sum = 0;
  for (let g = 0; g < G; g++) {
    const f = groupFraction(g, nParticles, G);
    sum += f * (Math.exp(logZg[g] - max) / mean - 1) ** 2;
  }
  return { error: Math.sqrt(sum / (G - 1)), logz: max + Math.log(mean) };
}
