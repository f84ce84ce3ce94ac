// The period search a user reported: a noisy sinusoid with unknown amplitude, period, phase and
// noise. Its tempered posteriors are strongly multimodal in the period (aliases), although the
// posterior itself is one narrow peak near P = 3.695 (sd 0.023).
import { rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI } from '../numerics.js';

/** The generator the report used: mulberry32 (Tommy Ettinger's 32-bit generator), one uniform in [0, 1) per call. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The data, by the one recipe (of the 15 variants we tried) that reproduces the reported
 * log Z = -44.595:
 * 1. `rng = mulberry32(42)`; draw all 60 times first, `t_i = 20 * rng()`;
 * 2. sort the times ascending;
 * 3. for each sorted t_i in turn draw `u1 = rng()`, then `u2 = rng()`, and set
 *    `y_i = 1.5 sin(2 pi t_i / 3.7 + 1.0) + 0.5 sqrt(-2 ln(1 - u1)) cos(2 pi u2)`
 *    (Box–Muller on 1 - u1, which is in (0, 1]; one normal per pair of draws, the sine discarded).
 * Other variants (unsorted times, times and noise interleaved, ln(u1), the sine output, both
 * outputs used in turn) give log Z between -60.3 and -47.3.
 */
export function periodSearchData(): { t: Float64Array; y: Float64Array } {
  const rng = mulberry32(42);
  const n = 60;
  const t = Float64Array.from({ length: n }, () => 20 * rng()).sort();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u1 = rng();
    const u2 = rng();
    const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    y[i] = 1.5 * Math.sin((2 * Math.PI * t[i]) / 3.7 + 1.0) + 0.5 * z;
  }
  return { t, y };
}

/** Parameters: amplitude A, period P, phase phi (periodic), log10 sigma. */
export const PERIOD_BOUNDS = { A: [0, 5], P: [2, 6], phi: [0, 2 * Math.PI], log10Sigma: [-2, 1] } as const;

export function periodSearch(): AccuracyProblem {
  const { t, y } = periodSearchData();
  const n = t.length;
  const { A, P, phi, log10Sigma } = PERIOD_BOUNDS;
  return {
    name: 'period-search',
    title: 'period search: sinusoid, 60 points, unknown A, P, phase, noise',
    nDim: 4,
    priorTransform: (u) =>
      Float64Array.of(A[0] + (A[1] - A[0]) * u[0], P[0] + (P[1] - P[0]) * u[1], phi[0] + (phi[1] - phi[0]) * u[2], log10Sigma[0] + (log10Sigma[1] - log10Sigma[0]) * u[3]),
    logLikelihood: rowwise((x, o) => {
      const amp = x[o];
      const omega = (2 * Math.PI) / x[o + 1];
      const phase = x[o + 2];
      const logSigma = x[o + 3] * Math.LN10;
      let s = 0;
      for (let i = 0; i < n; i++) s += (y[i] - amp * Math.sin(omega * t[i] + phase)) ** 2;
      return -0.5 * n * LOG_2PI - n * logSigma - 0.5 * s * Math.exp(-2 * logSigma);
    }),
    periodic: [2],
    // verify-logz.ts: sigma integrated analytically (incomplete gamma, prior cut-offs included),
    // trapezoid over P (4,001 and 8,001 nodes) and phi (periodic; 256 and 384 nodes), composite
    // Gauss–Legendre over A (160 and 240 nodes): -44.595035 both. peers/verify_logz.py: A integrated
    // analytically (Student-t CDF), trapezoid in P and phi at three resolutions: -44.5950350.
    trueLogZ: -44.595035,
    logZMethod: 'quadrature: sigma analytic, 3-D grid over (P, phi, A); cross-checked with A analytic (Student-t CDF) in scipy',
    source: 'user report in this project\'s issue ("Right answers on hard posteriors, or an honest warning"); the classic Lomb–Scargle-type period search',
    quick: true,
  };
}
