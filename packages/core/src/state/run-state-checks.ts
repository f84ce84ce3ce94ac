import { logSumExp } from '../math/log-sum-exp.js';
import { savedOptionProblems } from '../options/saved-option-checks.js';
import { RandomGenerator } from '../random/random-generator.js';

/** The parts of a state file a run state is built from, read but not yet trusted. */
export interface SavedRunParts {
  /** Number of parameters (from the options). */
  nDim: number;
  /** The header's own `nDim`, when it has one. */
  metaNDim: unknown;
  /** The saved options (with the defaults of options newer than the file). */
  options: Readonly<Record<string, unknown>>;
  /** The history's columns (lengths already checked against `logl`'s) and `records`. */
  history: Readonly<Record<string, Float64Array | Int32Array>>;
  /** The clustering's arrays, when the file has them. */
  clustering: Readonly<Record<string, Float64Array>> | undefined;
  /** Seed, beta, lineages started, likelihood calls. */
  scalars: Float64Array;
  /** The generator's state. */
  rng: Float64Array;
  /** Number of diagnostic rows. */
  diagnosticRows: number;
}

/** One inconsistency: the field and what is wrong with it. */
export interface SavedRunProblem {
  /** The field, e.g. `history.records[2].beta`. */
  field: string;
  /** What is wrong, naming the value. */
  message: string;
}

/** Particles whose cached denominator is recomputed and compared (evenly spaced; all of a small history). */
const LOGC_SPOT_CHECKS = 1024;
/** Relative tolerance of that comparison: the cache adds one term per iteration, the check sums them at once. */
const LOGC_TOLERANCE = 1e-9;

/**
 * Checks that a state file's parts describe a run the sampler could have made, before any of it
 * is used: options the constructor would take, β in [0, 1] and non-decreasing, iterations that
 * tile the history with `nParticles` particles each, lineage ids below the lineages started,
 * finite values wherever the sampler only ever stores finite ones, a clustering of the run's
 * dimension, a valid generator state. Log-likelihoods must be finite: the sampler never stores
 * a zero-likelihood (-Infinity) point (prior draws with one are replaced by copies of finite
 * draws before they are kept, and MCMC never accepts a move to one), nor NaN (the likelihood's
 * NaN is an error), so such a value means a damaged or crafted file. A valid checksum proves only
 * that the bytes are those written, not that a sampler wrote them.
 * @param parts - the file's parts
 * @returns every problem (the first of each kind per array), empty for a usable file
 */
