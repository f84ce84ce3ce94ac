// State files of any size: a synthetic history (consistent in every value the loader checks) is
// saved and loaded back, through the same code as a run's checkpoints, and must come back bit for
// bit. In CI the history is small and the file is written and read in pieces of 4 KiB, so the
// piecewise writing, the running checksum and the sectioned reading all run across hundreds of
// pieces. With TEMPEST_LARGE_STATE=1 the history is past 2 GiB (11.5 million particles at nDim 10,
// 192 bytes each), saved and loaded with sampler.saveState and loadState and their default pieces;
// it prints the time and the peak memory of each step. It needs about 7 GB of memory and 2.1 GB
// of disk in the system's temporary folder.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logSumExp } from '../src/math/log-sum-exp.js';
import { RandomGenerator } from '../src/random/random-generator.js';
import type { RunState } from '../src/run/run-state.js';
import { Sampler } from '../src/sampler/sampler.js';
import { writeFileAtomic } from '../src/state/atomic-write.js';
import { diagnosticsFromArray } from '../src/state/diagnostics-columns.js';
import { runStateFromFile, runStateToFile } from '../src/state/run-state-codec.js';
import { readStateFile, stateFilePieces } from '../src/state/state-file.js';

const LARGE = process.env.TEMPEST_LARGE_STATE === '1';
const nDim = 10;
// Large: 11 iterations of 2^20 particles, 2.21e9 bytes (past 2^31 = 2.15e9). Small: 6 of 512.
const nParticles = LARGE ? 2 ** 20 : 512;
const iterations = LARGE ? 11 : 6;
const options = {
  nDim, nParticles, randomState: 3, lineageGroups: 1,
  priorTransform: (u: Float64Array) => u.map((v) => 10 * v - 5),
  logLikelihood: (x: Float64Array) => -0.5 * x.reduce((s, v) => s + v * v, 0),
};

const dir = mkdtempSync(join(tmpdir(), 'tempest-large-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stateOf = (sampler: Sampler) => (sampler as unknown as { state: RunState }).state;
const peakMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * Puts a synthetic run into the sampler: a first iteration of prior draws (each its own lineage),
 * then iterations at rising beta whose particles descend from those lineages; the cached
 * denominators computed from their definition, as the loader checks them.
 */
function syntheticRun(sampler: Sampler): void {
  const state = stateOf(sampler);
  const n = nParticles * iterations;
  const rng = new RandomGenerator(11);
  const u = new Float64Array(n * nDim);
  rng.fillUniform(u);
  const x = u.map((v) => 10 * v - 5);
  const logl = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let q = 0;
    for (let j = 0; j < nDim; j++) q += x[s * nDim + j] ** 2;
    logl[s] = -0.5 * q;
  }
  const records = new Float64Array(4 * iterations);
  for (let t = 0; t < iterations; t++) records.set([t / (iterations - 1), -3 * t, t * nParticles, nParticles], 4 * t);
  const logC = new Float64Array(n);
  const terms = new Float64Array(iterations);
  for (let s = 0; s < n; s++) {
    for (let t = 0; t < iterations; t++) terms[t] = Math.log(nParticles) + records[4 * t] * logl[s] - records[4 * t + 1];
    logC[s] = logSumExp(terms);
  }
  const lineage = new Int32Array(n);
  const survival = new Float64Array(n);
  const iterationOf = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const t = Math.floor(s / nParticles);
    lineage[s] = t === 0 ? s : rng.integer(nParticles);
    survival[s] = -0.01 * t;
    iterationOf[s] = t;
  }
  state.history.restore({ u, x, logl, logC, lineage, survival, iterationOf, records }, undefined);
  const diagnostics = new Float64Array(iterations * 21);
  for (let t = 0; t < iterations; t++) diagnostics.set([t + 1, (t + 1) * nParticles, records[4 * t], nParticles, records[4 * t + 1]], 21 * t);
  state.iterations = diagnosticsFromArray(diagnostics);
  state.beta = 1;
  state.nLineages = nParticles;
  state.calls = n;
}

describe(`a state file of ${LARGE ? 'more than 2 GiB' : 'many pieces (the > 2 GiB case runs with TEMPEST_LARGE_STATE=1)'}`, () => {
  it('is saved and loaded back bit for bit, and the loaded run gives the same read-outs', async () => {
    const sampler = new Sampler(options);
    syntheticRun(sampler);
    const path = join(dir, 'large.state');
    const ready = performance.now();
    const peakBefore = peakMb();
    if (LARGE) {
      await sampler.saveState(path);
    } else {
      await writeFileAtomic(path, stateFilePieces(runStateToFile(stateOf(sampler)), 4096));
    }
    const saved = performance.now();
    const peakSaved = peakMb();
    const size = statSync(path).size;
    // The documented size: 16 nDim + 32 bytes per stored particle, plus a few kilobytes.
    const particleBytes = (16 * nDim + 32) * nParticles * iterations;
    expect(size).toBeGreaterThan(particleBytes);
    expect(size).toBeLessThan(particleBytes + 65536);
    if (LARGE) expect(size).toBeGreaterThan(2 ** 31);

    const other = new Sampler(options);
    if (LARGE) {
      await other.loadState(path);
    } else {
      const contents = await readStateFile(path, 'Check the path.', { chunkBytes: 4096 });
      (other as unknown as { state: RunState }).state = runStateFromFile(contents, path, stateOf(other).fingerprint);
    }
    const loaded = performance.now();
    const peakLoaded = peakMb();

    const a = stateOf(sampler).history;
    const b = stateOf(other).history;
    expect(b.length).toBe(a.length);
    for (const column of ['u', 'x', 'logl', 'logC', 'lineage', 'survival', 'iterationOf'] as const) {
      expect(Buffer.from(b[column].buffer, b[column].byteOffset, b[column].byteLength).equals(Buffer.from(a[column].buffer, a[column].byteOffset, a[column].byteLength))).toBe(true);
    }
    expect(other.iteration).toBe(iterations);
    expect(other.evidence()).toEqual(sampler.evidence());
    if (LARGE) {
      console.log(
        `state file ${(size / 2 ** 30).toFixed(3)} GiB (${size} bytes, ${a.length} particles at nDim ${nDim}, ${(size / a.length).toFixed(1)} bytes each): ` +
          `save ${((saved - ready) / 1000).toFixed(1)} s, peak RSS ${peakBefore.toFixed(0)} -> ${peakSaved.toFixed(0)} MB; ` +
          `load ${((loaded - saved) / 1000).toFixed(1)} s, peak RSS -> ${peakLoaded.toFixed(0)} MB`,
      );
    }
  }, LARGE ? 1_800_000 : 60_000);
});
