import { deserialize, serialize } from 'node:v8';
import { TempestError } from '../tempest-error.js';
import { FINGERPRINT_KEYS } from '../options/option-specs.js';
import type { IterationInfo } from '../sampler/iteration-info.js';
import type { ResolvedOptions } from '../sampler/sampler-options.js';
import type { StateFileContents } from './state-file.js';

/** Columns of the `diagnostics` array (one row per iteration). */
export const DIAGNOSTIC_COLUMNS = [
  'iteration', 'calls', 'beta', 'ess', 'logz', 'meanLogl', 'acceptance', 'steps', 'efficiency', 'K', 'cv',
  'timing.reweight', 'timing.reweightSteps', 'timing.train', 'timing.mutate', 'timing.likelihood', 'timing.total',
] as const;

function diagnosticsToArray(infos: readonly IterationInfo[]): Float64Array {
  const c = DIAGNOSTIC_COLUMNS.length;
  const out = new Float64Array(infos.length * c);
  infos.forEach((i, t) => {
    const { timing: m } = i;
    out.set([i.iteration, i.calls, i.beta, i.ess, i.logz, i.meanLogl, i.acceptance, i.steps, i.efficiency, i.K, i.cv, m.reweight, m.reweightSteps, m.train, m.mutate, m.likelihood, m.total], t * c);
  });
  return out;
}

function diagnosticsFromArray(a: Float64Array): IterationInfo[] {
  const c = DIAGNOSTIC_COLUMNS.length;
  const out: IterationInfo[] = [];
  for (let t = 0; t < a.length / c; t++) {
    const r = a.subarray(t * c, (t + 1) * c);
    out.push({
      iteration: r[0], calls: r[1], beta: r[2], ess: r[3], logz: r[4], meanLogl: r[5], acceptance: r[6], steps: r[7], efficiency: r[8], K: r[9], cv: r[10],
      timing: { reweight: r[11], reweightSteps: r[12], train: r[13], mutate: r[14], likelihood: r[15], total: r[16] },
    });
  }
  return out;
}

/** Everything a sampler needs to continue exactly where it stopped. */
export interface SamplerState {
  /** The values of the fingerprint options. */
  options: Record<string, unknown>;
  seed: number;
  rng: number[];
  beta: number;
  nLineages: number;
  calls: number;
  iterations: IterationInfo[];
  history: Record<string, Float64Array | Int32Array>;
  blobs: unknown[] | undefined;
  clustering: Record<string, Float64Array> | undefined;
}

/**
 * The fingerprint of a run's options (what must match to resume it).
 * @param options - resolved options
 * @returns JSON-safe values of the options that change results
 */
export function optionsFingerprint(options: ResolvedOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FINGERPRINT_KEYS) out[key] = options[key] ?? null;
  return out;
}

/**
 * Lays a sampler's state out as a state file: metadata in the JSON header, particle arrays as
 * raw little-endian arrays (`history.*`), the clustering (`clustering.*`), and blobs, if any,
 * as one V8-serialised byte array (`blobs`; data only, readable from Node).
 * @param state - the state
 * @returns the file's contents
 */
export function stateToFile(state: SamplerState): StateFileContents {
  const arrays: StateFileContents['arrays'] = {};
  for (const [name, a] of Object.entries(state.history)) arrays[`history.${name}`] = a;
  if (state.clustering) for (const [name, a] of Object.entries(state.clustering)) arrays[`clustering.${name}`] = a;
  if (state.blobs !== undefined) arrays.blobs = new Uint8Array(serialize(state.blobs));
  arrays.diagnostics = diagnosticsToArray(state.iterations);
  // Numbers that must survive bit for bit travel as float64 arrays, not JSON text.
  arrays.scalars = Float64Array.of(state.seed, state.beta, state.nLineages, state.calls);
  arrays.rng = Float64Array.from(state.rng);
  return {
    meta: {
      kind: 'tempest-sampler-state',
      nDim: state.options.nDim,
      options: state.options,
      scalars: ['seed', 'beta', 'nLineages', 'calls'],
      diagnosticColumns: DIAGNOSTIC_COLUMNS,
    },
    arrays,
  };
}

