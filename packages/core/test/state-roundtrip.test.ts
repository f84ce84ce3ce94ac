// saveState then loadState in a fresh sampler continues exactly like the original, including
// a clustering re-used between re-fits (clusterEvery > 1) and blobs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Sampler, type SamplerOptions } from '../src/index.js';
import { twoGaussians } from '../../../test-fixtures/models/multimodal.js';

describe('saveState / loadState', () => {
  it('continues bit for bit from the middle of a clustered run with blobs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-state-'));
    try {
      const p = twoGaussians(3);
      const options: SamplerOptions = {
        nDim: 3,
        priorTransform: p.priorTransform,
        logLikelihood: (x: Float64Array) => [p.logLikelihood(x), { side: x[0] > 0 ? 'right' : 'left', x0: x[0] }] as const,
        clusterEvery: 3,
        randomState: 12,
      };
      const original = new Sampler(options);
      for (let i = 0; i < 7; i++) await original.sample();
      const path = join(dir, 'mid.state');
      await original.saveState(path);
      await original.run({ nTotal: 1024 });

      const resumed = new Sampler({ ...options, randomState: 999 });
      await resumed.loadState(path);
      expect(resumed.iteration).toBe(7);
      expect(resumed.seed).toBe(12);
      await resumed.run({ nTotal: 1024 });

      expect(resumed.iteration).toBe(original.iteration);
      expect(resumed.calls).toBe(original.calls);
      expect(resumed.evidence()).toEqual(original.evidence());
      const a = original.posterior({ returnBlobs: true });
      const b = resumed.posterior({ returnBlobs: true });
      expect(b.samples.data).toEqual(a.samples.data);
      expect(b.weights).toEqual(a.weights);
      expect(b.blobs).toEqual(a.blobs);
      expect(resumed.diagnostics.map((i) => i.K)).toEqual(original.diagnostics.map((i) => i.K));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([1, 3])('saved while an iteration is in flight, holds the last complete iteration and resumes bit for bit (clusterEvery %i)', async (clusterEvery) => {
    // What a signal handler does when a job is killed mid-iteration (mpirun and Slurm send SIGTERM
    // and kill a second later): the half-done iteration must not leak into the file.
    const dir = mkdtempSync(join(tmpdir(), 'tempest-state-'));
    try {
      const p = twoGaussians(3);
      const path = join(dir, 'in-flight.state');
      const syncPath = join(dir, 'in-flight-sync.state');
      let calls = 0;
      let saving: Promise<void> | undefined;
      let savedAt = -1;
      const base = { nDim: 3, priorTransform: p.priorTransform, clusterEvery, randomState: 21 };
      const original: Sampler = new Sampler({
        ...base,
        logLikelihood: async (x: Float64Array) => {
          // Past the first iterations, in the middle of a likelihood batch: save from "outside".
          if (++calls === 6000) {
            savedAt = original.iteration;
            saving = original.saveState(path);
            original.saveStateSync(syncPath);
          }
          return p.logLikelihood(x);
        },
      });
      await original.run({ nTotal: 1024 });
      await saving;
      expect(savedAt).toBeGreaterThan(3);
      // saveStateSync (for signal handlers) writes the same bytes.
      expect(readFileSync(syncPath).equals(readFileSync(path))).toBe(true);

      const resumed = new Sampler({ ...base, logLikelihood: (x: Float64Array) => p.logLikelihood(x) });
      await resumed.loadState(path);
      expect(resumed.iteration).toBe(savedAt);
      expect(resumed.calls).toBe(original.diagnostics[savedAt - 1].calls);
      await resumed.run({ nTotal: 1024 });
      expect(resumed.calls).toBe(original.calls);
      expect(resumed.evidence()).toEqual(original.evidence());
      expect(resumed.posterior().samples.data).toEqual(original.posterior().samples.data);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing file with its path and where state files go', async () => {
    const { nDim, priorTransform, logLikelihood } = twoGaussians(2);
    const s = new Sampler({ nDim, priorTransform, logLikelihood, randomState: 1, outputDir: 'my-states' });
    await expect(s.loadState('/nonexistent/run.state')).rejects.toThrow(/Cannot read the state file \/nonexistent\/run\.state: .*outputDir, "my-states" here/);
  });
});

describe('resuming with a pool', () => {
  it('gives the serial run bit for bit when a serial checkpoint is resumed on two worker threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-state-pool-'));
    try {
      const logNorm = -Math.log(2 * Math.PI);
      const options: SamplerOptions = {
        nDim: 2,
        nParticles: 64,
        priorTransform: (u) => u.map((v) => 10 * v - 5),
        // Self-contained, so it can be shipped to worker threads by value.
        logLikelihood: (x: Float64Array) => -0.5 * ((x[0] - 1) ** 2 + (x[1] + 1) ** 2) - 1.8378770664093453,
        randomState: 5,
      };
      expect(logNorm).toBeCloseTo(-1.8378770664093453, 15);
      const clean = new Sampler(options);
      await clean.run({ nTotal: 512 });
      const first = new Sampler(options);
      for (let i = 0; i < 4; i++) await first.sample();
      const path = join(dir, 'four.state');
      await first.saveState(path);
      const pooled = new Sampler({ ...options, pool: 2 });
      await pooled.run({ nTotal: 512, resumeStatePath: path });
      expect(pooled.evidence()).toEqual(clean.evidence());
      expect(pooled.posterior().samples.data).toEqual(clean.posterior().samples.data);
      expect(pooled.calls).toBe(clean.calls);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
