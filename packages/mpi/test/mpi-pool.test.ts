import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, haveMpirun, jsonLines, mpiEnv, mpirun, nodeArgs, packageDir } from './run-mpi.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

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

  it('taskTimeout: loading the function does not count; a task past it fails with TASK_TIMEOUT naming that task within its chunk, its rank gets no more tasks, and the job ends with MPI_Abort after close()', async () => {
    const job = await mpirun(3, 'timeout-job.ts', [], 30_000);
    expect(job.timedOut, job.stderr).toBe(false);
    const [r] = jsonLines(job.stdout);
    expect(r.slowImport).toEqual([3, 6, 9, 12]); // loading the function is not charged to its first chunk
    // Task 4 is the second of its chunk (3–5): the rank's own watchdog times it alone.
    expect(r.timeout).toMatchObject({ code: 'TASK_TIMEOUT', index: 4, tasks: [4, 4], value: 300 });
    expect(r.timeout.message).toMatch(/^Task 4 did not finish within 300 ms \(taskTimeout 300 ms per task\) in MPI rank \d\. An MPI rank cannot be stopped on its own/);
    expect(r.timeout.ms).toBeLessThan(5000);
    expect(r.after).toEqual([10, 20, 30, 40]);
    // The master exited with code 0, but a rank is still spinning: the job is aborted, not finalized (which would hang).
    expect(job.code).not.toBe(0);
    expect(job.stderr).toMatch(/this rank exited while worker rank \d of an MPIPool was still running a task past taskTimeout; calling MPI_Abort/);
    expect(job.ms).toBeLessThan(20_000);
  });

  it.each([
    ['the master (rank 0)', 'master'],
    ['mpirun itself', 'mpirun'],
  ])('leaves no rank behind when %s is SIGKILLed while the worker ranks hang in a task', async (_what, victim) => {
    // OpenMPI tears the job down itself when rank 0 dies, and its ranks notice a lost mpirun; the
    // ranks' own watchdog thread (orphan-watch.ts) covers launchers that do not (see its test).
    const job = spawn('mpirun', ['-n', '3', ...nodeArgs(fixture('hung-worker.ts'))], { cwd: packageDir, env: mpiEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let pids: number[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the job did not start its hung tasks: ${out}`)), 30_000);
        job.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const lines = jsonLines(out);
          if (lines.filter((l) => l.pid !== undefined).length === 3 && lines.filter((l) => l.hung !== undefined).length === 2) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const ranks = jsonLines(out).filter((l) => l.pid !== undefined);
      pids = ranks.map((l) => l.pid as number);
      await new Promise((r) => setTimeout(r, 300)); // the workers are spinning
      expect(pids.every(alive)).toBe(true);
      process.kill(victim === 'master' ? ranks.find((l) => l.rank === 0).pid : job.pid!, 'SIGKILL');
      const started = Date.now();
      while (pids.some(alive) && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 100));
      expect(pids.filter(alive)).toEqual([]);
    } finally {
      try {
        process.kill(-job.pid!, 'SIGKILL');
      } catch {
        // the group is gone
      }
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 60_000);
});