export function savedRunProblems(parts: SavedRunParts): SavedRunProblem[] {
  const problems: SavedRunProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const { nDim: d, options, history, scalars } = parts;

  const [seed, beta, nLineages, calls] = scalars;
  // The seed is checked as the constructor checks randomState.
  for (const p of savedOptionProblems({ ...options, randomState: seed })) add(p.option === 'randomState' ? 'scalars.seed' : `options.${p.option}`, p.message);
  if (parts.metaNDim !== undefined && parts.metaNDim !== d) add('meta.nDim', `the header says nDim ${show(parts.metaNDim)} but the options say ${show(d)}`);
  const nParticles = options.nParticles;
  if (!(Number.isSafeInteger(calls) && calls >= 0)) add('scalars.calls', `the likelihood calls are ${show(calls)}; a count is a non-negative integer`);

  const n = history.logl.length;
  const records = history.records;
  const T = Math.floor(records.length / 4);
  if (records.length % 4 !== 0) add('history.records', `it has ${records.length} values, not 4 (beta, log Z, start, count) per iteration`);
  if (T === 0 && n > 0) add('history.records', `it lists no iteration but the history holds ${n} particles`);
  // The first bad record of each kind (a shifted start would otherwise repeat for every record after it).
  const reported = new Set<string>();
  const first = (kind: string, t: number, message: string) => {
    if (reported.has(kind)) return;
    reported.add(kind);
    add(`history.records[${t}].${kind}`, `history.records[${t}].${kind} is ${message}`);
  };
  let start = 0;
  for (let t = 0; t < T; t++) {
    const [b, logz, s, count] = records.subarray(4 * t, 4 * t + 4);
    const previous = t === 0 ? 0 : records[4 * (t - 1)];
    if (!(b >= 0 && b <= 1)) first('beta', t, `${show(b)}; beta is a number in [0, 1]`);
    else if (b < previous) first('beta', t, `${show(b)}, below the ${show(previous)} of the iteration before; beta never decreases`);
    if (!Number.isFinite(logz)) first('logz', t, `${show(logz)}; the evidence estimate of an iteration is finite`);
    if (s !== start) first('start', t, `${show(s)} but the iterations before it hold ${start} particles`);
    if (count !== nParticles) first('count', t, `${show(count)}; every iteration stores nParticles = ${show(nParticles)} particles`);
    start += Number.isSafeInteger(count) && count > 0 ? count : 0;
  }
  const recordsValid = !problems.some((p) => p.field.startsWith('history.records'));
  if (recordsValid && start !== n) add('history.records', `its iterations hold ${start} particles but the history has ${n}`);
  if (parts.diagnosticRows !== T) add('diagnostics', `it has ${parts.diagnosticRows} rows but the history ${T} iterations`);
  const lastBeta = T === 0 ? 0 : records[4 * (T - 1)];
  if (!(beta >= 0 && beta <= 1)) add('scalars.beta', `beta is ${show(beta)}; beta is a number in [0, 1]`);
  else if (recordsValid && beta !== lastBeta) add('scalars.beta', `beta is ${show(beta)} but the last iteration's is ${show(lastBeta)}`);
  if (!(Number.isSafeInteger(nLineages) && nLineages >= 0 && nLineages <= n)) add('scalars.nLineages', `the lineages started are ${show(nLineages)}; that is a count of prior draws, at most the ${n} particles stored`);

  const wd = d * n;
  // The columns hold most of a large file: each is scanned once, in a plain loop.
  const report = (name: string, a: Float64Array | Int32Array, i: number, what: string) => {
    if (i >= 0) add(`history.${name}[${i}]`, `history.${name}[${i}] is ${show(a[i])}; ${what}`);
  };
  report('u', history.u, firstOutside(history.u, wd, 0, 1), 'unit-cube coordinates are in [0, 1]');
  report('x', history.x, firstOutside(history.x, wd, -Number.MAX_VALUE, Number.MAX_VALUE), "parameters are finite (the prior transform's non-finite values are errors)");
  report('logl', history.logl, firstOutside(history.logl, n, -Number.MAX_VALUE, Number.MAX_VALUE), 'stored log-likelihoods are finite (zero-likelihood draws are never stored, NaN is an error)');
  report('logC', history.logC, firstOutside(history.logC, n, -Number.MAX_VALUE, Number.MAX_VALUE), 'the cached weight denominators are finite');
  report('survival', history.survival, firstOutside(history.survival, n, -Infinity, 0), 'it is the log of a probability, at most 0');
  const lineagesStarted = Number.isSafeInteger(nLineages) ? nLineages : 0;
  report('lineage', history.lineage, firstOutside(history.lineage, n, 0, lineagesStarted - 1), `lineage ids are 0 to ${lineagesStarted - 1}, one per lineage started`);
  if (recordsValid && start === n) {
    for (let t = 0, s = 0; t < T; s += records[4 * t + 3], t++) {
      const end = s + records[4 * t + 3];
      const bad = firstOutside(history.iterationOf.subarray(s, end), end - s, t, t);
      if (bad >= 0) {
        add(`history.iterationOf[${s + bad}]`, `history.iterationOf[${s + bad}] is ${history.iterationOf[s + bad]} but the particle belongs to iteration ${t}`);
        break;
      }
    }
    if (problems.length === 0) checkDenominators(history, T, n, add);
  }

  if (parts.clustering !== undefined) checkClustering(parts.clustering, d, add);
  try {
    RandomGenerator.fromState(Array.from(parts.rng));
  } catch (cause) {
    add('rng', `the random-generator state is invalid (${(cause as Error).message})`);
  }
  return problems;
}

