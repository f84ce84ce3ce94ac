import { mahalanobisSquared } from '../math/mahalanobis.js';
import { writeUntilOutside } from './cube-exit.js';
import type { MutationKernel } from './mutation-kernel.js';
import { logStudentKernel } from './student-t-reference.js';

/**
 * t-preconditioned Crank–Nicolson: u' = mu + sqrt(1 - s^2) (u - mu) + s sqrt(W) L z, with z
 * standard normal and W an inverse-gamma draw with shape (d + nu)/2 and scale
 * (nu + delta(u))/2, delta the Mahalanobis distance under the component. It is reversible with
 * respect to the component's Student-t, so on a posterior close to that Student-t it accepts
 * large moves in any dimension. The step size stays below 1 (sqrt(1 - s^2) must be real).
 */
export const tpcnKernel: MutationKernel = {
  name: 'tpcn',
  maxStepSize: 0.99,
  propose(out, outOffset, from, fromOffset, c, s, rng, ws) {
    const { nDim: d, z, diff, scratch } = ws;
    const k = ws.particle;
    const row = k * d;
    rng.fillNormal(z, 0, d);
    for (let j = 0; j < d; j++) diff[j] = from[fromOffset + j] - c.mean[j];
    // The chain's whitened point w = L^-1 (u - mu) and distance |w|^2: kept while it stays where
    // it is (a rejected proposal) or carried over from its accepted proposal.
    let delta = ws.memo[k];
    if (!(delta >= 0)) {
      delta = mahalanobisSquared(from, fromOffset, c.mean, c.chol, d, scratch);
      ws.memoRows.set(scratch.subarray(0, d), row);
      ws.memo[k] = delta;
    }
    const scale = Number.isFinite(c.dof) ? Math.sqrt((0.5 * (c.dof + delta)) / rng.gamma(0.5 * (d + c.dof))) : 1;
    const keep = Math.sqrt(1 - s * s);
    for (let j = 0; j < d; j++) diff[j] = c.mean[j] + keep * diff[j];
    writeUntilOutside(out, outOffset, diff, s * scale, c.chol, z, ws.boundaryKinds, d);
    if (ws.referenceCorrection) {
      // u' - mu = keep (u - mu) + s scale L z, so L^-1 (u' - mu) = keep w + s scale z: the
      // proposal's distance in O(d) instead of a second triangular solve.
      const w = ws.memoRows;
      const next = ws.proposalMemoRows;
      let sum = 0;
      for (let j = 0; j < d; j++) {
        const v = keep * w[row + j] + s * scale * z[j];
        next[row + j] = v;
        sum += v * v;
      }
      ws.proposalMemo[k] = sum;
    }
    return logStudentKernel(delta, c.dof, d);
  },
  logReference(point, offset, c, ws) {
    const known = ws.proposalMemo[ws.particle];
    const delta = known >= 0 ? known : mahalanobisSquared(point, offset, c.mean, c.chol, ws.nDim, ws.z);
    return logStudentKernel(delta, c.dof, ws.nDim);
  },
  // From u, u' is Student-t with d + nu degrees of freedom, location mu + rho (u - mu)
  // (rho = sqrt(1 - s^2)) and scale s^2 (nu + delta(u)) / (nu + d) C; Gaussian with scale s^2 C
  // when nu is infinite.
  logDensity(from, fromOffset, to, toOffset, c, s, ws) {
    const { nDim: d, z, diff } = ws;
    const delta = mahalanobisSquared(from, fromOffset, c.mean, c.chol, d, z);
    const rho = Math.sqrt(1 - s * s);
    for (let j = 0; j < d; j++) diff[j] = c.mean[j] + rho * (from[fromOffset + j] - c.mean[j]);
    if (!Number.isFinite(c.dof)) return ws.folded.logDensity(diff, s * s, Infinity, c, to, toOffset);
    const dof = c.dof + d;
    return ws.folded.logDensity(diff, (s * s * (c.dof + delta)) / dof, dof, c, to, toOffset);
  },
};
