import { writeUntilOutside } from './cube-exit.js';
import type { MutationKernel } from './mutation-kernel.js';

/**
 * Random-walk Metropolis: u' = u + s L z with z standard normal and L the component's Cholesky
 * factor. Symmetric, so its Metropolis–Hastings correction is 0; robust far from the fitted Student-t,
 * but its steps shrink as 1/sqrt(d).
 */
export const rwmKernel: MutationKernel = {
  name: 'rwm',
  maxStepSize: Infinity,
  symmetric: true,
  propose(out, outOffset, from, fromOffset, c, s, rng, ws) {
    const { nDim: d, z, diff } = ws;
    rng.fillNormal(z, 0, d);
    for (let j = 0; j < d; j++) diff[j] = from[fromOffset + j];
    writeUntilOutside(out, outOffset, diff, s, c.chol, z, ws.boundaryKinds, d);
    return 0;
  },
  logDensity(from, fromOffset, to, toOffset, c, s, ws) {
    const { nDim: d, diff } = ws;
    for (let j = 0; j < d; j++) diff[j] = from[fromOffset + j];
    return ws.folded.logDensity(diff, s * s, Infinity, c, to, toOffset);
  },
};
