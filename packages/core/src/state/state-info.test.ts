import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sampler } from '../sampler/sampler.js';
import { readStateInfo } from './state-info.js';

const dir = mkdtempSync(join(tmpdir(), 'tempest-state-info-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readStateInfo', () => {
  it('reports what the sampler had when it saved, without a model', async () => {
    const sampler = new Sampler({
      priorTransform: (u) => u.map((v) => 10 * v - 5),
      logLikelihood: (x) => -0.5 * (x[0] ** 2 + x[1] ** 2),
      nDim: 2,
      nParticles: 64,
      randomState: 7,
    });
    for (let i = 0; i < 3; i++) await sampler.sample();
    const path = join(dir, 'a.state');
    await sampler.saveState(path);
    const info = await readStateInfo(path);
    expect(info).toMatchObject({ iteration: 3, beta: sampler.beta, calls: sampler.calls, logz: sampler.logz, nParticles: 64, nDim: 2, seed: 7, blobs: false });
    expect(info.storedParticles).toBe(3 * 64);
    expect(info.options).toMatchObject({ nParticles: 64, sample: 'tpcn' });
  });

  it('rejects a file that is not a state file, naming it', async () => {
    const path = join(dir, 'not.state');
    writeFileSync(path, 'hello world, this is text');
    await expect(readStateInfo(path)).rejects.toThrow(/not\.state is not a usable Tempest state file/);
    await expect(readStateInfo(join(dir, 'missing.state'))).rejects.toThrow(/Cannot read the state file/);
  });
});
