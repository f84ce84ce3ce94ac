import { logAddExp, logSumExp } from '../math/log-sum-exp.js';
import { ACTIVE_COLUMNS, PARTICLE_COLUMNS, columnWidth, type ActiveSet, type ColumnName, type ParticleColumns } from './particle-columns.js';

export type { ActiveSet } from './particle-columns.js';

/** One committed active set: its temperature, evidence estimate and place in the history. */
export interface IterationRecord {
  beta: number;
  logz: number;
  /** Index of its first particle in the flat history. */
  start: number;
  /** Number of particles it holds. */
  count: number;
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
  private readonly data = Object.fromEntries(PARTICLE_COLUMNS.map((c) => [c.name, new c.type(0)])) as ParticleColumns;
  private blobData: unknown[] | undefined;
  private readonly records: IterationRecord[] = [];
  private readonly widths: Record<ColumnName, number>;

  /** @param nDim - dimension of u and x */
  constructor(nDim: number) {
    this.nDim = nDim;
    this.widths = Object.fromEntries(PARTICLE_COLUMNS.map((c) => [c.name, columnWidth(c, nDim)])) as Record<ColumnName, number>;
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
    return this.column('u') as Float64Array;
  }

  /** Flat x of all particles (a view, N x nDim). */
  get x(): Float64Array {
    return this.column('x') as Float64Array;
  }

  /** Log-likelihoods of all particles (a view). */
  get logl(): Float64Array {
    return this.column('logl');
  }

  /** Cached MIS denominators (a view); see the class comment. */
  get logC(): Float64Array {
    return this.column('logC');
  }

  /** Lineage id of every particle (a view). */
  get lineage(): Int32Array {
    return this.column('lineage');
  }

  /** Log non-coalescence probability of every particle's ancestry (a view; see {@link ActiveSet}). */
  get survival(): Float64Array {
    return this.column('survival');
  }

  /** Iteration index (0-based) that produced each particle (a view). */
  get iterationOf(): Int32Array {
    return this.column('iterationOf');
  }

  /**
   * One column of every stored particle (a view).
   * @param name - the column
   * @returns its values, N x width
   */
  column<C extends ColumnName>(name: C): ParticleColumns[C] {
    return this.data[name].subarray(0, this.size * this.widths[name]) as ParticleColumns[C];
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
    for (const c of ACTIVE_COLUMNS) {
      const w = columnWidth(c, d);
      (this.data[c.name] as Float64Array).set(set[c.name].subarray(0, n * w) as Float64Array, start * w);
    }
    this.data.iterationOf.fill(this.records.length, start, start + n);
    if (set.blobs !== undefined) {
      if (this.blobData === undefined) this.blobData = new Array<unknown>(start).fill(undefined);
      for (let i = 0; i < n; i++) this.blobData.push(set.blobs[i]);
    } else if (this.blobData !== undefined) {
      for (let i = 0; i < n; i++) this.blobData.push(undefined);
    }

    const logN = Math.log(n);
    const { logl, logC } = this.data;
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
    const { logl, logC } = this.data;
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
    const out: Record<string, Float64Array | Int32Array> = {};
    for (const c of PARTICLE_COLUMNS) out[c.name] = this.column(c.name);
    out.records = records;
    return out;
  }

  /**
   * Replaces the whole history with {@link snapshot}'s arrays (and blobs), bit for bit. The
   * history takes the arrays over rather than copying them (a loaded history is not held twice):
   * pass arrays that nothing else changes; the history itself changes only `logC` in place.
   * @param arrays - the snapshot: every column, of its type and of length N x its width, and `records`
   * @param blobs - blobs of every particle, if any (the history takes the array over too)
   */
  restore(arrays: Record<string, Float64Array | Int32Array>, blobs: unknown[] | undefined): void {
    const n = arrays.logl.length;
    const columns = this.data as Record<ColumnName, Float64Array | Int32Array>;
    for (const c of PARTICLE_COLUMNS) columns[c.name] = arrays[c.name];
    this.capacity = n;
    this.records.length = 0;
    const r = arrays.records;
    for (let t = 0; t < r.length / 4; t++) this.records.push({ beta: r[4 * t], logz: r[4 * t + 1], start: r[4 * t + 2], count: r[4 * t + 3] });
    this.size = n;
    this.blobData = blobs;
  }

  /**
   * Recomputes every denominator from scratch (O(N T)); used to check the cache.
   * @returns fresh logC values
   */
  recomputeLogC(): Float64Array {
    const out = new Float64Array(this.size);
    const terms = new Float64Array(this.records.length);
    for (let s = 0; s < this.size; s++) out[s] = this.denominator(this.data.logl[s], terms);
    return out;
  }

  /**
   * The balance-heuristic denominator at a log-likelihood that need not be a particle's (a draw
   * from another proposal joining the mixture).
   * @param logl - the log-likelihood
   * @returns log sum_t n_t exp(beta_t logl - logZ_t) over every committed iteration
   */
  logDenominator(logl: number): number {
    return this.denominator(logl, new Float64Array(this.records.length));
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
    const columns = this.data as Record<ColumnName, Float64Array | Int32Array>;
    for (const c of PARTICLE_COLUMNS) {
      const w = columnWidth(c, this.nDim);
      const next = new c.type(capacity * w);
      next.set(columns[c.name].subarray(0, this.size * w));
      columns[c.name] = next;
    }
    this.capacity = capacity;
  }
}
