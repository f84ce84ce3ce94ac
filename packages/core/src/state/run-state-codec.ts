import { ParticleHistory } from '../particles/particle-history.js';
import { PARTICLE_COLUMNS, columnWidth } from '../particles/particle-columns.js';
import { RandomGenerator } from '../random/random-generator.js';
import { ProposalTrainer } from '../run/proposal-model.js';
import { STANDOUT_POINTS, type RunState } from '../run/run-state.js';
import { StandoutPoints } from '../particles/standout-points.js';
import { TempestError } from '../tempest-error.js';
import { BLOB_CHUNK_PARTICLES, decodeBlobs, encodeBlobs } from './blob-codec.js';
import { DIAGNOSTIC_COLUMNS, declaredDiagnosticColumns, diagnosticsFromArray, diagnosticsToArray } from './diagnostics-columns.js';
import { fingerprintDifferences } from './options-fingerprint.js';
import { savedRunProblems } from './run-state-checks.js';
import { reannealingFromFile, reannealingToFile } from './reannealing-codec.js';
import { closingFromFile, closingToFile } from './closing-codec.js';
import type { StateFileContents } from './state-file.js';

const STATE_KIND = 'tempest-sampler-state';
const SCALARS = ['seed', 'beta', 'nLineages', 'calls'] as const;
const CLUSTERING_ARRAYS = ['weights', 'means', 'covariances', 'shift', 'scale'] as const;
/** `blobs`, then `blobs.1`, `blobs.2`, … when the blobs take several arrays (format version 2). */
const BLOB_ARRAY = /^blobs(?:\.([1-9]\d*))?$/;

/**
 * Lays a run state out as a state file: metadata (the options fingerprint) in the JSON header,
 * the history's particle columns as raw little-endian arrays (`history.<column>`, and
 * `history.records` with beta, log Z, start and count per iteration), the clustering
 * (`clustering.*`), the diagnostics, a re-annealed run's guide and first pass (`reanneal.*`, see
 * `reannealing-codec.ts`), the coordinates chosen to move through the logit (`moveSpace.logit`), a
 * closing sample (`closing.*`, see `closing-codec.ts`), and blobs, if any, as V8-serialised byte arrays (data
 * only; `blobs`, and `blobs.1`, … beyond {@link BLOB_CHUNK_PARTICLES} particles, which makes
 * the file version 2). Numbers that must survive bit for bit (seed, beta, calls, generator)
 * travel as float64 arrays, not JSON text.
 *
 * The particle columns are views of the history, not copies: an iteration only appends to them.
 * What an iteration changes in place (the cached denominators `logC`, the clustering) is copied,
 * so the contents stay those of this moment while they are written piece by piece.
 * @param state - the state
 * @param blobChunk - particles per blob array (tests pass small values)
 * @returns the file's contents (write them with `stateFilePieces` or `encodeStateFile`)
 */
export function runStateToFile(state: RunState, blobChunk = BLOB_CHUNK_PARTICLES): StateFileContents {
  const arrays: StateFileContents['arrays'] = {};
  for (const [name, a] of Object.entries(state.history.snapshot())) arrays[`history.${name}`] = name === 'logC' ? a.slice() : a;
  const clustering = state.proposal.snapshot();
  if (clustering) for (const [name, a] of Object.entries(clustering)) arrays[`clustering.${name}`] = a.slice();
  const blobs = state.history.blobs;
  let version = 1;
  if (blobs !== undefined) {
    const chunks = encodeBlobs(blobs, blobChunk);
    chunks.forEach((chunk, k) => (arrays[k === 0 ? 'blobs' : `blobs.${k}`] = chunk));
    if (chunks.length > 1) version = 2;
  }
  arrays.diagnostics = diagnosticsToArray(state.iterations);
  arrays.scalars = Float64Array.of(state.seed, state.beta, state.nLineages, state.calls);
  arrays.rng = Float64Array.from(state.rng.getState());
  const meta: Record<string, unknown> = { kind: STATE_KIND, nDim: state.fingerprint.nDim, options: state.fingerprint, scalars: SCALARS, diagnosticColumns: DIAGNOSTIC_COLUMNS };
  if (state.logitCoordinates !== undefined) arrays['moveSpace.logit'] = state.logitCoordinates.slice();
  if (state.reannealing !== undefined) {
    const second = reannealingToFile(state.reannealing, state.nDim);
    Object.assign(arrays, second.arrays);
    Object.assign(meta, second.meta);
  }
  const standouts = state.standouts.snapshot();
  if (standouts.logl.length > 0) {
    arrays['standouts.u'] = standouts.u;
    arrays['standouts.logl'] = standouts.logl;
  }
  Object.assign(arrays, closingToFile(state));
  return { meta, arrays, version };
}

