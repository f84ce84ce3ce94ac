import { logAddExp, logSumExp } from '../math/log-sum-exp.js';

/** One committed active set: its temperature, evidence estimate and place in the history. */
export interface IterationRecord {
  beta: number;
  logz: number;
  /** Index of its first particle in the flat history. */
  start: number;
  /** Number of particles it holds. */
  count: number;
}

/** The particles of one iteration, ready to be committed. */
export interface ActiveSet {
  u: Float64Array;
  x: Float64Array;
  logl: Float64Array;
  blobs: unknown[] | undefined;
  /** Lineage id of each particle (index of its ancestor at the first iteration). */
  lineage: Int32Array;
  /**
   * Log-probability that two ancestral lines through each particle have not merged at any
   * resampling in its ancestry: the sum over those resamplings of log(1 - 1/ESS).
   */
  survival: Float64Array;
  n: number;
}

/**
 * Every particle the sampler has kept, with the multiple-importance-sampling denominator of
 * each cached so that reweighting costs O(N) per trial temperature.
 *
 * For particle s, `logC[s] = logsumexp_t(log n_t + beta_t * logl_s - logZ_t)`, so the balance
 * heuristic weight is `beta * logl_s - logC[s] + log N` and `logZ(beta) = logsumexp(beta*logl - logC)`.
 * `logC` does not depend on the trial beta; committing iteration T adds one term to every
 * old particle (O(N)) and a full sum only for the new ones (O(n T)).
 */
export class ParticleHistory {
  readonly nDim: number;
  private capacity = 0;
  private size = 0;
  private uData = new Float64Array(0);
  private xData = new Float64Array(0);
  private loglData = new Float64Array(0);
  private logCData = new Float64Array(0);
  private lineageData = new Int32Array(0);
  private survivalData = new Float64Array(0);
  private iterationData = new Int32Array(0);
  private blobData: unknown[] | undefined;
  private readonly records: IterationRecord[] = [];

  /** @param nDim - dimension of u and x */
  constructor(nDim: number) {
    this.nDim = nDim;
  }

  /** Number of stored particles N. */
  get length(): number {
    return this.size;
  }

  /** Committed iterations, oldest first. */
  get iterations(): readonly IterationRecord[] {
    return this.records;
  }

  /** Flat u of all particles (a view, N x nDim). */
  get u(): Float64Array {
    return this.uData.subarray(0, this.size * this.nDim);
  }

  /** Flat x of all particles (a view, N x nDim). */
  get x(): Float64Array {
    return this.xData.subarray(0, this.size * this.nDim);
  }

  /** Log-likelihoods of all particles (a view). */
  get logl(): Float64Array {
    return this.loglData.subarray(0, this.size);
  }

  /** Cached MIS denominators (a view); see the class comment. */
  get logC(): Float64Array {
    return this.logCData.subarray(0, this.size);
  }

  /** Lineage id of every particle (a view). */
  get lineage(): Int32Array {
    return this.lineageData.subarray(0, this.size);
  }

  /** Log non-coalescence probability of every particle's ancestry (a view; see {@link ActiveSet}). */
  get survival(): Float64Array {
    return this.survivalData.subarray(0, this.size);
  }

  /** Iteration index (0-based) that produced each particle (a view). */
  get iterationOf(): Int32Array {
    return this.iterationData.subarray(0, this.size);
  }

  /** Blobs of all particles, or undefined when the likelihood returns none. */
  get blobs(): readonly unknown[] | undefined {
    return this.blobData;
  }

  /**
   * Appends an active set as a new iteration and updates the cached denominators.
   * @param set - the particles (copied in)
   * @param beta - inverse temperature they were drawn at
   * @param logz - evidence estimate at that temperature
   */
  commit(set: ActiveSet, beta: number, logz: number): void {
    const { n } = set;
    const d = this.nDim;
    const start = this.size;
    this.ensureCapacity(start + n);
    this.uData.set(set.u.subarray(0, n * d), start * d);
    this.xData.set(set.x.subarray(0, n * d), start * d);
    this.loglData.set(set.logl.subarray(0, n), start);
    this.lineageData.set(set.lineage.subarray(0, n), start);
    this.survivalData.set(set.survival.subarray(0, n), start);
    this.iterationData.fill(this.records.length, start, start + n);
    if (set.blobs !== undefined) {
      if (this.blobData === undefined) this.blobData = new Array<unknown>(start).fill(undefined);
      for (let i = 0; i < n; i++) this.blobData.push(set.blobs[i]);
    } else if (this.blobData !== undefined) {
      for (let i = 0; i < n; i++) this.blobData.push(undefined);
    }

    const logN = Math.log(n);
    const logl = this.loglData;
    const logC = this.logCData;
    // Old particles gain one mixture component.
    for (let s = 0; s < start; s++) logC[s] = logAddExp(logC[s], logN + beta * logl[s] - logz);
    this.records.push({ beta, logz, start, count: n });
    // New particles need the sum over every component.
    const terms = new Float64Array(this.records.length);
    for (let s = start; s < start + n; s++) logC[s] = this.denominator(logl[s], terms);
    this.size = start + n;
  }

