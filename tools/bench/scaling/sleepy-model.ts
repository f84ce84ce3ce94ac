// The simulated cluster's likelihood: a 2-D Gaussian (sd 2) under U(-10, 10)^2 whose evaluation
// sleeps (Atomics.wait: no CPU, like a worker waiting on a solver or a remote service) for a cost
// that is uniform, or varies tenfold across the prior with the first coordinate (log-linearly), as
// an ODE solver's or root finder's cost does across parameter space. Workers receive it by value,
// with `costMs` captured, so master and workers compute the same cost.

/**
 * The cost of one evaluation in milliseconds.
 * @param x0 - the first coordinate, in [-10, 10]
 * @param latency - the mean cost over the prior
 * @param varying - 1: the cost rises tenfold from x0 = -10 to 10 (mean over the prior = latency); 0: uniform
 * @returns milliseconds
 */
export function costMs(x0: number, latency: number, varying: number): number {
  if (varying !== 1) return latency;
  // 10^s for s uniform on [0, 1] has mean 9 / ln 10.
  const s = Math.min(1, Math.max(0, (x0 + 10) / 20));
  return (latency * 10 ** s * Math.LN10) / 9;
}

/**
 * Sleeps for `costMs(x[0], ...)` and returns the Gaussian log-likelihood.
 * @param x - the parameters
 * @param latency - mean cost in milliseconds
 * @param varying - 1 for a cost varying across the prior, 0 for uniform
 * @returns log-likelihood
 */
export function sleepyLogLikelihood(x: Float64Array, latency: number, varying: number): number {
  const ms = costMs(x[0], latency, varying);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return -0.125 * (x[0] * x[0] + x[1] * x[1]) - Math.log(8 * Math.PI);
}

/**
 * The prior transform: U(-10, 10)^2.
 * @param u - unit-cube point
 * @returns parameters
 */
export function priorTransform(u: Float64Array): Float64Array {
  return u.map((v) => 20 * v - 10);
}
