// What every problem of the accuracy suite provides.

/** A batch of parameter vectors, row-major (structurally the sampler's `ParameterMatrix`). */
export interface Batch {
  readonly data: Float64Array;
  readonly n: number;
  readonly d: number;
}

/** How to split posterior samples into modes, and the true posterior mass of each mode. */
export interface ModeSpec {
  /** Label of each mode, in the order of `weights`. */
  labels: readonly string[];
  /** True posterior mass of each mode (sums to 1). */
  weights: readonly number[];
  /** Index of the mode a parameter vector belongs to. */
  assign: (x: Float64Array) => number;
}

/** One problem with an independently known evidence. */
export interface AccuracyProblem {
  /** Short identifier used on the command line and in the results file. */
  name: string;
  /** One line saying what it is. */
  title: string;
  nDim: number;
  /** Unit cube → parameters. */
  priorTransform: (u: Float64Array) => Float64Array;
  /** Vectorized log-likelihood: one value per row of the batch. */
  logLikelihood: (batch: Batch) => Float64Array;
  /** Parameter indices whose unit-cube coordinate wraps around. */
  periodic?: readonly number[];
  /** The exact log Z (natural log), pinned from verify-logz.ts; see `logZMethod`. */
  trueLogZ: number;
  /** How `trueLogZ` was obtained and cross-checked. */
  logZMethod: string;
  /** Mode split and true mode weights, where the posterior has separated modes. */
  modes?: ModeSpec;
  /** Public source of the problem. */
  source: string;
  /** Cheap enough for `--quick` (a few seconds per run). */
  quick?: boolean;
}

/** A prior transform for the box [lo, hi]^d. */
export function boxPrior(lo: number, hi: number): (u: Float64Array) => Float64Array {
  const w = hi - lo;
  return (u) => {
    const x = new Float64Array(u.length);
    for (let j = 0; j < u.length; j++) x[j] = lo + w * u[j];
    return x;
  };
}

/** A vectorized likelihood from one that reads row i of a flat array. */
export function rowwise(f: (x: Float64Array, offset: number) => number): (batch: Batch) => Float64Array {
  return (batch) => {
    const out = new Float64Array(batch.n);
    for (let i = 0; i < batch.n; i++) out[i] = f(batch.data, i * batch.d);
    return out;
  };
}

/** The log-likelihood of one vector, through the vectorized function. */
export function logLikelihoodAt(problem: AccuracyProblem, x: Float64Array): number {
  return problem.logLikelihood({ data: x, n: 1, d: problem.nDim })[0];
}
