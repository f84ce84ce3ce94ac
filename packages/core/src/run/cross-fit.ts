import { fitStudentT } from '../math/student-t-fit.js';
import { factoredComponent, type ProposalComponent } from '../kernels/proposal-component.js';

/**
 * An excluded fold keeps the full fit when what is left of the points holds less than this share
 * of the weight, or no more points than dimensions: a scale fitted to so little would propose
 * worse than the small dependence it removes.
 */
const MIN_KEPT_WEIGHT = 0.5;

/**
 * The fold of a history particle: its index in the history modulo the number of folds. The
 * proposal is fitted and the resampled chains are assigned by this one rule, so a chain's
 * component never saw the particle it starts from.
 * @param historyIndex - the particle's index in the history
 * @param folds - number of folds
 * @returns the fold, in [0, folds)
 */
export function foldOf(historyIndex: number, folds: number): number {
  return historyIndex % folds;
}

/**
 * The proposal components of one cluster, one per fold: component f is the Student-t fitted to
 * the points outside fold f. A chain that starts at a point of fold f proposes with component f,
 * so its proposal does not depend on where it starts.
 *
 * Why: a t-pCN kernel is reversible with respect to its fitted Student-t and corrects to the
 * target by the ratio of the two. Fitted to the very points the chains start at, that Student-t
 * is higher at them than at fresh draws of the target (a point's Mahalanobis distance under a
 * scale fitted with it is smaller by about d/n relative). The chains then begin by drifting away
 * from equilibrium before they relax back: from exact draws of a 50-D Gaussian at beta = 0.3,
 * chi-square 50 on average, 50 steps of t-pCN with the scale fitted to the 256 starting points
 * left 48.0 (49.1 after 100 steps, 49.85 after 200); with a scale fitted to other draws, 50.0.
 * Chains stopped within that transient keep particles too concentrated at every temperature, and
 * Persistent Sampling, which counts them as draws of it, overestimates log Z: by +0.25 at 50-D
 * and +1.6 at 100-D before this (see BENCHMARKS.md).
 *
 * The fold fits are not refitted by EM: the full fit's degrees of freedom and latent weights tau
 * are kept, and each fold's location and scale are the weight x tau moments of the other points,
 * from one pass over the data (O(m d^2)) and one Cholesky factor per fold.
 * @param data - m points of d coordinates, row-major
 * @param m - number of points
 * @param d - dimension
 * @param weights - non-negative weights of the points (any positive sum)
 * @param pointFolds - each point's fold, in [0, folds)
 * @param folds - number of folds; 1 gives the single fit to every point
 * @returns `folds` components (the same object repeated where a fold keeps the full fit)
 */
export function crossFitComponents(data: Float64Array, m: number, d: number, weights: Float64Array, pointFolds: Int32Array, folds: number): ProposalComponent[] {
  const fit = fitStudentT(data, m, d, weights, { tolerance: 1e-3, maxIterations: 50 });
  const full = factoredComponent(fit.mean, fit.covariance, fit.dof, d);
  if (folds === 1) return [full];

  // Weight, weight x tau, and the weight x tau first and second moments about the full fit's mean, per fold.
  const mass = new Float64Array(folds);
  const massTau = new Float64Array(folds);
  const count = new Int32Array(folds);
  const first = new Float64Array(folds * d);
  const second = new Float64Array(folds * d * d);
  const r = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    const f = pointFolds[i];
    const wt = weights[i] * fit.tau[i];
    mass[f] += weights[i];
    count[f]++;
    if (wt === 0) continue;
    massTau[f] += wt;
    for (let j = 0; j < d; j++) r[j] = data[i * d + j] - fit.mean[j];
    const s1 = f * d;
    const s2 = f * d * d;
    for (let j = 0; j < d; j++) {
      const wr = wt * r[j];
      first[s1 + j] += wr;
      for (let k = 0; k <= j; k++) second[s2 + j * d + k] += wr * r[k];
    }
  }
  const totalMass = sum(mass);
  const totalTau = sum(massTau);
  const totalFirst = new Float64Array(d);
  const totalSecond = new Float64Array(d * d);
  for (let f = 0; f < folds; f++) {
    for (let j = 0; j < d; j++) totalFirst[j] += first[f * d + j];
    for (let q = 0; q < d * d; q++) totalSecond[q] += second[f * d * d + q];
  }

  const components: ProposalComponent[] = [];
  for (let f = 0; f < folds; f++) {
    const keptMass = totalMass - mass[f];
    const keptTau = totalTau - massTau[f];
    if (!(keptMass >= MIN_KEPT_WEIGHT * totalMass) || m - count[f] <= d || !(keptTau > 0)) {
      components.push(full);
      continue;
    }
    // mean = mu + a with a = (first moment of the kept points) / (their weight x tau);
    // scale = (second moment - weight x tau a a^T) / (their weight), as the EM step divides.
    const a = new Float64Array(d);
    for (let j = 0; j < d; j++) a[j] = (totalFirst[j] - first[f * d + j]) / keptTau;
    const mean = new Float64Array(d);
    for (let j = 0; j < d; j++) mean[j] = fit.mean[j] + a[j];
    const covariance = new Float64Array(d * d);
    for (let j = 0; j < d; j++) {
      for (let k = 0; k <= j; k++) {
        const q = j * d + k;
        const v = (totalSecond[q] - second[f * d * d + q] - keptTau * a[j] * a[k]) / keptMass;
        covariance[q] = v;
        covariance[k * d + j] = v;
      }
    }
    components.push(factoredComponent(mean, covariance, fit.dof, d));
  }
  return components;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
