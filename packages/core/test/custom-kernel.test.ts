// A kernel of the user's own: it passes the conformance suite and runs a sampler end to end.
import { describe, expect, it } from 'vitest';
import { describeKernelConformance } from '../src/kernels/kernel-conformance.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readStateInfo, Sampler } from '../src/index.js';
import { independenceKernel } from './fixtures/independence-kernel.js';
import { gaussianLogZ, gaussianProblem } from './helpers.js';

describeKernelConformance('independence (test-only)', independenceKernel, { seed: 8 });
// Without its reference density the sampler must fall back to the full density ratio every time.
describeKernelConformance('independence without a reference density', { ...independenceKernel, logReference: undefined }, { seed: 9 });

describe('a sampler with a kernel of the user\'s own', () => {
  it('finds the evidence of a 3-D Gaussian and records the kernel by name', async () => {
    const sampler = new Sampler({ ...gaussianProblem([1, -1, 0.5]), sample: independenceKernel, randomState: 3 });
    const { logz, logzErr } = await sampler.run({ nTotal: 1024 });
    // Within 4 reported standard errors (plus a small floor for the error's own uncertainty).
    expect(Math.abs(logz - gaussianLogZ(3))).toBeLessThan(4 * logzErr + 0.05);
    expect(sampler.options.sample).toBe(independenceKernel);
    const path = join(mkdtempSync(join(tmpdir(), 'tempest-kernel-')), 'run.state');
    await sampler.saveState(path);
    expect((await readStateInfo(path)).options.sample).toBe('independence');
    rmSync(dirname(path), { recursive: true, force: true });
  });

  it('is refused when it lacks a method, with the interface named', () => {
    const { logDensity: _, ...broken } = independenceKernel;
    expect(() => new Sampler({ ...gaussianProblem([0]), sample: broken as never })).toThrow(/object implementing MutationKernel/);
  });
});
