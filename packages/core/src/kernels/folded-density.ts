import { BOUNDARY_PERIODIC, BOUNDARY_REFLECTIVE } from '../math/boundaries.js';
import { logGamma } from '../math/special-functions.js';
import { solveLower } from '../math/triangular-solve.js';
import type { ProposalComponent } from './proposal-component.js';

const LOG_PI = Math.log(Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Normalised log-density of an elliptical proposal (a multivariate Student-t, or a Gaussian when
 * its degrees of freedom are infinite) with scale matrix `scale * C`, C = L L^T a component's
 * scale, evaluated at a point folded into the unit cube: the sum of the density over the point's
 * images. Periodic coordinates have the images u + k (k = -2..2), reflective ones +-u + 2k
 * (k = -1..1); farther images lie several proposal widths of the unit cube away. With more than
 * four such coordinates only the nearest three images each are summed, to bound the cost. The
 * built-in kernels' proposals are all of this form, so their `logDensity` is this with their own
 * location, scale and degrees of freedom.
 */
export class FoldedDensity {
  private readonly special: number[] = [];
  private readonly offsets: Float64Array[] = [];
  private readonly signs: Float64Array[] = [];
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
    this.z = new Float64Array(d);
    this.image = new Float64Array(d);
    this.counters = new Int32Array(this.special.length);
  }

  /** Whether any coordinate wraps or reflects. */
  get folds(): boolean {
    return this.special.length > 0;
  }

  /**
   * log q(to) for q elliptical about `location` with scale matrix `scale * C` and `dof` degrees of
   * freedom (Infinity: Gaussian), summed over the images of `to`.
   * @param location - the proposal's centre (length d)
   * @param scale - multiplier of the component's scale matrix C
   * @param dof - degrees of freedom of the proposal
   * @param c - the component whose Cholesky factor L (C = L L^T) shapes the proposal
   * @param to - buffer holding the (folded) point at `toOffset`
   * @param toOffset - offset of the point
   * @returns the log density
   */
  logDensity(location: Float64Array, scale: number, dof: number, c: ProposalComponent, to: Float64Array, toOffset: number): number {
    const d = this.d;
    const { z, image } = this;
    let halfLogDetC = 0;
    for (let j = 0; j < d; j++) halfLogDetC += Math.log(c.chol[j * d + j]);
    const logNorm = Number.isFinite(dof)
      ? logGamma(0.5 * (dof + d)) - logGamma(0.5 * dof) - 0.5 * d * (Math.log(dof) + LOG_PI) - 0.5 * d * Math.log(scale) - halfLogDetC
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
      for (let j = 0; j < d; j++) image[j] -= location[j];
      solveLower(z, c.chol, image, d);
      let r2 = 0;
      for (let j = 0; j < d; j++) r2 += z[j] * z[j];
      const logq = logNorm + (Number.isFinite(dof) ? -0.5 * (dof + d) * Math.log1p(r2 / (scale * dof)) : (-0.5 * r2) / scale);
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