/**
 * Checks a state file's header before its arrays are read: that it holds a sampler state, and,
 * given the resuming sampler's fingerprint, that it comes from a run with the same options (so a
 * file of another run is refused before a large history is read).
 * @param meta - the header's metadata
 * @param source - the file's name, for messages
 * @param expected - the fingerprint of the sampler that will resume it, if any
 * @returns the file's options, with the values of options newer than the file
 * @throws {TempestError} `INVALID_STATE_FILE` for another kind of file; `STATE_MISMATCH` naming
 *   every option that differs from `expected`
 */
export function checkStateHeader(meta: Record<string, unknown>, source: string, expected?: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const missing = (what: string): never => {
    throw new TempestError('INVALID_STATE_FILE', `${source} is not a usable Tempest state file: it has no ${what}.`, { value: source });
  };
  if (meta.kind !== STATE_KIND) missing('sampler state (it is another kind of Tempest file)');
  const options = meta.options;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) missing('options');
  const fingerprint = withLegacyDefaults(options as Record<string, unknown>);
  if (expected !== undefined) {
    const differences = fingerprintDifferences(fingerprint, expected);
    if (differences.length > 0) {
      throw new TempestError('STATE_MISMATCH', `${source} comes from a run with different options, so it cannot be resumed by this sampler:\n${differences.map((d) => `  - ${d}`).join('\n')}\nCreate the sampler with the options of the saved run.`, { value: source, problems: differences });
    }
  }
  return fingerprint;
}

/**
 * Reads a run state back from a state file's contents, trusting nothing: the arrays' presence,
 * types and lengths, then every value the run would use ({@link savedRunProblems}: options, β,
 * iterations, lineages, finite values, clustering, generator), then the blobs (bounded, see
 * `decodeBlobs`); only then is the state built. It takes the arrays over (no copy).
 * @param contents - the decoded file (from `decodeStateFile` or `readStateFile`)
 * @param source - the file's name, for messages
 * @param expected - the fingerprint of the sampler that will resume it: checked before anything
 *   else is read, so that a file of another run is named as such
 * @returns the state, ready to continue
 * @throws {TempestError} `INVALID_STATE_FILE` when parts are missing or inconsistent, naming every
 *   inconsistent field and its value (`path` the first, `problems` all);
 *   `STATE_MISMATCH` naming every option that differs from `expected`
 */
