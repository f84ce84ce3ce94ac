import type { RunState } from '../run/run-state.js';
import type { ConvergenceCheck } from './convergence.js';

/** What the first iteration measured of the prior's finite part (see `drawFromPrior`). */
export interface PriorSupport {
  /** Prior draws it made. */
  draws: number;
  /** Of them, draws with a finite likelihood. */
  finite: number;
}

/**
 * The first iteration's prior draws and how many had a finite likelihood, from its finite fraction
 * (the first history record's log Z) and its calls (less a first pass's, in a second pass).
 * @param state - the run
 * @returns the counts, or undefined before the first iteration
 */
export function priorSupportOf(state: RunState): PriorSupport | undefined {
  const first = state.history.iterations[0];
  const info = state.iterations[0];
  if (first === undefined || info === undefined || first.beta !== 0) return undefined;
  const draws = info.calls - (state.reannealing?.firstPass.calls ?? 0);
  return draws > 0 ? { draws, finite: Math.round(Math.exp(first.logz) * draws) } : undefined;
}

/**
 * The standard error of log p, p the finite fraction of the first iteration's N prior draws:
 * sqrt((1 - p) / (N p)). The lineages cannot show it: the draws without a finite likelihood leave
 * no particles, and every later iteration's weights are relative to p.
 * @param state - the run
 * @returns the error; 0 when every draw was finite
 */
export function priorFractionError(state: RunState): number {
  const support = priorSupportOf(state);
  if (support === undefined || support.finite >= support.draws) return 0;
  const p = support.finite / support.draws;
  return Math.sqrt((1 - p) / (support.draws * p));
}

/**
 * Where part of the prior has zero likelihood: whether the first iteration found a finite draw for
 * each of its particles. When it did not (the finite part is below about 1/1024 of the prior with
 * 256 particles), the run started from copies of a few points, and a region the prior draws hit a
 * handful of times keeps about that share whatever its mass (a 3-D region of 1/9 of the posterior
 * came out with 0.06 on average over 20 runs).
 * @param state - the run
 * @returns the check, or undefined where every prior draw was finite
 */
export function priorSupportCheck(state: RunState): ConvergenceCheck | undefined {
  const support = priorSupportOf(state);
  if (support === undefined || support.finite >= support.draws) return undefined;
  const n = state.nParticles;
  const name = 'priorSupport';
  const share = `${support.finite} of ${support.draws} prior draws had a finite likelihood`;
  if (support.finite >= n) return { name, passed: true, tested: true, statistic: support.finite / n, detail: `${share}: every particle started from a draw of its own.` };
  return {
    name, passed: false, tested: true, statistic: support.finite / n,
    detail: `Only ${share}, so the run started from copies of ${support.finite} points for its ${n} particles, and regions those draws hit a few times keep about that share of the posterior whatever their mass.`,
  };
}
