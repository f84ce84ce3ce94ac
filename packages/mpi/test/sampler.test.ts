import { Sampler } from '@tempest/core';
import { describe, expect, it } from 'vitest';
import { fingerprint, nTotal, settings } from './fixtures/model.js';
import { haveMpirun, jsonLines, mpirun } from './run-mpi.js';

describe.skipIf(!haveMpirun())('a full sampler run under MPIPool', () => {
  it('is bit-identical to the serial run with the same seed, at 2 and 4 ranks', async () => {
    const serial = new Sampler({ ...settings });
    await serial.run({ nTotal });
    const expected = fingerprint(serial);
    for (const ranks of [2, 4]) {
      const job = await mpirun(ranks, 'sampler-job.ts', [], 60_000);
      expect(job.code, job.stderr).toBe(0);
      const [r] = jsonLines(job.stdout);
      expect(r).toEqual({ workers: ranks - 1, ...expected });
    }
  });
});