/**
 * The index of the first of the first `n` values outside [lo, hi] (NaN included), or -1.
 */
function firstOutside(a: Float64Array | Int32Array, n: number, lo: number, hi: number): number {
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (!(v >= lo && v <= hi)) return i;
  }
  return -1;
}

/**
 * Calls `report` for the first of the first `n` values that fails `valid`.
 * @returns its index, or -1
 */
function firstBad<A extends Float64Array | Int32Array>(a: A, n: number, valid: (v: number) => boolean, report: (i: number, v: number) => void): number {
  for (let i = 0; i < n; i++) {
    if (!valid(a[i])) {
      report(i, a[i]);
      return i;
    }
  }
  return -1;
}

/**
 * The cached denominators (logC) of evenly spaced particles against their definition,
 * log sum_t n_t exp(beta_t logl - logZ_t): a crafted logC would change every weight, and so
 * log Z and the posterior, without any other sign.
 */
function checkDenominators(history: Readonly<Record<string, Float64Array | Int32Array>>, T: number, n: number, add: (field: string, message: string) => void): void {
  const { logl, logC, records } = history;
  const terms = new Float64Array(T);
  const step = Math.max(1, Math.floor(n / LOGC_SPOT_CHECKS));
  for (let s = 0; s < n; s += step) {
    for (let t = 0; t < T; t++) terms[t] = Math.log(records[4 * t + 3]) + records[4 * t] * logl[s] - records[4 * t + 1];
    const expected = logSumExp(terms);
    if (!(Math.abs(logC[s] - expected) <= LOGC_TOLERANCE * Math.max(1, Math.abs(expected)))) {
      add(`history.logC[${s}]`, `history.logC[${s}] is ${show(logC[s])} but the particle's log-likelihood and the iterations give ${show(expected)}`);
      return;
    }
  }
}

function checkClustering(c: Readonly<Record<string, Float64Array>>, d: number, add: (field: string, message: string) => void): void {
  const K = c.weights.length;
  const sizes: [string, number, string][] = [['weights', K, 'K'], ['means', K * d, 'K x nDim'], ['covariances', K * d * d, 'K x nDim x nDim'], ['shift', d, 'nDim'], ['scale', d, 'nDim']];
  if (K === 0) add('clustering.weights', 'the clustering has no component');
  let sized = K > 0;
  for (const [name, size, what] of sizes) {
    if (c[name].length !== size) {
      add(`clustering.${name}`, `clustering.${name} has ${c[name].length} values, not ${what} = ${size} (K = ${K} components, nDim = ${d})`);
      sized = false;
    }
  }
  if (!sized) return;
  const badWeight = firstBad(c.weights, K, (v) => v >= 0 && Number.isFinite(v), (i, v) => add(`clustering.weights[${i}]`, `clustering.weights[${i}] is ${show(v)}; component weights are finite and not negative`));
  if (badWeight < 0 && !(c.weights.reduce((s, w) => s + w, 0) > 0)) add('clustering.weights', 'the component weights are all 0');
  for (const name of ['means', 'covariances', 'shift'] as const) {
    firstBad(c[name], c[name].length, Number.isFinite, (i, v) => add(`clustering.${name}[${i}]`, `clustering.${name}[${i}] is ${show(v)}; it must be finite`));
  }
  firstBad(c.scale, d, (v) => v > 0 && Number.isFinite(v), (i, v) => add(`clustering.scale[${i}]`, `clustering.scale[${i}] is ${show(v)}; scales are positive`));
}

const show = (v: unknown): string => (typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v)) : JSON.stringify(v) ?? String(v));
