import { TempestError } from '../tempest-error.js';
import { cholesky } from './cholesky.js';
import { digammaDifference } from './special-functions.js';
import { solveLower } from './triangular-solve.js';

/** Result of {@link fitStudentT}. */
export interface StudentTFit {
  /** Location μ, length d. */
  mean: Float64Array;
  /** Scale matrix Σ (d×d, row-major), positive definite; includes any diagonal regularisation. */
  covariance: Float64Array;
  /**
   * Degrees of freedom ν in [1e-3, 1e6], or Infinity when the data are fitted best by a Gaussian or
   * carry their weight on at most d distinct points.
   */
  dof: number;
  /** EM iterations performed. */
  iterations: number;
  /** Whether the iteration met the tolerance (always true when dof is Infinity). */
  converged: boolean;
}

/** Options of {@link fitStudentT}. */
export interface StudentTFitOptions {
  /**
   * Stop when the relative change of ν, and the change of μ and Σ measured in units of the current
   * scale (|Δμ_j| / √Σ_jj, |ΔΣ_jk| / √(Σ_jj Σ_kk)), all fall below this. Default 1e-6.
   */
  tolerance?: number;
  /** Maximum EM iterations. Default 100. */
  maxIterations?: number;
}

const INITIAL_DOF = 20;
const MIN_DOF = 1e-3;
const MAX_DOF = 1e6;
/** Absolute accuracy of the ν root in ln ν, far below any sensible tolerance. */
const LOG_DOF_TOLERANCE = 1e-12;
/** First diagonal jitter is this times trace/d, at least JITTER_FLOOR; then ×10 per failure. */
const JITTER_RELATIVE = 1e-6;
const JITTER_FLOOR = 1e-12;
const MAX_JITTER_ATTEMPTS = 60;
/**
 * A factor whose pivot L_jj² is below this fraction of Σ_jj is treated as singular even when the
 * Cholesky succeeded: the direction's conditional variance would be mostly rounding error.
 */
const MIN_PIVOT_RATIO = 1e-12;

/**
 * Fits a multivariate Student-t distribution to weighted points by maximum likelihood, using the
 * ECME algorithm of Liu and Rubin (1995): EM steps for the location and scale, and a direct
 * maximisation of the observed likelihood over the degrees of freedom ν.
 *
 * Starts from the weighted mean and covariance with ν = 20 and searches ν in [1e-3, 1e6]. When the
 * likelihood still increases at ν = 1e6 the result is the Gaussian fit (the weighted mean and
 * covariance) with dof = Infinity; the caller chooses a finite stand-in.
 *
 * Degenerate data never make the fit throw or return NaN. A singular scale matrix (repeated
 * points, a constant coordinate) gets diagonal jitter 1e-6·trace/d (at least 1e-12), growing
 * tenfold until it factorises. Heavy points are kept from drawing the fit into the likelihood's
 * singularity at ν → 0 (scale collapsing onto a point): ν is kept above twice the value below which
 * the likelihood is unbounded given the largest weights on distinct points, which is far below
 * 1e-3 unless single points carry a sizeable share of the weight. Data whose weight sits on at most
 * d distinct points get the (jittered) Gaussian fit with dof = Infinity.
 *
 * @param data - n points of d coordinates, row-major (at least n·d numbers)
 * @param n - number of points, ≥ 1
 * @param d - dimension, ≥ 1
 * @param weights - n non-negative weights, normalised internally; equal weights when omitted
 * @param options - tolerance and iteration limit
 * @returns location, scale matrix, degrees of freedom and convergence information
 * @throws TempestError `INVALID_ARGUMENT` (listing every problem) when sizes are not positive
 *   integers, arrays are too short, data or weights are non-finite, a weight is negative, all
 *   weights are zero, or an option is out of range
 * @throws TempestError `NUMERICAL_FAILURE` when the scale matrix overflows (coordinates beyond about
 *   1e150 in magnitude), so that no jitter makes it factorisable
 *
 * @example
 * ```ts
 * const fit = fitStudentT(particles, nParticles, nDim, weights);
 * const dof = Number.isFinite(fit.dof) ? fit.dof : 1e3;
 * ```
 */
