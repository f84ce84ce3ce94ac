import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haveMpirun, mpiEnv, nodeArgs, runJob } from './run-mpi.js';

// The conformance suite of @tempest/pool, run against MPIPool inside a real 3-rank job: rank 0 is
// a vitest process (the suite needs vitest), ranks 1-2 serve pools (conformance/workers.ts).
describe.skipIf(!haveMpirun())('MPIPool and the @tempest/pool conformance suite', () => {
  it('passes every conformance test inside mpirun -n 3', async () => {
    const vitest = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url));
    const config = fileURLToPath(new URL('./conformance/vitest.config.ts', import.meta.url));
    const workers = fileURLToPath(new URL('./conformance/workers.ts', import.meta.url));
    const env = Object.fromEntries(Object.entries(mpiEnv()).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST'));
    const job = await runJob(
      ['mpirun', '-n', '1', process.execPath, vitest, 'run', '--config', config, '--reporter=verbose', ':', '-n', '2', ...nodeArgs(workers)],
      90_000,
      { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    );
    expect(job.timedOut, job.stdout + job.stderr).toBe(false);
    expect(job.code, job.stdout + job.stderr).toBe(0);
    // The suite grows as @tempest/pool adds tests: every test it has must pass.
    const summary = [...job.stdout.matchAll(/Tests\s+(\d+) passed \((\d+)\)/g)].at(-1);
    expect(summary, job.stdout).toBeDefined();
    expect(Number(summary![1])).toBe(Number(summary![2]));
    expect(Number(summary![1])).toBeGreaterThanOrEqual(11);
    expect(job.stdout).not.toMatch(/\d+ failed/);
  }, 100_000);
});
