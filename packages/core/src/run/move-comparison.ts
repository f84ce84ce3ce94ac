/**
 * Jumps take over only while at least this fraction of them is accepted. Squared distance per call
 * cannot see where the fitted mixture is thinner than the target: an independence move seldom
 * proposes there, so chains made mostly of jumps leave such regions under-populated. On the 10-D
 * Rosenbrock chain, with 22-55% of jumps accepted and twice the local steps' distance per call,
 * jump-led chains put log Z 0.3-0.75 too low (z down to -6.6 over 20 seeds); with this floor its
 * four worst seeds came within 1.5 errors. Gaussians, where the fit is close, accept 67-93%.
 */
const MIN_JUMP_ACCEPTANCE_TO_LEAD = 0.5;

/**
 * Measures which kind of move, local steps or jumps from the fitted mixture, moves particles
 * further per likelihood call: the mean squared jump distance of accepted moves, in coordinates
 * scaled by the starting particles' spread, summed and divided by the calls each kind made. A
 * rejected move counts as distance zero, a proposal outside the cube as no call. Near a good
 * fit (a Gaussian posterior in 10-D) a jump's accepted move is a fresh draw, worth about 2d
 * squared units, where a local step moves about 1.3; on a curved or high-dimensional posterior
 * jumps are rarely accepted and local steps win. Jumps lead only while most of them are accepted
 * (see {@link MIN_JUMP_ACCEPTANCE_TO_LEAD}).
 */
export class MoveComparison {
  private readonly inverseVariance: Float64Array;
  private readonly distance = [0, 0];
  private readonly calls = [0, 0];
  private readonly steps = [0, 0];
  private readonly acceptedMoves = [0, 0];

  /**
   * @param u - the starting particles (n x d), whose spread scales the distances
   * @param n - number of particles
   * @param d - dimension
   */
  constructor(u: Float64Array, n: number, private readonly d: number) {
    const mean = new Float64Array(d);
    const variance = new Float64Array(d);
    for (let k = 0; k < n; k++) for (let j = 0; j < d; j++) mean[j] += u[k * d + j] / n;
    for (let k = 0; k < n; k++) for (let j = 0; j < d; j++) variance[j] += (u[k * d + j] - mean[j]) ** 2 / n;
    this.inverseVariance = Float64Array.from(variance, (v) => (v > 0 ? 1 / v : 0));
  }

  /** Records a step's likelihood calls. */
  evaluated(jump: boolean, calls: number): void {
    this.calls[jump ? 1 : 0] += calls;
    this.steps[jump ? 1 : 0]++;
  }

  /** Records an accepted move from row `k` of `from` to row `v` of `to`. */
  accepted(jump: boolean, to: Float64Array, v: number, from: Float64Array, k: number): void {
    const d = this.d;
    this.acceptedMoves[jump ? 1 : 0]++;
    let squared = 0;
    for (let j = 0; j < d; j++) squared += (to[v * d + j] - from[k * d + j]) ** 2 * this.inverseVariance[j];
    this.distance[jump ? 1 : 0] += squared;
  }

  /** Whether both kinds have made a step. */
  measured(): boolean {
    return this.steps[0] > 0 && this.steps[1] > 0;
  }

  /**
   * Whether both kinds have made a step, at least {@link MIN_JUMP_ACCEPTANCE_TO_LEAD} of the jumps
   * that reached the likelihood were accepted, and jumps went further per call.
   */
  jumpsMoveFurther(): boolean {
    if (!this.measured()) return false;
    if (!(this.acceptedMoves[1] >= MIN_JUMP_ACCEPTANCE_TO_LEAD * this.calls[1])) return false;
    const perCall = (i: number) => (this.calls[i] > 0 ? this.distance[i] / this.calls[i] : 0);
    return perCall(1) > perCall(0);
  }
}
