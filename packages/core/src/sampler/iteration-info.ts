/** Diagnostics of one iteration, as shown by the progress output. */
export interface IterationInfo {
  /** 1-based iteration number. */
  iteration: number;
  /** Likelihood evaluations so far. */
  calls: number;
  /** Inverse temperature of this iteration. */
  beta: number;
  /** ESS of the whole history at `beta`. */
  ess: number;
  /** log-evidence estimate at `beta`. */
  logz: number;
  /** Mean log-likelihood of the active particles after mutation. */
  meanLogl: number;
  /** Mean MCMC acceptance probability. */
  acceptance: number;
  /** MCMC steps taken. */
  steps: number;
  /** Final step size over the initial one. */
  efficiency: number;
  /** Number of proposal components (clusters). */
  K: number;
  /** Volume variation of the weighted particles at `beta`. */
  cv: number;
  /**
   * Mean correlation between the particles' positions where their MCMC chains started and
   * where they stopped (0: forgotten; NaN for prior draws).
   */
  correlation: number;
  /** Whether the chains stopped at nMaxSteps before the mixing rule was met. */
  capped: boolean;
  /**
   * Mean rise of the particles' log-likelihood during this iteration's MCMC (0 in expectation when
   * the resampled starts represent the target; NaN for prior draws).
   */
  loglGain: number;
  /** Standard error of `loglGain` (copies of one resampled particle counted as one unit). */
  loglGainError: number;
  /** Where the iteration's wall time went, in milliseconds. */
  timing: IterationTiming;
}

/** Wall time of the parts of one iteration, in milliseconds. */
export interface IterationTiming {
  /** Choosing beta (all bisection steps). */
  reweight: number;
  /** Number of weight evaluations (bisection steps) the choice took. */
  reweightSteps: number;
  /** Fitting the proposal. */
  train: number;
  /** Resampling and MCMC, excluding the prior transform and likelihood. */
  mutate: number;
  /** Inside the prior transform and likelihood. */
  likelihood: number;
  /** The whole iteration. */
  total: number;
}

/**
 * One line of progress text for an iteration.
 * @param info - the iteration's diagnostics
 * @returns e.g. `iter 12 | calls 4,410 | beta 0.0312 | ESS 128 | logZ -12.34 | ...`
 */
export function formatIteration(info: IterationInfo): string {
  const f = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
  return [
    `iter ${info.iteration}`,
    `calls ${info.calls}`,
    `beta ${info.beta < 0.01 && info.beta > 0 ? info.beta.toExponential(2) : f(info.beta, 4)}`,
    `ESS ${Math.round(info.ess)}`,
    `logZ ${f(info.logz, 3)}`,
    `logL ${f(info.meanLogl, 3)}`,
    `acc ${f(info.acceptance, 3)}`,
    `steps ${info.steps}`,
    `eff ${f(info.efficiency, 3)}`,
    `K ${info.K}`,
    `CV ${f(info.cv, 3)}`,
    ...(Number.isNaN(info.correlation) ? [] : [`corr ${f(info.correlation, 3)}${info.capped ? ' (capped)' : ''}`]),
  ].join(' | ');
}
