import { deserialize, serialize } from 'node:v8';
import { ParticleHistory } from '../particles/particle-history.js';
import { PARTICLE_COLUMNS, columnWidth } from '../particles/particle-columns.js';
import { RandomGenerator } from '../random/random-generator.js';
import { ProposalTrainer } from '../run/proposal-model.js';
import type { RunState } from '../run/run-state.js';
import { TempestError } from '../tempest-error.js';
import { DIAGNOSTIC_COLUMNS, declaredDiagnosticColumns, diagnosticsFromArray, diagnosticsToArray } from './diagnostics-columns.js';
import { fingerprintDifferences } from './options-fingerprint.js';
import type { StateFileContents } from './state-file.js';

const STATE_KIND = 'tempest-sampler-state';
const SCALARS = ['seed', 'beta', 'nLineages', 'calls'] as const;
const CLUSTERING_ARRAYS = ['weights', 'means', 'covariances', 'shift', 'scale'] as const;

/**
 * Lays a run state out as a state file: metadata (the options fingerprint) in the JSON header,
 * the history's particle columns as raw little-endian arrays (`history.<column>`, and
 * `history.records` with beta, log Z, start and count per iteration), the clustering
 * (`clustering.*`), the diagnostics, and blobs, if any, as one V8-serialised byte array (data
 * only). Numbers that must survive bit for bit (seed, beta, calls, generator) travel as float64
 * arrays, not JSON text.
 * @param state - the state
 * @returns the file's contents (encode them with `encodeStateFile`)
 */
export function runStateToFile(state: RunState): StateFileContents {
  const arrays: StateFileContents['arrays'] = {};
  for (const [name, a] of Object.entries(state.history.snapshot())) arrays[`history.${name}`] = a;
  const clustering = state.proposal.snapshot();
  if (clustering) for (const [name, a] of Object.entries(clustering)) arrays[`clustering.${name}`] = a;
  const blobs = state.history.blobs;
  if (blobs !== undefined) arrays.blobs = new Uint8Array(serialize(Array.from(blobs)));
  arrays.diagnostics = diagnosticsToArray(state.iterations);
  arrays.scalars = Float64Array.of(state.seed, state.beta, state.nLineages, state.calls);
  arrays.rng = Float64Array.from(state.rng.getState());
  return {
    meta: { kind: STATE_KIND, nDim: state.fingerprint.nDim, options: state.fingerprint, scalars: SCALARS, diagnosticColumns: DIAGNOSTIC_COLUMNS },
    arrays,
  };
}

/**
 * Reads a run state back from a state file's contents.
 * @param contents - the decoded file (from `decodeStateFile`)
 * @param source - the file's name, for messages
 * @param expected - the fingerprint of the sampler that will resume it: checked before anything
 *   else is read, so that a file of another run is named as such
 * @returns the state, ready to continue
 * @throws {TempestError} `INVALID_STATE_FILE` when parts are missing or inconsistent;
 *   `STATE_MISMATCH` naming every option that differs from `expected`
 */