export function fitStudentT(
  data: Float64Array,
  n: number,
  d: number,
  weights?: Float64Array,
  options: StudentTFitOptions = {},
): StudentTFit {
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 100;
  const w = checkArguments(data, n, d, weights, tolerance, maxIterations);

  const dd = d * d;
  const ref = data.subarray(0, d); // data are centred on row 0 so a constant coordinate is exactly constant
  const m = new Float64Array(d); // location offset: μ = ref + m
  const mPrev = new Float64Array(d);
  const scale = new Float64Array(dd);
  const scalePrev = new Float64Array(dd);
  const L = new Float64Array(dd);
  const delta = new Float64Array(n);
  const tau = new Float64Array(n).fill(1);
  const r = new Float64Array(d);
  const y = new Float64Array(d);

  // Gaussian start: the weighted mean and covariance, i.e. the M-step with all τ = 1.
  mStep(data, n, d, ref, w, tau, m, scale, r);
  factorWithJitter(L, scale, d);
  const gaussianMean = new Float64Array(d);
  for (let j = 0; j < d; j++) gaussianMean[j] = ref[j] + m[j];
  const gaussianScale = scale.slice();
  const minDof = Math.max(MIN_DOF, 2 * singularDof(data, n, d, w));
  if (!(minDof < MAX_DOF)) {
    return { mean: gaussianMean, covariance: gaussianScale, dof: Infinity, iterations: 0, converged: true };
  }
  mahalanobisAll(delta, data, n, d, ref, m, L, r, y);
  let dof = Math.max(INITIAL_DOF, minDof);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    mPrev.set(m);
    scalePrev.set(scale);
    for (let i = 0; i < n; i++) tau[i] = (dof + d) / (dof + delta[i]);
    mStep(data, n, d, ref, w, tau, m, scale, r);
    factorWithJitter(L, scale, d);
    mahalanobisAll(delta, data, n, d, ref, m, L, r, y);

    const next = maximiseDof(delta, w, n, d, dof, minDof);
    if (next === Infinity) {
      return { mean: gaussianMean, covariance: gaussianScale, dof: Infinity, iterations, converged: true };
    }
    const change = Math.max(Math.abs(next - dof) / dof, parameterChange(m, mPrev, scale, scalePrev, d));
    dof = next;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }

  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) mean[j] = ref[j] + m[j];
  return { mean, covariance: scale, dof, iterations, converged };
}

/** Validates the arguments (collecting every problem) and returns the normalised weights. */
function checkArguments(
  data: Float64Array,
  n: number,
  d: number,
  weights: Float64Array | undefined,
  tolerance: number,
  maxIterations: number,
): Float64Array {
  const problems: string[] = [];
  const sizesOk = Number.isSafeInteger(n) && n >= 1 && Number.isSafeInteger(d) && d >= 1;
  if (!Number.isSafeInteger(n) || n < 1) problems.push(`n must be a positive integer; got ${String(n)}.`);
  if (!Number.isSafeInteger(d) || d < 1) problems.push(`d must be a positive integer; got ${String(d)}.`);
  if (!(tolerance >= 0)) problems.push(`options.tolerance must be a non-negative number; got ${String(tolerance)}.`);
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1) {
    problems.push(`options.maxIterations must be a positive integer; got ${String(maxIterations)}.`);
  }
  const w = new Float64Array(sizesOk ? n : 0);
  if (sizesOk) {
    if (data.length < n * d) {
      problems.push(`data must hold n·d = ${n * d} numbers; got length ${data.length}.`);
    } else {
      for (let k = 0; k < n * d; k++) {
        if (!Number.isFinite(data[k])) {
          problems.push(`data must be finite; got ${String(data[k])} at index ${k} (point ${Math.floor(k / d)}).`);
          break;
        }
      }
    }
    if (weights === undefined) {
      w.fill(1 / n);
    } else if (weights.length < n) {
      problems.push(`weights must hold n = ${n} numbers; got length ${weights.length}.`);
    } else {
      let total = 0;
      let valid = true;
      for (let i = 0; i < n && valid; i++) {
        const wi = weights[i];
        valid = wi >= 0 && wi < Infinity;
        if (valid) total += wi;
        else problems.push(`weights must be finite and non-negative; got ${String(wi)} at index ${i}.`);
      }
      if (valid && !(total > 0 && total < Infinity)) {
        problems.push(`weights must have a positive finite sum; got ${total}. Give at least one point a positive weight.`);
      }
      for (let i = 0; i < n; i++) w[i] = weights[i] / total;
    }
  }
  if (problems.length > 0) {
    throw new TempestError('INVALID_ARGUMENT', `fitStudentT: ${problems.join(' ')}`, { problems, value: { n, d } });
  }
  return w;
}