/**
 * Reads a sampler's state back from a state file and checks that it belongs to a run with the
 * same options.
 * @param contents - the decoded file
 * @param options - the options of the sampler that loads it
 * @param source - file name for messages
 * @returns the state
 * @throws {TempestError} `INVALID_STATE_FILE` when parts are missing; `STATE_MISMATCH` naming every option that differs
 */
export function stateFromFile(contents: StateFileContents, options: ResolvedOptions, source: string): SamplerState {
  const { meta, arrays } = contents;
  const missing = (what: string): never => {
    throw new TempestError('INVALID_STATE_FILE', `${source} is not a usable Tempest state file: it has no ${what}.`, { value: source });
  };
  if (meta.kind !== 'tempest-sampler-state') missing('sampler state (it is another kind of Tempest file)');
  const saved = (meta.options ?? missing('options')) as Record<string, unknown>;
  const current = optionsFingerprint(options);
  const differences = FINGERPRINT_KEYS.filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(current[key])).map(
    (key) => `${key}: file ${JSON.stringify(saved[key])}, sampler ${JSON.stringify(current[key])}`,
  );
  if (differences.length > 0) {
    throw new TempestError('STATE_MISMATCH', `${source} comes from a run with different options, so it cannot be resumed by this sampler:\n${differences.map((d) => `  - ${d}`).join('\n')}\nCreate the sampler with the options of the saved run.`, { value: source, problems: differences });
  }
  const history: Record<string, Float64Array | Int32Array> = {};
  for (const name of ['u', 'x', 'logl', 'logC', 'lineage', 'survival', 'iterationOf', 'records']) {
    const a = arrays[`history.${name}`] ?? missing(`history.${name} array`);
    if (a instanceof Uint8Array) missing(`history.${name} array of the right type`);
    history[name] = a as Float64Array | Int32Array;
  }
  const n = history.logl.length;
  const d = options.nDim;
  if (history.u.length !== n * d || history.x.length !== n * d || history.lineage.length !== n || history.survival.length !== n || history.logC.length !== n || history.iterationOf.length !== n) {
    missing(`consistent particle arrays (${n} log-likelihoods but ${history.u.length / d} u rows)`);
  }
  let clustering: Record<string, Float64Array> | undefined;
  if (arrays['clustering.means'] !== undefined) {
    clustering = {};
    for (const name of ['weights', 'means', 'covariances', 'shift', 'scale']) clustering[name] = (arrays[`clustering.${name}`] ?? missing(`clustering.${name} array`)) as Float64Array;
  }
  let blobs: unknown[] | undefined;
  if (arrays.blobs !== undefined) {
    try {
      blobs = deserialize(arrays.blobs as Uint8Array) as unknown[];
    } catch (cause) {
      return missing(`readable blobs (${(cause as Error).message})`);
    }
    if (!Array.isArray(blobs) || blobs.length !== n) missing('one blob per particle');
  }
  const scalars = arrays.scalars;
  if (!(scalars instanceof Float64Array) || scalars.length !== 4) missing('scalars array (seed, beta, lineages, calls)');
  const rng = arrays.rng;
  if (!(rng instanceof Float64Array)) missing('random-generator state');
  const diagnostics = arrays.diagnostics;
  if (!(diagnostics instanceof Float64Array) || diagnostics.length % DIAGNOSTIC_COLUMNS.length !== 0) missing('diagnostics array');
  return {
    options: saved,
    seed: scalars[0],
    beta: scalars[1],
    nLineages: scalars[2],
    calls: scalars[3],
    rng: Array.from(rng as Float64Array),
    iterations: diagnosticsFromArray(diagnostics as Float64Array),
    history,
    blobs,
    clustering,
  };
}
