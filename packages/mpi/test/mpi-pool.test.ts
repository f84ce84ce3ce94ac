import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haveMpirun, jsonLines, mpirun } from './run-mpi.js';

// Real jobs: every test launches mpirun with a hard timeout that kills the whole process group.
const skip = !haveMpirun();
if (skip) console.warn('\n*** @tempest/mpi: mpirun not found; MPI job tests SKIPPED (install OpenMPI: bash tools/ci/install-mpi.sh) ***\n');

describe.skipIf(skip)('MPIPool in real mpirun jobs', () => {
  it.each([2, 3, 4])('maps at %i ranks: results in order, event loop alive, idle ranks do not spin', async (ranks) => {
    const job = await mpirun(ranks, 'map-job.ts');
    expect(job.timedOut, job.stderr).toBe(false);
    expect(job.code, job.stderr).toBe(0);
    const lines = jsonLines(job.stdout);
    const master = lines.find((l) => l.role === 'master');
    const workers = lines.filter((l) => l.role === 'worker');
    expect(master).toMatchObject({ rank: 0, size: ranks - 1, squaresOk: true, sumsOk: true, objectsOk: true });
    // A 10 ms interval during a map of ~200 ms of work per worker: a blocked loop would tick 0-1 times.
    expect(master.ticks).toBeGreaterThanOrEqual(Math.floor(master.slowMs / 10 / 3));
    // The master idles 1 s with no map running: essentially no CPU.
    expect(master.idleCpuMs).toBeLessThan(100);
    expect(workers.map((w) => w.rank).sort()).toEqual(Array.from({ length: ranks - 1 }, (_, i) => i + 1));
    // Each worker ran ~200 ms of tasks, then waited ~1 s: spinning would cost > 1 s of CPU.
    for (const w of workers) expect(w.cpuMs).toBeLessThan(0.6 * w.wallMs);
  });

  it('rejects a throwing task with TASK_FAILED naming the task index, and stays usable', async () => {
    const job = await mpirun(3, 'throwing-task.ts');
    expect(job.code, job.stderr).toBe(0);
    const [r] = jsonLines(job.stdout);
    expect(r).toMatchObject({ code: 'TASK_FAILED', index: 13, causeName: 'RangeError', afterOk: true });
    expect(r.message).toMatch(/^Task 13 failed in MPI rank \d: RangeError: bad parameter in task 13/);
    expect(r.causeStack).toContain('bad parameter in task 13');
  });

  it('with shipCode: false, sends functions by reference only and refuses code', async () => {
    const job = await mpirun(2, 'ship-reference.ts');
    expect(job.code, job.stderr).toBe(0);
    const [r] = jsonLines(job.stdout);
    expect(r.byReference).toEqual([3, 6, 9]);
    expect(r.refused.code).toBe('INVALID_ARGUMENT');
    expect(r.refused.message).toContain('shipCode: false');
  });

  it('a worker rank started with shipCode: false refuses code its master sends, and references to execSync or vm.runInThisContext', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tempest-mpi-receiving-'));
    try {
      const job = await mpirun(2, 'receiving-side.ts', [folder]);
      expect(job.code, job.stderr).toBe(0);
      const lines = jsonLines(job.stdout);
      const noCode = lines.find((l) => l.role === 'no-code');
      expect(noCode.code).toMatchObject({ code: 'TASK_FAILED', causeCode: 'CODE_NOT_ALLOWED' });
      expect(noCode.execSync).toMatchObject({ code: 'TASK_FAILED', causeCode: 'REFERENCE_NOT_ALLOWED' });
      expect(noCode.vm).toMatchObject({ code: 'TASK_FAILED', causeCode: 'REFERENCE_NOT_ALLOWED' });
      expect(noCode.reference).toEqual({ value: [3, 6, 9] });
      expect(noCode.ran).toEqual([]);
      // The same code runs on ranks that accept code: the refusal above is the rank's decision.
      expect(lines.find((l) => l.role === 'control')).toEqual({ role: 'control', code: { value: ['ran'] }, ran: true });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('runs two independent pools on a split communicator', async () => {
    const job = await mpirun(4, 'split.ts');
    expect(job.code, job.stderr).toBe(0);
    const lines = jsonLines(job.stdout).sort((a, b) => a.color - b.color);
    expect(lines).toEqual([
      { color: 0, worldRank: 0, commRank: 0, commSize: 2, size: 1, ok: true },
      { color: 1, worldRank: 1, commRank: 0, commSize: 2, size: 1, ok: true },
    ]);
  });

  it('refuses to run with only one process, with the mpiexec hint', async () => {
    // Without mpirun, MPI starts as a singleton of one process.
    const { runJob, nodeArgs, fixture } = await import('./run-mpi.js');
    const job = await runJob(nodeArgs(fixture('one-process.ts')), 30_000);
    expect(job.code, job.stderr).toBe(0);
    const [r] = jsonLines(job.stdout);
    expect(r.isTempestError).toBe(true);
    expect(r.code).toBe('INVALID_CONFIGURATION');
    expect(r.message).toContain('Tried to create MPI pool with only one process');
    expect(r.message).toContain('mpiexec -n N` with N > 1');
  });

  it.each([
    ['sigkill', 'a worker killed by SIGKILL mid-run'],
    ['exit', 'a worker task calling process.exit(0)'],
    ['master-throw', 'an uncaught error on the master'],
    ['no-close', 'a master that never closes the pool'],
  ])('ends the job non-zero, without hanging, on %s (%s)', async (mode) => {
    const job = await mpirun(3, 'failing-job.ts', [mode], 30_000);
    expect(job.timedOut).toBe(false);
    expect(job.code).not.toBe(0);
    expect(job.ms).toBeLessThan(20_000);
    if (mode === 'master-throw') expect(job.stderr).toContain('the master failed on purpose');
    if (mode === 'no-close') expect(job.stderr).toContain('pool.close() was not called');
  });
});
