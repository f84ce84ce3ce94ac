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
    rng.fillNormal(z, 0, d);
    for (let j = 0; j < d; j++) diff[j] = from[fromOffset + j] - c.mean[j];
    // A chain whose last proposal was rejected is where it was: its distance is known.
    const known = ws.memo[ws.particle];
    const delta = known >= 0 ? known : mahalanobisSquared(from, fromOffset, c.mean, c.chol, d, scratch);
    const scale = Number.isFinite(c.dof) ? Math.sqrt((0.5 * (c.dof + delta)) / rng.gamma(0.5 * (d + c.dof))) : 1;
    const keep = Math.sqrt(1 - s * s);
    for (let j = 0; j < d; j++) diff[j] = c.mean[j] + keep * diff[j];
    writeUntilOutside(out, outOffset, diff, s * scale, c.chol, z, ws.boundaryKinds, d);
    return logStudentKernel(delta, c.dof, d);
  },
  logReference(point, offset, c, ws) {
    const delta = mahalanobisSquared(point, offset, c.mean, c.chol, ws.nDim, ws.z);
    ws.proposalMemo[ws.particle] = delta;
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