export function runStateFromFile(contents: StateFileContents, source: string, expected?: Readonly<Record<string, unknown>>): RunState {
  const { meta, arrays } = contents;
  const missing = (what: string): never => {
    throw new TempestError('INVALID_STATE_FILE', `${source} is not a usable Tempest state file: it has no ${what}.`, { value: source });
  };
  const fingerprint = checkStateHeader(meta, source, expected);
  const d = fingerprint.nDim;
  if (!(typeof d === 'number' && Number.isInteger(d) && d > 0)) {
    throw inconsistent(source, [{ field: 'options.nDim', message: `nDim is ${JSON.stringify(d) ?? String(d)}; it must be a positive integer` }]);
  }
  const history: Record<string, Float64Array | Int32Array> = {};
  for (const column of [...PARTICLE_COLUMNS, { name: 'records', type: Float64Array }] as const) {
    const a = arrays[`history.${column.name}`] ?? missing(`history.${column.name} array`);
    if (!(a instanceof column.type)) missing(`history.${column.name} array of the right type (${column.type.name})`);
    history[column.name] = a as Float64Array | Int32Array;
  }
  const n = history.logl.length;
  const wrong = PARTICLE_COLUMNS.find((c) => history[c.name].length !== n * columnWidth(c, d));
  if (wrong !== undefined) missing(`consistent particle arrays (${n} log-likelihoods but ${history[wrong.name].length} values of ${wrong.name}, not ${n * columnWidth(wrong, d)})`);
  let clustering: Record<string, Float64Array> | undefined;
  if (arrays['clustering.means'] !== undefined) {
    clustering = {};
    for (const name of CLUSTERING_ARRAYS) {
      const a = arrays[`clustering.${name}`] ?? missing(`clustering.${name} array`);
      if (!(a instanceof Float64Array)) missing(`clustering.${name} array of the right type (Float64Array)`);
      clustering[name] = a as Float64Array;
    }
  }
  const blobChunks = blobArraysOf(arrays, missing);
  const scalars = arrays.scalars;
  if (!(scalars instanceof Float64Array) || scalars.length !== SCALARS.length) missing('scalars array (seed, beta, lineages, calls)');
  const rng = arrays.rng;
  if (!(rng instanceof Float64Array)) missing('random-generator state');
  const diagnostics = arrays.diagnostics;
  const columns = declaredDiagnosticColumns(meta) ?? missing('list of diagnostic columns');
  if (!(diagnostics instanceof Float64Array) || diagnostics.length % columns.length !== 0) missing('diagnostics array');

  const problems = savedRunProblems({
    nDim: d, metaNDim: meta.nDim, options: fingerprint, history, clustering, scalars: scalars as Float64Array, rng: rng as Float64Array,
    diagnosticRows: (diagnostics as Float64Array).length / columns.length,
  });
  const reannealing = reannealingFromFile(arrays, meta, d);
  problems.push(...reannealing.problems);
  const closing = closingFromFile(arrays, d, n, source);
  problems.push(...closing.problems);
  const logit = arrays['moveSpace.logit'];
  if (logit !== undefined && !(logit instanceof Uint8Array && logit.length === d && logit.every((v) => v === 0 || v === 1) && logit.includes(1))) {
    problems.push({ field: 'moveSpace.logit', message: `it must hold ${d} bytes of 0 or 1, at least one 1 (the coordinates moved through the logit)` });
  }
  // The best proposals evaluated (files from before they were kept have none).
  const standoutU = arrays['standouts.u'];
  const standoutLogl = arrays['standouts.logl'];
  if (standoutU !== undefined || standoutLogl !== undefined) {
    const fits = standoutU instanceof Float64Array && standoutLogl instanceof Float64Array && standoutLogl.length <= STANDOUT_POINTS
      && standoutU.length === standoutLogl.length * d && standoutU.every((v) => Number.isFinite(v)) && standoutLogl.every((v) => v > -Infinity && v < Infinity);
    const size = (a: unknown) => (a instanceof Float64Array ? `${a.length} values` : 'no float64 array');
    if (!fits) problems.push({ field: 'standouts', message: `standouts.u (${size(standoutU)}) and standouts.logl (${size(standoutLogl)}) must be float64 arrays of at most ${STANDOUT_POINTS} points, nDim ${d} coordinates each, with finite coordinates and log-likelihoods` });
  }
  if (problems.length > 0) throw inconsistent(source, problems);
  let blobs: unknown[] | undefined;
  if (blobChunks !== undefined) {
    blobs = decodeBlobs(blobChunks, source);
    if (blobs.length !== n) throw inconsistent(source, [{ field: 'blobs', message: `it holds ${blobs.length} blobs for ${n} particles` }]);
  }

  // Everything is checked: build the state (nothing above has changed anything outside this call).
  try {
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
      clusterScales: fingerprint.clusterScales === 'shrunk' ? 'shrunk' : 'separate',
      splitTest: fingerprint.splitTest === 'shared' ? 'shared' : 'full',
    });
    if (clustering !== undefined) proposal.restore(clustering);
    const standouts = new StandoutPoints(d, STANDOUT_POINTS);
    if (standoutLogl !== undefined) standouts.restore(standoutU as Float64Array, standoutLogl as Float64Array);
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
      standouts,
      ...(reannealing.value === undefined ? {} : { reannealing: reannealing.value }),
      ...(logit === undefined ? {} : { logitCoordinates: logit as Uint8Array }),
      ...(closing.value === undefined ? {} : { closing: closing.value }),
    };
  } catch (cause) {
    throw new TempestError('INVALID_STATE_FILE', `${source} is not a usable Tempest state file: its state cannot be rebuilt (${(cause as Error).message}).`, { value: source, cause });
  }
}

