import { BOUNDARY_NONE, BOUNDARY_UNBOUNDED } from '../math/boundaries.js';

/**
 * The coordinates the MCMC moves in: the unit cube itself, or plain coordinates through the logit,
 * v = ln(u / (1 - u)) (every one with `moveSpace: 'logit'`, those the posterior piles against a
 * bound with `'auto'`, see `bound-piles.ts`), periodic and reflective ones as they are.
 *
 * Mass piled against a bound of the prior (a Beta(0.11, 8) density puts half its mass below
 * u = 1e-3 and 8% below 1e-10; a scale whose posterior reaches for zero) is out of reach of steps
 * scaled to the bulk in u: nearly every step from u = 1e-6 leaves the cube. In v the same mass is
 * an exponential tail that a Student-t fitted in v explores. The chains then target
 * L(x(u(v)))^beta times the prior's density in v, which is the Jacobian
 * du/dv = u (1 - u); the history, the evidence and every read-out stay in u.
 */
export class MoveSpace {
  /** Boundary kinds in the move space: plain coordinates become unbounded. */
  readonly kinds: Uint8Array;
  private readonly logit: Int32Array;

  /**
   * @param kinds - boundary kind of every coordinate of the cube
   * @param chosen - which coordinates move through the logit (1), when not every plain one
   */
  constructor(kinds: Uint8Array, chosen?: Uint8Array) {
    const logit = (k: number, j: number) => k === BOUNDARY_NONE && (chosen === undefined || chosen[j] === 1);
    this.kinds = kinds.map((k, j) => (logit(k, j) ? BOUNDARY_UNBOUNDED : k));
    this.logit = Int32Array.from(Array.from(kinds).flatMap((k, j) => (logit(k, j) ? [j] : [])));
  }

  /**
   * Rows of cube points in the move space.
   * @param u - n x d cube points
   * @param n - rows
   * @returns a new n x d array
   */
  toMove(u: Float64Array, n: number): Float64Array {
    const d = this.kinds.length;
    const v = u.slice(0, n * d);
    for (let k = 0; k < n; k++) {
      for (const j of this.logit) {
        // u = 0 (a prior draw can be) and u = 1 map to finite values, so every fit stays finite.
        const x = Math.min(Math.max(u[k * d + j], 1e-300), 1 - 2 ** -53);
        v[k * d + j] = Math.log(x) - Math.log1p(-x);
      }
    }
    return v;
  }

  /**
   * One move-space point back in the cube.
   * @param v - move-space rows
   * @param vOffset - where the point starts
   * @param out - receives the cube point
   * @param outOffset - where it goes
   */
  toCube(v: Float64Array, vOffset: number, out: Float64Array, outOffset: number): void {
    const d = this.kinds.length;
    for (let j = 0; j < d; j++) out[outOffset + j] = v[vOffset + j];
    for (const j of this.logit) {
      const t = v[vOffset + j];
      // 1 / (1 + e^-t), written so that neither branch overflows.
      out[outOffset + j] = t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }
  }

  /**
   * log of the prior's density in the move space at a point: sum over the logit coordinates of
   * ln u (1 - u) = -softplus(v) - softplus(-v).
   * @param v - move-space rows
   * @param offset - where the point starts
   */
  logJacobian(v: Float64Array, offset: number): number {
    let s = 0;
    for (const j of this.logit) {
      const t = v[offset + j];
      const a = Math.abs(t);
      s -= a + 2 * Math.log1p(Math.exp(-a));
    }
    return s;
  }
}