/**
 * The ν below which the likelihood is unbounded because of heavy points: as ν → 0 the t
 * likelihood grows without limit by shrinking the scale onto any k-flat holding weight
 * P > (ν + k)/(ν + d) (Kent & Tyler 1991), so EM runs off to a point mass when ν may go below
 * (d·P − k)/(1 − P). The k + 1 heaviest distinct points always span such a flat, so with P_{k+1} the
 * sum of the k + 1 largest weights of distinct points this returns max over k < d of
 * (d·P_{k+1} − k)/(1 − P_{k+1}) (exact for points in general position), or Infinity when at most d
 * distinct points carry weight (the data lie in a flat, and only the Gaussian fit is defined).
 * Identical rows are pooled so that weights and repeated rows give the same answer.
 */
function singularDof(data: Float64Array, n: number, d: number, w: Float64Array): number {
  const order = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if (w[i] > 0) order[count++] = i;
  const rows = order.subarray(0, count);
  const compareRows = (a: number, b: number): number => {
    const ra = a * d;
    const rb = b * d;
    for (let j = 0; j < d; j++) {
      const diff = data[ra + j] - data[rb + j];
      if (diff !== 0) return diff;
    }
    return 0;
  };
  rows.sort(compareRows);
  const clusterWeights = new Float64Array(count);
  let clusters = 0;
  for (let k = 0; k < count; k++) {
    if (k === 0 || compareRows(rows[k - 1], rows[k]) !== 0) clusters++;
    clusterWeights[clusters - 1] += w[rows[k]];
  }
  if (clusters <= d) return Infinity;
  const heaviest = clusterWeights.subarray(0, clusters).sort().reverse();
  let critical = 0;
  let top = 0;
  for (let k = 0; k < d; k++) {
    top += heaviest[k];
    if (!(top < 1)) return Infinity; // the rest of the weight is lost to rounding: effectively in a flat
    critical = Math.max(critical, (d * top - k) / (1 - top));
  }
  return critical;
}

/**
 * One M-step with fixed τ: m = Σ w τ (x − ref) / Σ w τ, scale = Σ w τ r rᵀ with r = x − ref − m
 * (the weights sum to 1, so this divides by Σ w).
 */
function mStep(
  data: Float64Array,
  n: number,
  d: number,
  ref: Float64Array,
  w: Float64Array,
  tau: Float64Array,
  m: Float64Array,
  scale: Float64Array,
  r: Float64Array,
): void {
  m.fill(0);
  let wtSum = 0;
  for (let i = 0; i < n; i++) {
    const wt = w[i] * tau[i];
    if (wt === 0) continue;
    wtSum += wt;
    const row = i * d;
    for (let j = 0; j < d; j++) m[j] += wt * (data[row + j] - ref[j]);
  }
  for (let j = 0; j < d; j++) m[j] /= wtSum;

  scale.fill(0);
  for (let i = 0; i < n; i++) {
    const wt = w[i] * tau[i];
    if (wt === 0) continue;
    const row = i * d;
    for (let j = 0; j < d; j++) r[j] = data[row + j] - ref[j] - m[j];
    for (let j = 0; j < d; j++) {
      const wr = wt * r[j];
      const sj = j * d;
      for (let k = 0; k <= j; k++) scale[sj + k] += wr * r[k];
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) scale[k * d + j] = scale[j * d + k];
}

/**
 * Factorises scale = L Lᵀ, adding diagonal jitter to `scale` in place (1e-6·trace/d, at least
 * 1e-12, then ×10 per failure) when it is singular or numerically close to it.
 */
function factorWithJitter(L: Float64Array, scale: Float64Array, d: number): void {
  if (cholesky(L, scale, d) && pivotsHealthy(L, scale, d)) return;
  let trace = 0;
  for (let j = 0; j < d; j++) trace += scale[j * d + j];
  let jitter = Math.max((JITTER_RELATIVE * trace) / d, JITTER_FLOOR);
  let added = 0;
  for (let attempt = 0; attempt < MAX_JITTER_ATTEMPTS && jitter < Infinity; attempt++) {
    for (let j = 0; j < d; j++) scale[j * d + j] += jitter - added;
    added = jitter;
    if (cholesky(L, scale, d) && pivotsHealthy(L, scale, d)) return;
    jitter *= 10;
  }
  throw new TempestError(
    'NUMERICAL_FAILURE',
    `fitStudentT: the scale matrix could not be factorised even with jitter ${added} on its diagonal (trace ${trace}). ` +
      'Coordinates this large overflow when squared; rescale the data.',
    { option: 'data', value: trace },
  );
}

function pivotsHealthy(L: Float64Array, scale: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    const pivot = L[j * d + j];
    if (!(pivot * pivot >= MIN_PIVOT_RATIO * scale[j * d + j])) return false;
  }
  return true;
}