export function runStateFromFile(contents: StateFileContents, source: string, expected?: Record<string, unknown>): RunState {
  const { meta, arrays } = contents;
  const missing = (what: string): never => {
    throw new TempestError('INVALID_STATE_FILE', `${source} is not a usable Tempest state file: it has no ${what}.`, { value: source });
  };
  if (meta.kind !== STATE_KIND) missing('sampler state (it is another kind of Tempest file)');
  const fingerprint = withLegacyDefaults((meta.options ?? missing('options')) as Record<string, unknown>);
  if (expected !== undefined) {
    const differences = fingerprintDifferences(fingerprint, expected);
    if (differences.length > 0) {
      throw new TempestError('STATE_MISMATCH', `${source} comes from a run with different options, so it cannot be resumed by this sampler:\n${differences.map((d) => `  - ${d}`).join('\n')}\nCreate the sampler with the options of the saved run.`, { value: source, problems: differences });
    }
  }
  const d = Number(fingerprint.nDim);
  const history: Record<string, Float64Array | Int32Array> = {};
  for (const name of [...PARTICLE_COLUMNS.map((c) => c.name), 'records']) {
    const a = arrays[`history.${name}`] ?? missing(`history.${name} array`);
    if (a instanceof Uint8Array) missing(`history.${name} array of the right type`);
    history[name] = a as Float64Array | Int32Array;
  }
  const n = history.logl.length;
  if (PARTICLE_COLUMNS.some((c) => history[c.name].length !== n * columnWidth(c, d))) {
    missing(`consistent particle arrays (${n} log-likelihoods but ${history.u.length / d} u rows)`);
  }
  let clustering: Record<string, Float64Array> | undefined;
  if (arrays['clustering.means'] !== undefined) {
    clustering = {};
    for (const name of CLUSTERING_ARRAYS) clustering[name] = (arrays[`clustering.${name}`] ?? missing(`clustering.${name} array`)) as Float64Array;
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
  if (!(scalars instanceof Float64Array) || scalars.length !== SCALARS.length) missing('scalars array (seed, beta, lineages, calls)');
  const rng = arrays.rng;
  if (!(rng instanceof Float64Array)) missing('random-generator state');
  const diagnostics = arrays.diagnostics;
  const columns = declaredDiagnosticColumns(meta) ?? missing('list of diagnostic columns');
  if (!(diagnostics instanceof Float64Array) || diagnostics.length % columns.length !== 0) missing('diagnostics array');

  const particles = new ParticleHistory(d);
  particles.restore(history, blobs);
  const nMaxClusters = fingerprint.nMaxClusters;
  const proposal = new ProposalTrainer(d, {
    clustering: fingerprint.clustering !== false,
    clusterEvery: Number(fingerprint.clusterEvery),
    clusterSearch: fingerprint.clusterSearch === 'thorough' ? 'thorough' : 'basic',
    normalize: fingerprint.normalize !== false,
    splitThreshold: Number(fingerprint.splitThreshold),
    nMaxClusters: typeof nMaxClusters === 'number' ? nMaxClusters : undefined,
    proposalFolds: Number(fingerprint.proposalFolds),
  });
  if (clustering !== undefined) proposal.restore(clustering);
  const [seed, beta, nLineages, calls] = scalars as Float64Array;
  return {
    nDim: d,
    nParticles: Number(fingerprint.nParticles),
    fingerprint,
    seed,
    rng: RandomGenerator.fromState(Array.from(rng as Float64Array)),
    beta,
    nLineages,
    calls,
    iterations: diagnosticsFromArray(diagnostics as Float64Array, columns),
    history: particles,
    proposal,
  };
}

/**
 * A fingerprint with the options that did not exist when the file was written set to the
 * behaviour the file's run had: chains stopped by the acceptance rule (before `mixing`), and
 * proposals fitted to every particle (before `proposalFolds`), no moves between clusters
 * (before `jumpEvery`), resampling across all particles (before `lineageGroups`), the basic clustering search (before
 * `clusterSearch`), and the fixed pattern of moves (before `adaptiveMoves`).
 * @param fingerprint - the file's options
 * @returns the options as this version names them
 */
function withLegacyDefaults(fingerprint: Record<string, unknown>): Record<string, unknown> {
  const mixing = 'mixing' in fingerprint ? {} : { mixing: 'acceptance', mixingThreshold: 0.05 };
  const folds = 'proposalFolds' in fingerprint ? {} : { proposalFolds: 1 };
  const jumps = 'jumpEvery' in fingerprint ? {} : { jumpEvery: 0 };
  const groups = 'lineageGroups' in fingerprint ? {} : { lineageGroups: 1 };
  const search = 'clusterSearch' in fingerprint ? {} : { clusterSearch: 'basic' };
  const moves = 'adaptiveMoves' in fingerprint ? {} : { adaptiveMoves: false };
  return { ...fingerprint, ...mixing, ...folds, ...jumps, ...groups, ...search, ...moves };
}
