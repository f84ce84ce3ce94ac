import type { ClosingSample } from '../run/closing-draw.js';
import type { RunState } from '../run/run-state.js';
import { finalLogWeights } from './final-weights.js';

/**
 * The share of the history's weight at beta = 1 that lies where the closing proposal is thinner,
 * relative to the posterior, than at any of its draws: particles whose ratio p / q = L / (Z q)
 * exceeds the largest ratio a draw had (Z the draws' estimate).
 *
 * The draws cannot see a region of the posterior their mixture hardly covers; the history, drawn
 * by the chains over the whole anneal, is an independent sample of the posterior that can. Where
 * the mixture covers the posterior, the history's weight beyond the draws' largest ratio is about
 * that ratio over the number of draws (the posterior's mass above the proposal's top quantile);
 * where the mixture lacks a region the history holds, it is that region's share, by which the
 * draws' log Z falls short. On the 10-D Rosenbrock chain the history held particles at ratios of
 * 2e3 to 3e14 where no draw exceeded 70 (3 of 4 runs; BENCHMARKS.md, session 15).
 *
 * Particles the closing sample gave no density (weight below 1e-8 of the largest) do not count.
 * @param state - the run whose current closing sample this is
 * @param closing - the sample
 * @returns the share, between 0 and 1
 */
export function historyBeyondDraws(state: RunState, closing: ClosingSample): number {
  const cached = shares.get(closing);
  if (cached !== undefined) return cached;
  // The ratios share the normalisation Z, so comparing L / q compares p / q.
  let largest = -Infinity;
  for (let i = 0; i < closing.logl.length; i++) largest = Math.max(largest, closing.logl[i] - closing.logq[i]);
  const { logw, logz } = finalLogWeights(state);
  const logl = state.history.logl;
  let beyond = 0;
  for (let s = 0; s < logw.length; s++) {
    const logq = closing.historyLogq[s];
    if (logq > -Infinity && logl[s] - logq > largest) beyond += Math.exp(logw[s] - logz);
  }
  const share = Math.min(1, beyond);
  shares.set(closing, share);
  return share;
}

/** One figure per closing sample: the sample is immutable and read several times per `results()`. */
const shares = new WeakMap<ClosingSample, number>();
