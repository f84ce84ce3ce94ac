import { BOUNDARY_PERIODIC, BOUNDARY_REFLECTIVE } from '../math/boundaries.js';
import { solveLower } from '../math/triangular-solve.js';
import type { ProposalComponent } from './proposal-model.js';

/**
 * Exact proposal density of t-pCN when some coordinates wrap or reflect.
 *
 * Given u, t-pCN draws v from a multivariate Student-t with d + nu degrees of freedom,
 * location mu + rho (u - mu) and scale s^2 (nu + delta(u)) / (nu + d) C (delta(u) the
 * Mahalanobis distance of u), which is why its acceptance ratio reduces to a ratio of
 * Student-t densities. Wrapping or mirroring v into [0,1] breaks that shortcut: the density
 * of the folded point is the sum over its images. This class evaluates log q(u -> v) with
 * that sum, so the Metropolis–Hastings ratio q(v -> u) / q(u -> v) stays exact.
 */
export class WrappedTpcnDensity {
  private readonly special: number[];
  private readonly offsets: Float64Array[];
  private readonly signs: Float64Array[];
  private readonly diff: Float64Array;
  private readonly z: Float64Array;
  private readonly image: Float64Array;

  /**
   * @param d - dimension
   * @param kinds - boundary kind of every coordinate
   */
  constructor(
    private readonly d: number,
    kinds: Uint8Array,
  ) {
    this.special = [];
    for (let j = 0; j < d; j++) if (kinds[j] === BOUNDARY_PERIODIC || kinds[j] === BOUNDARY_REFLECTIVE) this.special.push(j);
    // Images per special coordinate: periodic v + k (k = -2..2); reflective +-v + 2k (k = -1..1).
    // Farther images lie at least 3 (periodic) or 2 (reflective) proposal widths of the unit
    // cube away and contribute negligibly. With many special coordinates the nearest 3 suffice.
    const many = this.special.length > 4;
    this.offsets = [];
    this.signs = [];
    for (const j of this.special) {
      if (kinds[j] === BOUNDARY_PERIODIC) {
        const ks = many ? [-1, 0, 1] : [-2, -1, 0, 1, 2];
        this.offsets.push(Float64Array.from(ks));
        this.signs.push(new Float64Array(ks.length).fill(1));
      } else {
        const pairs: [number, number][] = many ? [[0, 1], [0, -1], [2, -1]] : [[-2, 1], [0, 1], [2, 1], [-2, -1], [0, -1], [2, -1]];
        this.offsets.push(Float64Array.from(pairs, (p) => p[0]));
        this.signs.push(Float64Array.from(pairs, (p) => p[1]));
      }
    }
    this.diff = new Float64Array(d);
    this.z = new Float64Array(d);
    this.image = new Float64Array(d);
  }

  /** Whether any coordinate wraps or reflects (otherwise the plain t-ratio is exact and cheaper). */
  get active(): boolean {
    return this.special.length > 0;
  }

  /**
   * log q(from -> to) up to a constant shared by both directions.
   * @param from - buffer holding the start point at `fromOffset`
   * @param fromOffset - offset of the start point
   * @param to - buffer holding the folded end point at `toOffset`
   * @param toOffset - offset of the end point
   * @param c - the proposal component
   * @param s - step size of the component
   * @returns the log proposal density summed over the images of `to`
   */
  logDensity(from: Float64Array, fromOffset: number, to: Float64Array, toOffset: number, c: ProposalComponent, s: number): number {
    const d = this.d;
    const { diff, z, image } = this;
    for (let j = 0; j < d; j++) diff[j] = from[fromOffset + j] - c.mean[j];
    solveLower(z, c.chol, diff, d);
    let delta = 0;
    for (let j = 0; j < d; j++) delta += z[j] * z[j];
    const nu = c.dof;
    const finite = Number.isFinite(nu);
    const scale = finite ? (s * s * (nu + delta)) / (nu + d) : s * s;
    const rho = Math.sqrt(1 - s * s);
    // Location of the proposal, kept in `diff`.
    for (let j = 0; j < d; j++) diff[j] = c.mean[j] + rho * (from[fromOffset + j] - c.mean[j]);
    const logNorm = -0.5 * d * Math.log(scale);

    const p = this.special.length;
    const counters = new Int32Array(p);
    let max = -Infinity;
    let sum = 0;
    for (;;) {
      for (let j = 0; j < d; j++) image[j] = to[toOffset + j];
      for (let a = 0; a < p; a++) {
        const j = this.special[a];
        image[j] = this.signs[a][counters[a]] * to[toOffset + j] + this.offsets[a][counters[a]];
      }
      for (let j = 0; j < d; j++) image[j] -= diff[j];
      solveLower(z, c.chol, image, d);
      let r2 = 0;
      for (let j = 0; j < d; j++) r2 += z[j] * z[j];
      const logq = logNorm + (finite ? -0.5 * (nu + 2 * d) * Math.log1p(r2 / (scale * (nu + d))) : -0.5 * (r2 / scale));
      // Streaming log-sum-exp.
      if (logq > max) {
        sum = sum * Math.exp(max - logq) + 1;
        max = logq;
      } else sum += Math.exp(logq - max);
      let a = 0;
      while (a < p && ++counters[a] === this.offsets[a].length) counters[a++] = 0;
      if (a === p) break;
    }
    return max + Math.log(sum);
  }
}
