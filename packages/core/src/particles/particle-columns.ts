/**
 * The per-particle columns, described once: the history stores every column, an active set
 * (the particles of one iteration) the `active` ones, and a state file holds the history's
 * columns under `history.<name>` in this order. Storage, gathering, snapshots and the checks on
 * a loaded file all iterate this table.
 */
export const PARTICLE_COLUMNS = [
  /** Unit-cube coordinates (nDim per particle). */
  { name: 'u', type: Float64Array, perDimension: true, active: true },
  /** Parameters from the prior transform (nDim per particle). */
  { name: 'x', type: Float64Array, perDimension: true, active: true },
  /** Log-likelihood. */
  { name: 'logl', type: Float64Array, perDimension: false, active: true },
  /** Cached multiple-importance-sampling denominator (see ParticleHistory); history only. */
  { name: 'logC', type: Float64Array, perDimension: false, active: false },
  /** Lineage id: the prior draw the particle descends from (genealogy). */
  { name: 'lineage', type: Int32Array, perDimension: false, active: true },
  /** Log-probability that two lines through its ancestry were not merged by resampling (genealogy). */
  { name: 'survival', type: Float64Array, perDimension: false, active: true },
  /** Iteration (0-based) that produced the particle; history only. */
  { name: 'iterationOf', type: Int32Array, perDimension: false, active: false },
] as const;

type Column = (typeof PARTICLE_COLUMNS)[number];
/** Name of a particle column. */
export type ColumnName = Column['name'];
/** Name of a column an active set carries. */
export type ActiveColumnName = Extract<Column, { active: true }>['name'];
type ArrayOf<C extends Column> = C['type'] extends Int32ArrayConstructor ? Int32Array : Float64Array;

/** Every column, as typed arrays. */
export type ParticleColumns = { [C in Column as C['name']]: ArrayOf<C> };

/** The particles of one iteration: the active columns, blobs and the count. */
export type ActiveSet = { [C in Extract<Column, { active: true }> as C['name']]: ArrayOf<C> } & {
  /** Blob of each particle, when the likelihood returns any. */
  blobs: unknown[] | undefined;
  /** Number of particles. */
  n: number;
};

/** The active columns, in table order. */
export const ACTIVE_COLUMNS = PARTICLE_COLUMNS.filter((c): c is Extract<Column, { active: true }> => c.active);

/**
 * Values per particle of a column.
 * @param column - a column of {@link PARTICLE_COLUMNS}
 * @param nDim - number of parameters
 * @returns nDim for u and x, 1 otherwise
 */
export function columnWidth(column: Column, nDim: number): number {
  return column.perDimension ? nDim : 1;
}

/**
 * A zeroed active set of n particles.
 * @param n - number of particles
 * @param nDim - number of parameters
 * @param withBlobs - whether to hold blobs
 * @returns the set
 */
export function createActiveSet(n: number, nDim: number, withBlobs: boolean): ActiveSet {
  const set = { blobs: withBlobs ? new Array<unknown>(n) : undefined, n } as ActiveSet;
  const columns = set as unknown as Record<string, Float64Array | Int32Array>;
  for (const c of ACTIVE_COLUMNS) columns[c.name] = new c.type(n * columnWidth(c, nDim));
  return set;
}

/**
 * Copies particle `from` of `source` to particle `to` of `target`, every active column and the blob.
 * @param target - receives the particle
 * @param to - its index in `target`
 * @param source - columns (and blobs) holding the particle
 * @param from - its index in `source`
 * @param nDim - number of parameters
 */
export function copyParticle(target: ActiveSet, to: number, source: Pick<ActiveSet, ActiveColumnName | 'blobs'>, from: number, nDim: number): void {
  for (const c of ACTIVE_COLUMNS) {
    const w = columnWidth(c, nDim);
    const a = target[c.name];
    const b = source[c.name];
    if (w === 1) a[to] = b[from];
    else for (let j = 0; j < w; j++) a[to * w + j] = b[from * w + j];
  }
  if (target.blobs !== undefined) target.blobs[to] = source.blobs?.[from];
}