/** delta_i = squared Mahalanobis distance of point i from ref + m under L Lᵀ. */
function mahalanobisAll(
  delta: Float64Array,
  data: Float64Array,
  n: number,
  d: number,
  ref: Float64Array,
  m: Float64Array,
  L: Float64Array,
  r: Float64Array,
  y: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) r[j] = data[row + j] - ref[j] - m[j];
    solveLower(y, L, r, d);
    let s = 0;
    for (let j = 0; j < d; j++) s += y[j] * y[j];
    delta[i] = s;
  }
}

/**
 * Twice the derivative of the observed log-likelihood in ν for fixed distances:
 * ψ((ν+d)/2) − ψ(ν/2) + Σ w_i [(δ_i − d)/(ν + δ_i) − ln(1 + δ_i/ν)]. Algebraically equal to Liu and
 * Rubin's −ψ(ν/2) + ln(ν/2) + 1 + Σ w_i (ln τ_i − τ_i) + ψ((ν+d)/2) − ln((ν+d)/2) with
 * τ_i = (ν+d)/(ν+δ_i), but free of the O(1) cancellations that swamp it at large ν, where it is O(1/ν²).
 */
function dofScore(dof: number, delta: Float64Array, w: Float64Array, n: number, d: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const di = delta[i];
    s += w[i] * ((di - d) / (dof + di) - Math.log1p(di / dof));
  }
  return digammaDifference(dof / 2, d / 2) + s;
}

/**
 * Maximises the observed likelihood over ν ∈ [minDof, 1e6] for fixed distances: brackets a root of
 * {@link dofScore} where it turns from positive to negative, stepping by ×10 from the current ν, then
 * refines it by Brent's method on ln ν. Returns Infinity when the score is still positive at 1e6.
 */
function maximiseDof(delta: Float64Array, w: Float64Array, n: number, d: number, current: number, minDof: number): number {
  const score = (logDof: number): number => dofScore(Math.exp(logDof), delta, w, n, d);
  const logMin = Math.log(minDof);
  const logMax = Math.log(MAX_DOF);
  const step = Math.LN10;
  let a = Math.min(Math.max(Math.log(current), logMin), logMax);
  let fa = score(a);
  let b: number;
  let fb: number;
  if (fa > 0) {
    for (;;) {
      if (a >= logMax) return Infinity;
      b = Math.min(a + step, logMax);
      fb = score(b);
      if (!(fb > 0)) break;
      a = b;
      fa = fb;
    }
  } else {
    b = a;
    fb = fa;
    for (;;) {
      if (b <= logMin) return minDof;
      a = Math.max(b - step, logMin);
      fa = score(a);
      if (fa > 0) break;
      b = a;
      fb = fa;
    }
  }
  const root = brentRoot(score, a, b, fa, fb, LOG_DOF_TOLERANCE);
  return Math.min(Math.max(Math.exp(root), minDof), MAX_DOF);
}

/**
 * Brent's root finder (inverse quadratic interpolation safeguarded by bisection, as in Numerical
 * Recipes' zbrent) on [a, b] with f(a), f(b) of opposite signs (or one zero).
 */
function brentRoot(f: (x: number) => number, a: number, b: number, fa: number, fb: number, xTolerance: number): number {
  let c = a;
  let fc = fa;
  let step = b - a;
  let previousStep = step;
  for (let iteration = 0; iteration < 200; iteration++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      step = b - a;
      previousStep = step;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xTolerance;
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tol || fb === 0) return b;
    if (Math.abs(previousStep) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * half * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const rb = fb / fc;
        p = s * (2 * half * qa * (qa - rb) - (b - a) * (rb - 1));
        q = (qa - 1) * (rb - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * half * q - Math.abs(tol * q), Math.abs(previousStep * q))) {
        previousStep = step;
        step = p / q;
      } else {
        step = half;
        previousStep = step;
      }
    } else {
      step = half;
      previousStep = step;
    }
    a = b;
    fa = fb;
    b += Math.abs(step) > tol ? step : half >= 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}

/** Largest change of location and scale between iterations, in units of the current scale. */
function parameterChange(m: Float64Array, mPrev: Float64Array, scale: Float64Array, scalePrev: Float64Array, d: number): number {
  let change = 0;
  for (let j = 0; j < d; j++) {
    const sj = Math.sqrt(scale[j * d + j]);
    change = Math.max(change, Math.abs(m[j] - mPrev[j]) / sj);
    for (let k = 0; k <= j; k++) {
      const idx = j * d + k;
      change = Math.max(change, Math.abs(scale[idx] - scalePrev[idx]) / (sj * Math.sqrt(scale[k * d + k])));
    }
  }
  return change;
}
