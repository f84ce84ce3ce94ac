// --pool threads:2, processes:2 and (with mpirun) mpi give the serial run's results bit for bit:
// the sampler draws every random number on the master and the pools only evaluate likelihoods.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../tools/run-command.js';
import { fixture, nodeArgs, runCli, tempDir } from './run-cli.js';

const args = ['--seed', '4', '--n-total', '1000', '--no-plots', '--quiet'];
const samples = (dir: string) => readFileSync(join(dir, 'samples.csv'), 'utf8');
const haveMpirun = spawnSync('mpirun', ['--version'], { stdio: 'ignore' }).status === 0;

describe('pools give the serial results', () => {
  const serialDir = tempDir();
  const serial = runCli(['run', fixture('gaussian-2d.ts'), '--out', serialDir, ...args]);

  it.each(['threads:2', 'processes:2'])('--pool %s (TypeScript model)', async (pool) => {
    const dir = tempDir();
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', dir, '--pool', pool, ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect((await serial).code).toBe(0);
    expect(samples(dir)).toBe(samples(serialDir));
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).pool).toBe(pool);
  });

  it.skipIf(!haveMpirun)('--pool mpi under mpirun -n 3 (rank 0 samples, ranks 1-2 serve)', async () => {
    const dir = tempDir();
    const argv = ['--allow-run-as-root', '--oversubscribe', '-n', '3', process.execPath, ...nodeArgs, 'run', fixture('gaussian-2d.ts'), '--out', dir, '--pool', 'mpi', ...args];
    const env = { ...process.env, OMPI_MCA_hwloc_base_binding_policy: 'none', OMPI_MCA_btl_base_warn_component_unused: '0' };
    // Own process group, killed as a whole afterwards (or if the job hangs), so no rank outlives the test.
    const job = await runCommand('mpirun', argv, { cwd: process.cwd(), env, timeoutMs: 60_000 });
    expect(job.code, job.stderr).toBe(0);
    expect((await serial).code).toBe(0);
    expect(samples(dir)).toBe(samples(serialDir));
  });

  it.skipIf(!haveMpirun)('Ctrl-C on mpirun: the master saves the last complete iteration before the job is killed', async () => {
    // OpenMPI's mpirun passes Ctrl-C on as SIGCONT, then SIGTERM about a second later and SIGKILL
    // after that; but it sometimes exits right after the SIGCONT and the runtime kills the ranks
    // (then rank 0's message is lost with mpirun's output). The master checkpoints on SIGCONT under
    // MPI and saves again on SIGTERM; the workers leave signals to it.
    const dir = tempDir();
    const argv = ['--allow-run-as-root', '--oversubscribe', '-n', '3', process.execPath, ...nodeArgs, 'run', fixture('slow-gaussian.ts'), '--out', dir, '--pool', 'mpi', '--seed', '4', '--n-total', '100000', '--no-plots'];
    const env = { ...process.env, OMPI_MCA_hwloc_base_binding_policy: 'none', OMPI_MCA_btl_base_warn_component_unused: '0' };
    let stderr = '';
    await new Promise<void>((resolve) => {
      const child = spawn('mpirun', argv, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
      let sent = false;
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (!sent && stderr.includes('iter 3 ')) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const path = join(dir, 'states', 'ps_interrupted.state');
    expect(existsSync(path), stderr).toBe(true);
    const info = await runCli(['info', path, '--json']);
    expect(info.code, info.stderr).toBe(0);
    const saved = JSON.parse(info.stdout).iteration as number;
    expect(saved).toBeGreaterThanOrEqual(3);
    const match = /tempest: interrupted at iteration (\d+); state saved in (\S+\.state)\./.exec(stderr);
    if (match !== null) expect(saved).toBe(Number(match[1]));
  });

  it('--pool mpi outside mpirun is a usage error that says how to start it', async () => {
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', tempDir(), '--pool', 'mpi', ...args]);
    expect(r.code).toBe(2);
    // Without the MPI addon the error says how to build it instead; either way one line.
    expect(r.stderr).toMatch(/^tempest: (--pool mpi needs more than one MPI process; start the command under MPI, e\.g\. `mpirun -n 4 tempest run|.*MPI)[^\n]*\n$/);
  });

  it('a model whose exports are fields of a default export runs on a pool too', async () => {
    // Workers reach the likelihood through the CLI's model proxy, which looks in both places.
    const serialDefault = tempDir();
    const threads = tempDir();
    const [a, b] = await Promise.all([
      runCli(['run', fixture('default-export.mjs'), '--out', serialDefault, ...args]),
      runCli(['run', fixture('default-export.mjs'), '--out', threads, '--pool', 'threads:2', ...args]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(samples(threads)).toBe(samples(serialDefault));
  });
});
