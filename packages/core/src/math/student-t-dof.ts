import { brentRoot } from './brent-root.js';
import { digammaDifference } from './special-functions.js';

// The degrees-of-freedom half of the Student-t fit (ECME's direct maximisation over nu) and the
// lower bound on nu below which heavy points make the likelihood unbounded.

/** Smallest degrees of freedom the fit returns. */
export const MIN_DOF = 1e-3;
/** Largest finite degrees of freedom; beyond it the fit is Gaussian. */
export const MAX_DOF = 1e6;
/** Absolute accuracy of the nu root in ln nu, far below any sensible tolerance. */
const LOG_DOF_TOLERANCE = 1e-12;

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
export function singularDof(data: Float64Array, n: number, d: number, w: Float64Array): number {
  const order = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if (w[i] > 0) order[count++] = i;
  const rows = order.subarray(0, count);
  // Rows are pooled in sorted order; a row whose first coordinate no other row shares is alone
  // in its pool, so only the rows with shared first coordinates (repeats) need the row sort.
  const clusterWeights = new Float64Array(count);
  let clusters = 0;
  const shared = sharedFirstCoordinates(data, rows, d);
  let nShared = 0;
  for (let k = 0; k < count; k++) {
    if (shared !== undefined && shared.has(data[rows[k] * d])) rows[nShared++] = rows[k];
    else clusterWeights[clusters++] = w[rows[k]];
  }
  const compareRows = (a: number, b: number): number => {
    const ra = a * d;
    const rb = b * d;
    for (let j = 0; j < d; j++) {
      const diff = data[ra + j] - data[rb + j];
      if (diff !== 0) return diff;
    }
    return 0;
  };
  const repeats = rows.subarray(0, nShared).sort(compareRows);
  for (let k = 0; k < nShared; k++) {
    if (k === 0 || compareRows(repeats[k - 1], repeats[k]) !== 0) clusters++;
    clusterWeights[clusters - 1] += w[repeats[k]];
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

/** The first coordinates that two or more of the given rows share (undefined when none). */
function sharedFirstCoordinates(data: Float64Array, rows: Uint32Array, d: number): Set<number> | undefined {
  const first = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) first[k] = data[rows[k] * d];
  first.sort();
  let shared: Set<number> | undefined;
  for (let k = 1; k < first.length; k++) if (first[k] === first[k - 1]) (shared ??= new Set()).add(first[k]);
  return shared;
}

/**
 * Twice the derivative of the observed log-likelihood in ν for fixed distances:
 * ψ((ν+d)/2) − ψ(ν/2) + Σ w_i [(δ_i − d)/(ν + δ_i) − ln(1 + δ_i/ν)]. Algebraically equal to Liu and
 * Rubin's −ψ(ν/2) + ln(ν/2) + 1 + Σ w_i (ln τ_i − τ_i) + ψ((ν+d)/2) − ln((ν+d)/2) with
 * τ_i = (ν+d)/(ν+δ_i), but free of the O(1) cancellations that swamp it at large ν, where it is O(1/ν²).
 */
export function dofScore(dof: number, delta: Float64Array, w: Float64Array, n: number, d: number): number {
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
export function maximiseDof(delta: Float64Array, w: Float64Array, n: number, d: number, current: number, minDof: number): number {
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