/** The blob arrays in particle order (`blobs`, `blobs.1`, …), or undefined when the file has none. */
function blobArraysOf(arrays: StateFileContents['arrays'], missing: (what: string) => never): Uint8Array[] | undefined {
  const chunks: Uint8Array[] = [];
  for (const [name, a] of Object.entries(arrays)) {
    const match = BLOB_ARRAY.exec(name);
    if (match === null) continue;
    if (!(a instanceof Uint8Array)) missing(`${name} array of the right type (bytes)`);
    chunks[match[1] === undefined ? 0 : Number(match[1])] = a as Uint8Array;
  }
  if (chunks.length === 0) return undefined;
  for (let k = 0; k < chunks.length; k++) if (chunks[k] === undefined) missing(`${k === 0 ? 'blobs' : `blobs.${k}`} array (the blobs' arrays are numbered without gaps)`);
  return chunks;
}

/** The error for a file whose parts are there but do not describe a run the sampler could have made. */
function inconsistent(source: string, problems: { field: string; message: string }[]): TempestError {
  const lines = problems.map((p) => (p.message.startsWith(p.field) ? p.message : `${p.field}: ${p.message}`));
  return new TempestError(
    'INVALID_STATE_FILE',
    `${source} is not a usable Tempest state file: its contents are inconsistent, though its checksum is valid, so it was damaged before it was written or not written by Tempest (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${lines.map((l) => `  - ${l}`).join('\n')}\nResume from another state file of the run (an earlier numbered one), or start the run again.`,
    { value: source, path: problems[0].field, problems: lines },
  );
}

/**
 * A fingerprint with the options that did not exist when the file was written set to the
 * behaviour the file's run had: chains stopped by the acceptance rule (before `mixing`), and
 * proposals fitted to every particle (before `proposalFolds`), no moves between clusters
 * (before `jumpEvery`), resampling across all particles (before `lineageGroups`), the basic clustering search (before
 * `clusterSearch`), the fixed pattern of moves (before `adaptiveMoves`), one pass whatever the anneal check says (before `reanneal`), moves in the cube (before `moveSpace`), no closing sample (before `closingDraws`), each cluster's own scale (before `clusterScales`), and the full-covariance split test alone (before `splitTest`).
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
  const again = 'reanneal' in fingerprint ? {} : { reanneal: false };
  const space = 'moveSpace' in fingerprint ? {} : { moveSpace: 'cube' };
  const closing = 'closingDraws' in fingerprint ? {} : { closingDraws: 0 };
  const scales = 'clusterScales' in fingerprint ? {} : { clusterScales: 'separate' };
  const split = 'splitTest' in fingerprint ? {} : { splitTest: 'full' };
  return { ...fingerprint, ...mixing, ...folds, ...jumps, ...groups, ...search, ...moves, ...again, ...space, ...closing, ...scales, ...split };
}
