import type { PoolSpec } from './parse-pool.js';

/** Where a run's sampling time went, from its iterations' timings. */
export interface TimeShare {
  /** The likelihood's share of the sampling time (prior transform and pool messages included), 0 to 1. */
  likelihoodShare: number;
  /** Likelihood time per call, in milliseconds (wall time: with a pool, divided among its workers). */
  msPerCall: number;
}

/** Below this share of the time, no pool can make a run much faster (Amdahl: at most 1/(1 − share)). */
const SMALL_SHARE = 0.5;
/** A call cheaper than this (in ms) does not pay for a pool's messages (docs/guide/parallel.md). */
const CHEAP_CALL_MS = 0.5;

/**
 * One line on where the time went and whether a pool helps: with a likelihood taking a small
 * share of the time, a pool can speed up only that share (at most 1/(1 − share) with free
 * messages), and a run on a pool whose likelihood is that small a share would likely be as fast
 * or faster serial. Measured, so the advice is about this model on this machine.
 * @param time - the likelihood's share of the sampling time and its time per call
 * @param pool - the run's `--pool`
 * @param samplingSeconds - the sampling time
 * @returns the line, without a newline
 * @example
 * ```ts
 * poolAdvice({ likelihoodShare: 0.2, msPerCall: 0.01 }, { kind: 'threads', size: 2 }, 3.1);
 * // 'Time: the likelihood took 20% of the 3.1 s of sampling (0.010 ms per call): even free of messages a pool could make this run at most 1.25× faster, and its messages cost more than that; --pool serial is likely faster.'
 * ```
 */
export function poolAdvice(time: TimeShare, pool: PoolSpec, samplingSeconds: number): string {
  const share = Math.min(1, Math.max(0, time.likelihoodShare));
  const bound = share >= 1 ? Infinity : 1 / (1 - share);
  const head = `Time: the likelihood took ${(100 * share).toFixed(0)}% of the ${samplingSeconds.toFixed(1)} s of sampling (${time.msPerCall.toFixed(3)} ms per call)`;
  const parallel = pool.kind === 'threads' || pool.kind === 'processes' || pool.kind === 'mpi';
  if (share < SMALL_SHARE) {
    const most = `even free of messages a pool could make this run at most ${bound.toFixed(2)}× faster`;
    return parallel
      ? `${head}: ${most}, and its messages cost more than that; --pool serial is likely faster.`
      : `${head}: ${most}, so a pool will not help (the sampler's own work dominates).`;
  }
  if (parallel) return `${head}.`;
  if (time.msPerCall < CHEAP_CALL_MS) return `${head}; calls this cheap gain little from a pool (its messages cost about as much): a vectorized likelihood (vectorize) helps more.`;
  return `${head}; a pool (--pool threads) could make the run up to ${Number.isFinite(bound) ? `${bound.toFixed(1)}×` : 'many times'} faster with enough workers.`;
}