  /**
   * Unnormalised log importance weights of every particle for target temperature `beta`.
   * @param out - receives N values; `logZ(beta) = logSumExp(out)`
   * @param beta - target inverse temperature
   * @returns log-evidence estimate at `beta`
   */
  logWeights(out: Float64Array, beta: number): number {
    const n = this.size;
    const logl = this.loglData;
    const logC = this.logCData;
    let max = -Infinity;
    for (let s = 0; s < n; s++) {
      const v = beta * logl[s] - logC[s];
      out[s] = v;
      if (v > max) max = v;
    }
    if (max === -Infinity) return -Infinity;
    let sum = 0;
    for (let s = 0; s < n; s++) sum += Math.exp(out[s] - max);
    return max + Math.log(sum);
  }

  /**
   * Every array of the history, for a state file (views; copy before mutating the history).
   * @returns named typed arrays; `records` holds beta, logz, start and count per iteration
   */
  snapshot(): Record<string, Float64Array | Int32Array> {
    const T = this.records.length;
    const records = new Float64Array(4 * T);
    for (let t = 0; t < T; t++) {
      const r = this.records[t];
      records.set([r.beta, r.logz, r.start, r.count], 4 * t);
    }
    return {
      u: this.u, x: this.x, logl: this.logl, logC: this.logC, lineage: this.lineage,
      survival: this.survival, iterationOf: this.iterationOf, records,
    };
  }

  /**
   * Replaces the whole history with {@link snapshot}'s arrays (and blobs), bit for bit.
   * @param arrays - the snapshot
   * @param blobs - blobs of every particle, if any
   */
  restore(arrays: Record<string, Float64Array | Int32Array>, blobs: unknown[] | undefined): void {
    const n = arrays.logl.length;
    this.size = 0;
    this.ensureCapacity(n);
    this.uData.set(arrays.u);
    this.xData.set(arrays.x);
    this.loglData.set(arrays.logl);
    this.logCData.set(arrays.logC);
    this.lineageData.set(arrays.lineage);
    this.survivalData.set(arrays.survival);
    this.iterationData.set(arrays.iterationOf);
    this.records.length = 0;
    const r = arrays.records;
    for (let t = 0; t < r.length / 4; t++) this.records.push({ beta: r[4 * t], logz: r[4 * t + 1], start: r[4 * t + 2], count: r[4 * t + 3] });
    this.size = n;
    this.blobData = blobs?.slice();
  }

  /**
   * Recomputes every denominator from scratch (O(N T)); used to check the cache.
   * @returns fresh logC values
   */
  recomputeLogC(): Float64Array {
    const out = new Float64Array(this.size);
    const terms = new Float64Array(this.records.length);
    for (let s = 0; s < this.size; s++) out[s] = this.denominator(this.loglData[s], terms);
    return out;
  }

  /** log sum_t n_t exp(beta_t logl - logZ_t) over every committed iteration; `terms` is scratch. */
  private denominator(logl: number, terms: Float64Array): number {
    for (let t = 0; t < this.records.length; t++) {
      const r = this.records[t];
      terms[t] = Math.log(r.count) + r.beta * logl - r.logz;
    }
    return logSumExp(terms);
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    const capacity = Math.max(needed, Math.ceil(this.capacity * 1.5), 256);
    const d = this.nDim;
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (len: number) => T, width: number): T => {
      const next = make(capacity * width);
      next.set(old.subarray(0, this.size * width) as never);
      return next;
    };
    this.uData = grow(this.uData, (l) => new Float64Array(l), d);
    this.xData = grow(this.xData, (l) => new Float64Array(l), d);
    this.loglData = grow(this.loglData, (l) => new Float64Array(l), 1);
    this.logCData = grow(this.logCData, (l) => new Float64Array(l), 1);
    this.lineageData = grow(this.lineageData, (l) => new Int32Array(l), 1);
    this.survivalData = grow(this.survivalData, (l) => new Float64Array(l), 1);
    this.iterationData = grow(this.iterationData, (l) => new Int32Array(l), 1);
    this.capacity = capacity;
  }
}
