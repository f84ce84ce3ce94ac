import { BOUNDARY_PERIODIC, BOUNDARY_REFLECTIVE } from '../math/boundaries.js';
import { logGamma } from '../math/special-functions.js';
import { solveLower } from '../math/triangular-solve.js';
import type { ProposalComponent } from './proposal-model.js';

const LOG_PI = Math.log(Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Normalised log-density of the MCMC proposals, for the Metropolis–Hastings ratio when the
 * shortcut ratios do not apply: when the component used to propose depends on where the
 * particle is (clustering), or when proposals are folded into [0,1] (periodic and reflective
 * coordinates).
 *
 * t-pCN from u draws u' ~ Student-t with d + nu degrees of freedom, location
 * mu + rho (u - mu) (rho = sqrt(1 - s^2)) and scale s^2 (nu + delta(u)) / (nu + d) C, delta(u)
 * being the Mahalanobis distance of u (a Gaussian with scale s^2 C when nu is infinite).
 * Random-walk Metropolis draws u' ~ N(u, s^2 C). A folded point's density is the sum over its
 * images: periodic u + k (k = -2..2), reflective +-u + 2k (k = -1..1); farther images lie
 * several proposal widths of the unit cube away. With more than four such coordinates only the
 * nearest three images each are summed, to bound the cost.
 */
export class ProposalDensity {
  private readonly special: number[] = [];
  private readonly offsets: Float64Array[] = [];
  private readonly signs: Float64Array[] = [];
  private readonly diff: Float64Array;
  private readonly z: Float64Array;
  private readonly image: Float64Array;
  private readonly counters: Int32Array;

  /**
   * @param d - dimension
   * @param kinds - boundary kind of every coordinate
   */
  constructor(
    private readonly d: number,
    kinds: Uint8Array,
  ) {
    for (let j = 0; j < d; j++) if (kinds[j] === BOUNDARY_PERIODIC || kinds[j] === BOUNDARY_REFLECTIVE) this.special.push(j);
    const many = this.special.length > 4;
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
    this.counters = new Int32Array(this.special.length);
  }

  /** Whether any coordinate wraps or reflects. */
  get folds(): boolean {
    return this.special.length > 0;
  }

  /**
   * log q(from -> to), normalised.
   * @param kernel - `'tpcn'` or `'rwm'`
   * @param from - buffer holding the start point at `fromOffset`
   * @param fromOffset - offset of the start point
   * @param to - buffer holding the (folded) end point at `toOffset`
   * @param toOffset - offset of the end point
   * @param c - the component proposing from `from`
   * @param s - that component's step size
   * @returns the log proposal density, summed over the images of `to`
   */
  logDensity(kernel: 'tpcn' | 'rwm', from: Float64Array, fromOffset: number, to: Float64Array, toOffset: number, c: ProposalComponent, s: number): number {
    const d = this.d;
    const { diff, z, image } = this;
    let halfLogDetC = 0;
    for (let j = 0; j < d; j++) halfLogDetC += Math.log(c.chol[j * d + j]);
    let scale: number;
    let tDof = Infinity;
    if (kernel === 'tpcn') {
      for (let j = 0; j < d; j++) diff[j] = from[fromOffset + j] - c.mean[j];
      solveLower(z, c.chol, diff, d);
      let delta = 0;
      for (let j = 0; j < d; j++) delta += z[j] * z[j];
      const rho = Math.sqrt(1 - s * s);
      for (let j = 0; j < d; j++) diff[j] = c.mean[j] + rho * (from[fromOffset + j] - c.mean[j]);
      if (Number.isFinite(c.dof)) {
        tDof = c.dof + d;
        scale = (s * s * (c.dof + delta)) / tDof;
      } else scale = s * s;
    } else {
      for (let j = 0; j < d; j++) diff[j] = from[fromOffset + j];
      scale = s * s;
    }
    // Normalising constant of the Student-t (or Gaussian) with scale matrix `scale * C`.
    const logNorm = Number.isFinite(tDof)
      ? logGamma(0.5 * (tDof + d)) - logGamma(0.5 * tDof) - 0.5 * d * (Math.log(tDof) + LOG_PI) - 0.5 * d * Math.log(scale) - halfLogDetC
      : -0.5 * d * (LOG_2PI + Math.log(scale)) - halfLogDetC;

    const p = this.special.length;
    const counters = this.counters;
    counters.fill(0);
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
      const logq = logNorm + (Number.isFinite(tDof) ? -0.5 * (tDof + d) * Math.log1p(r2 / (scale * tDof)) : (-0.5 * r2) / scale);
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
