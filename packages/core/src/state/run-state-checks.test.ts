// Crafted state files: each row changes one thing in a real state file and writes it with a valid
// checksum, as a damaged disk cannot but a person (or a bug in another writer) can. Every one must
// be refused with INVALID_STATE_FILE naming the field and the value, and a sampler that tried to
// load it must be exactly as it was: its state file before and after the attempt is the same, byte
// for byte, and it carries on as if nothing had happened.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../run/run-state.js';
import { Sampler } from '../sampler/sampler.js';
import { TempestError } from '../tempest-error.js';
import { decodeBlobs, encodeBlobs } from './blob-codec.js';
import { runStateToFile } from './run-state-codec.js';
import { readRunState } from './run-state-file.js';
import { readStateInfo } from './state-info.js';
import { decodeStateFile, encodeStateFile, type DecodedStateFile } from './state-file.js';

const options = {
  nDim: 2, nParticles: 64, randomState: 9,
  priorTransform: (u: Float64Array) => u.map((v) => 8 * v - 4),
  logLikelihood: (x: Float64Array) => [-0.5 * ((x[0] - 1) ** 2 + x[1] ** 2) / 0.2, { r: Math.hypot(x[0], x[1]) }] as const,
};
const dir = mkdtempSync(join(tmpdir(), 'tempest-crafted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stateOf = (sampler: Sampler) => (sampler as unknown as { state: RunState }).state;
let source: Uint8Array;
let T: number;
let n: number;

beforeAll(async () => {
  const sampler = new Sampler(options);
  for (let i = 0; i < 9; i++) await sampler.sample();
  source = encodeStateFile(runStateToFile(stateOf(sampler)));
  T = sampler.iteration;
  n = stateOf(sampler).history.length;
  // The rows below need two iterations above beta 0, a clustering and blobs.
  expect(stateOf(sampler).history.iterations.filter((r) => r.beta > 0).length).toBeGreaterThanOrEqual(2);
  expect(stateOf(sampler).proposal.snapshot()).toBeDefined();
});

/** A fresh, independent copy of the source file's contents. */
const fresh = (): DecodedStateFile => decodeStateFile(source, 'source.state');
const f64 = (c: DecodedStateFile, name: string) => c.arrays[name] as Float64Array;
const i32 = (c: DecodedStateFile, name: string) => c.arrays[name] as Int32Array;
const lastBeta = (c: DecodedStateFile) => f64(c, 'history.records')[4 * (T - 1)];

/** Writes crafted contents as a state file with a valid checksum. */
function craft(name: string, edit: (c: DecodedStateFile) => void): string {
  const contents = fresh();
  edit(contents);
  const path = join(dir, `${name.replace(/\W+/g, '-')}.state`);
  writeFileSync(path, encodeStateFile(contents));
  return path;
}

async function refusal(load: Promise<unknown>): Promise<TempestError> {
  const error = await load.then(() => undefined, (e: unknown) => e);
  expect(TempestError.is(error, 'INVALID_STATE_FILE'), String(error)).toBe(true);
  return error as TempestError;
}

type Row = [name: string, edit: (c: DecodedStateFile) => void, field: string, message: RegExp];

const rows: Row[] = [
  ['a NaN beta', (c) => (f64(c, 'history.records')[4 * 6] = NaN), 'history.records[6].beta', /history\.records\[6\]\.beta is NaN; beta is a number in \[0, 1\]/],
  ['a negative beta', (c) => (f64(c, 'history.records')[4 * 1] = -0.25), 'history.records[1].beta', /history\.records\[1\]\.beta is -0\.25; beta is a number in \[0, 1\]/],
  ['a beta above 1', (c) => (f64(c, 'history.records')[4 * (T - 1)] = 1.5), `history.records[${8}].beta`, /is 1\.5; beta is a number in \[0, 1\]/],
  ['a decreasing beta', (c) => (f64(c, 'history.records')[4 * (T - 1)] = f64(c, 'history.records')[4 * (T - 2)] / 2), 'history.records[8].beta', /history\.records\[8\]\.beta is [\d.e-]+, below the [\d.e-]+ of the iteration before; beta never decreases/],
  ['a NaN current beta', (c) => (f64(c, 'scalars')[1] = NaN), 'scalars.beta', /beta is NaN; beta is a number in \[0, 1\]/],
  ['a current beta other than the last iteration\'s', (c) => (f64(c, 'scalars')[1] = lastBeta(c) / 2), 'scalars.beta', /but the last iteration's is/],
  ['a lineage id out of range', (c) => (i32(c, 'history.lineage')[10] = 64 * 40), 'history.lineage[10]', /history\.lineage\[10\] is 2560; lineage ids are 0 to \d+, one per lineage started/],
  ['a negative lineage id', (c) => (i32(c, 'history.lineage')[3] = -1), 'history.lineage[3]', /history\.lineage\[3\] is -1; lineage ids are 0 to/],
  ['more lineages than particles', (c) => (f64(c, 'scalars')[2] = 1e6), 'scalars.nLineages', /lineages started are 1000000; [^]*at most the 576 particles/],
  ['empty records', (c) => (c.arrays['history.records'] = new Float64Array(0)), 'history.records', /lists no iteration but the history holds 576 particles/],
  ['a record of the wrong count', (c) => (f64(c, 'history.records')[4 * 2 + 3] = 63), 'history.records[2].count', /history\.records\[2\]\.count is 63; every iteration stores nParticles = 64 particles/],
  ['a record that starts elsewhere', (c) => (f64(c, 'history.records')[4 * 3 + 2] += 1), 'history.records[3].start', /history\.records\[3\]\.start is 193 but the iterations before it hold 192 particles/],
  ['a non-finite log Z', (c) => (f64(c, 'history.records')[4 * 4 + 1] = -Infinity), 'history.records[4].logz', /is -Infinity; the evidence estimate of an iteration is finite/],
  ['a particle of another iteration', (c) => (i32(c, 'history.iterationOf')[100] = 0), 'history.iterationOf[100]', /history\.iterationOf\[100\] is 0 but the particle belongs to iteration 1/],
  ['a NaN log-likelihood', (c) => (f64(c, 'history.logl')[7] = NaN), 'history.logl[7]', /history\.logl\[7\] is NaN; stored log-likelihoods are finite/],
  ['a zero-likelihood particle', (c) => (f64(c, 'history.logl')[7] = -Infinity), 'history.logl[7]', /history\.logl\[7\] is -Infinity; stored log-likelihoods are finite \(zero-likelihood draws are never stored/],
  ['a unit-cube coordinate outside [0, 1]', (c) => (f64(c, 'history.u')[5] = 1.5), 'history.u[5]', /history\.u\[5\] is 1\.5; unit-cube coordinates are in \[0, 1\]/],
  ['an infinite parameter', (c) => (f64(c, 'history.x')[2] = Infinity), 'history.x[2]', /history\.x\[2\] is Infinity; parameters are finite/],
  ['a tampered weight denominator', (c) => (f64(c, 'history.logC')[0] += 0.5), 'history.logC[0]', /history\.logC\[0\] is [\d.e-]+ but the particle's log-likelihood and the iterations give [\d.e-]+/],
  ['a positive log survival', (c) => (f64(c, 'history.survival')[4] = 0.5), 'history.survival[4]', /history\.survival\[4\] is 0\.5; it is the log of a probability/],
  ['a clustering of the wrong size', (c) => (c.arrays['clustering.means'] = new Float64Array(f64(c, 'clustering.means').length + 2)), 'clustering.means', /clustering\.means has \d+ values, not K x nDim = \d+ \(K = \d+ components, nDim = 2\)/],
  ['a clustering with a NaN covariance', (c) => (f64(c, 'clustering.covariances')[0] = NaN), 'clustering.covariances[0]', /clustering\.covariances\[0\] is NaN; it must be finite/],
  ['a clustering with a zero scale', (c) => (f64(c, 'clustering.scale')[1] = 0), 'clustering.scale[1]', /clustering\.scale\[1\] is 0; scales are positive/],
  ['a negative seed', (c) => (f64(c, 'scalars')[0] = -1), 'scalars.seed', /randomState must be a non-negative integer seed; got -1/],
  ['a fractional call count', (c) => (f64(c, 'scalars')[3] = 10.5), 'scalars.calls', /likelihood calls are 10\.5; a count is a non-negative integer/],
  ['an all-zero generator state', (c) => f64(c, 'rng').fill(0, 0, 4), 'rng', /random-generator state is invalid [^]*all-zero/],
  ['diagnostics of fewer iterations', (c) => (c.arrays.diagnostics = f64(c, 'diagnostics').slice(0, 21 * (T - 1))), 'diagnostics', /diagnostics: it has 8 rows but the history 9 iterations/],
  ['a header nDim other than the options\'', (c) => (c.meta.nDim = 3), 'meta.nDim', /the header says nDim 3 but the options say 2/],
  ['one blob fewer than particles', (c) => (c.arrays.blobs = encodeBlobs(decodeBlobs([c.arrays.blobs as Uint8Array], 'x').slice(1))[0]), 'blobs', /blobs: it holds 575 blobs for 576 particles/],
];

describe('a crafted state file with a valid checksum', () => {
  it.each(rows)('with %s is refused, naming the field and the value, and the sampler is unchanged', async (name, edit, field, message) => {
    const path = craft(name, edit);
    const sampler = new Sampler({ ...options, randomState: 77 });
    for (let i = 0; i < 2; i++) await sampler.sample();
    const before = join(dir, `${name.replace(/\W+/g, '-')}.before`);
    await sampler.saveState(before);
    const error = await refusal(sampler.loadState(path));
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`${path} is not a usable Tempest state file: its contents are inconsistent`);
    expect(error.message).toMatch(/Resume from another state file of the run/);
    expect(error.path).toBe(field);
    expect(error.value).toBe(path);
    const after = join(dir, `${name.replace(/\W+/g, '-')}.after`);
    await sampler.saveState(after);
    expect(readFileSync(after).equals(readFileSync(before))).toBe(true);
    // Read without a sampler too (tempest info, the read-outs), the same refusal.
    expect((await refusal(readRunState(path))).path).toBe(field);
  });

  it('leaves a sampler that carries on exactly as an untouched twin', async () => {
    const path = craft('nan-beta-for-twin', (c) => (f64(c, 'history.records')[4 * 6] = NaN));
    const tried = new Sampler({ ...options, randomState: 77 });
    const twin = new Sampler({ ...options, randomState: 77 });
    for (let i = 0; i < 2; i++) {
      await tried.sample();
      await twin.sample();
    }
    await refusal(tried.loadState(path));
    const a = await tried.run({ nTotal: 256 });
    const b = await twin.run({ nTotal: 256 });
    expect([a.logz, a.logzErr, a.calls]).toEqual([b.logz, b.logzErr, b.calls]);
  });

  it.each([
    ['nParticles', 2.5, /options\.nParticles: nParticles must be an integer of at least 2; got 2\.5/],
    ['mixingThreshold', 2, /options\.mixingThreshold: mixingThreshold must be a number in \(0, 1\); got 2/],
    ['sample', 42, /options\.sample: sample must be 'tpcn' or 'rwm'; got 42/],
    ['nMaxSteps', 0, /options\.nMaxSteps: nMaxSteps must be a positive integer; got 0/],
    ['periodic', [7], /options\.periodic: periodic indices must be integers in \[0, 1\]; got \[7\]/],
  ])('with options the constructor refuses (%s = %j) is refused by the same checks', async (option, value, message) => {
    const path = craft(`option-${option}`, (c) => ((c.meta.options as Record<string, unknown>)[option] = value));
    const error = await refusal(readRunState(path));
    expect(error.message).toMatch(message);
    expect(error.path).toBe(`options.${option}`);
    const info = await refusal(readStateInfo(path));
    expect(info.message).toMatch(message);
    expect(info.path).toBe(`options.${option}`);
  });

  it('whose blobs share references that would expand without bound fails fast, small as it is', async () => {
    // Blob k is two references to blob k - 1: 2^576 values once written out, in a file of a few kilobytes.
    let blob: unknown = { r: 1 };
    const bomb: unknown[] = [];
    for (let k = 0; k < n; k++) bomb.push((blob = [blob, blob]));
    const path = craft('blob-bomb', (c) => (c.arrays.blobs = new Uint8Array(serialize(bomb))));
    expect(readFileSync(path).length).toBeLessThan(64 * 1024);
    const sampler = new Sampler({ ...options, randomState: 77 });
    await sampler.sample();
    const started = performance.now();
    const error = await refusal(sampler.loadState(path));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error.path).toBe('blobs');
    expect(error.message).toMatch(/its blobs, \d+ bytes, would expand to more than \d+ values and characters \(64 times their size plus 16777216\) once the objects they share are repeated/);
    expect(sampler.iteration).toBe(1);
  });

  it.each([
    ['a sparse array of length 2^32 - 1', () => { const a: unknown[] = []; a.length = 2 ** 32 - 1; return a; }],
    ['one binary array of 512 KiB referenced 1000 times', () => new Array(1000).fill(new Float64Array(1 << 16))],
  ])('whose blob is %s is refused the same way', (_name, blob) => {
    const bytes = new Uint8Array(serialize([blob(), ...new Array<unknown>(9).fill(null)]));
    expect(bytes.length).toBeLessThan(600 * 1024);
    expect(() => decodeBlobs([bytes], 'crafted.state')).toThrow(/crafted\.state is not a usable Tempest state file: its blobs, \d+ bytes, would expand to more than/);
  });

  it('whose blobs share small objects, as a likelihood returning one object for every particle makes, loads', async () => {
    const shared = { model: 'A', version: 3 };
    const path = craft('shared-blobs', (c) => (c.arrays.blobs = new Uint8Array(serialize(new Array(n).fill(shared)))));
    const state = await readRunState(path);
    expect(state.history.blobs?.[n - 1]).toEqual(shared);
  });
});

describe('loadState', () => {
  it('refuses to replace the state under an iteration in flight, which would mix two runs', async () => {
    const path = craft('valid', () => {});
    const sampler = new Sampler({ ...options, randomState: 77 });
    await sampler.sample();
    const inFlight = sampler.sample();
    const error = await sampler.loadState(path).then(() => undefined, (e: unknown) => e);
    expect(TempestError.is(error, 'INVALID_ARGUMENT') && error.message).toMatch(/Cannot load \S+ while an iteration is running[^]*Await sample\(\) or run\(\) first/);
    await inFlight;
    expect(sampler.iteration).toBe(2);
    await sampler.loadState(path);
    expect(sampler.iteration).toBe(T);
  });
});
