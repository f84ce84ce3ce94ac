/**
 * How much the particles still remember where their chains started: the Pearson correlation,
 * across particles, between each particle's start and current position, averaged over
 * coordinates. Both positions are centred on the mean of the particle's starting cluster, so a
 * particle that stays in its own mode (as it should) does not count as correlated; only memory
 * of the position within the mode does. Persistent Sampling counts every mutated particle as a
 * fresh draw from the current target, and a residual correlation rho leaves the new particles a
 * mixture of about (1 - rho) target and rho start distribution, which biases log Z; the chains
 * therefore run until this falls below a threshold (the criterion pocoMC uses).
 *
 * Two passes over n x d numbers, against the O(d^2) work of a single proposal per particle.
 */
export class StartCorrelation {
  private readonly start: Float64Array;
  private readonly startMean: Float64Array;
  private readonly currentMean: Float64Array;
  private readonly count: Float64Array;

  /**
   * @param u - the chains' starting positions (n rows of d), copied
   * @param labels - each particle's starting cluster, copied
   * @param n - particles
   * @param d - dimensions
   * @param K - clusters
   */
  constructor(u: Float64Array, private readonly labels: Int32Array, private readonly n: number, private readonly d: number, private readonly K: number) {
    this.start = u.slice(0, n * d);
    this.labels = labels.slice(0, n);
    this.startMean = new Float64Array(K * d);
    this.currentMean = new Float64Array(K * d);
    this.count = new Float64Array(K);
    for (let k = 0; k < n; k++) this.count[this.labels[k]]++;
    clusterMeans(this.startMean, this.start, this.labels, this.count, n, d, K);
  }

  /**
   * The mean over coordinates of the start–current correlation; a coordinate in which the start
   * or the current positions do not vary counts as uncorrelated.
   * @param u - the current positions (same rows as the start)
   * @returns a number in [-1, 1], near 0 once the chains have forgotten their start
   */
  of(u: Float64Array): number {
    const { n, d, K, start, labels, startMean, currentMean } = this;
    clusterMeans(currentMean, u, labels, this.count, n, d, K);
    let total = 0;
    for (let j = 0; j < d; j++) {
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      for (let k = 0; k < n; k++) {
        const c = labels[k] * d + j;
        const a = start[k * d + j] - startMean[c];
        const b = u[k * d + j] - currentMean[c];
        sab += a * b;
        saa += a * a;
        sbb += b * b;
      }
      total += saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
    }
    return total / d;
  }
}

function clusterMeans(out: Float64Array, u: Float64Array, labels: Int32Array, count: Float64Array, n: number, d: number, K: number): void {
  out.fill(0);
  for (let k = 0; k < n; k++) {
    const c = labels[k] * d;
    for (let j = 0; j < d; j++) out[c + j] += u[k * d + j];
  }
  for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) out[c * d + j] /= Math.max(1, count[c]);
}
