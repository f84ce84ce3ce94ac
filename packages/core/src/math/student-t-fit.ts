import { TempestError } from '../tempest-error.js';
import { cholesky } from './cholesky.js';
import { maximiseDof, MAX_DOF, MIN_DOF, singularDof } from './student-t-dof.js';
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
  /**
   * Each point's latent precision weight (ν + d)/(ν + δ) at the returned fit, δ its squared
   * Mahalanobis distance (all 1 for the Gaussian fit): with these fixed, the location is the
   * weight × τ mean and the scale the weight × τ covariance, so a fit without some of the points
   * can be formed from sums (see `cross-fit.ts`).
   */
  tau: Float64Array;
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
    return { mean: gaussianMean, covariance: gaussianScale, dof: Infinity, iterations: 0, converged: true, tau: tau.fill(1) };
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
      return { mean: gaussianMean, covariance: gaussianScale, dof: Infinity, iterations, converged: true, tau: tau.fill(1) };
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
  for (let i = 0; i < n; i++) tau[i] = (dof + d) / (dof + delta[i]);
  return { mean, covariance: scale, dof, iterations, converged, tau };
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
