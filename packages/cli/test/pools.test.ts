// --pool threads:2, processes:2 and (with mpirun) mpi give the serial run's results bit for bit:
// the sampler draws every random number on the master and the pools only evaluate likelihoods.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../tools/run-command.js';
import { fixture, nodeArgs, runCli, tempDir } from './run-cli.js';

const args = ['--seed', '4', '--n-total', '1000', '--no-plots', '--quiet'];
const samples = (dir: string) => readFileSync(join(dir, 'samples.csv'), 'utf8');
const haveMpirun = spawnSync('mpirun', ['--version'], { stdio: 'ignore' }).status === 0;

/** Processes whose command line mentions `text` (e.g. a test's unique output folder). */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

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

  it('--pool serial (one worker thread) gives the results of --pool main (the main thread), bit for bit', async () => {
    const dir = tempDir();
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', dir, '--pool', 'main', ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect((await serial).code).toBe(0);
    expect(samples(dir)).toBe(samples(serialDir));
  });

  it.each([
    ['its logLikelihoodArgs cannot be copied to a thread', 'function-args.mjs', /because its logLikelihoodArgs cannot be copied to a worker thread \(logLikelihoodArgs\[0\]\.square is a function.*\)/],
    ['it cannot be imported in a thread', 'main-thread-only.mjs', /because \S+main-thread-only\.mjs cannot be imported in a worker thread \(this model only loads on the main thread\)/],
  ])('--pool serial runs a model on the main thread when %s, says why, and refuses --task-timeout for it', async (_why, model, reason) => {
    const [viaSerial, viaMain, withTimeout] = await Promise.all([
      runCli(['run', fixture(model), '--out', tempDir(), '--seed', '4', '--n-total', '1000', '--no-plots', '--no-progress', '--json']),
      runCli(['run', fixture(model), '--out', tempDir(), '--seed', '4', '--n-total', '1000', '--no-plots', '--quiet', '--json', '--pool', 'main']),
      runCli(['run', fixture(model), '--out', tempDir(), '--task-timeout', '1']),
    ]);
    expect(viaSerial.code, viaSerial.stderr).toBe(0);
    expect(viaSerial.stderr).toMatch(new RegExp(`^tempest: note: the likelihood runs on the main thread, ${reason.source}; Ctrl-C and SIGTERM then act between likelihood calls[^\\n]*--pool processes:1[^\\n]*\\n$`));
    expect(JSON.parse(viaSerial.stdout).logz).toBe(JSON.parse(viaMain.stdout).logz);
    expect(withTimeout.code).toBe(2);
    expect(withTimeout.stderr).toMatch(new RegExp(`^tempest: --task-timeout needs the likelihood on a worker thread \\(where --pool serial runs it\\), but ${reason.source.replace(/^because /, '')}\\. Use --pool processes:1`));
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

  it.skipIf(!haveMpirun)('--pool mpi --task-timeout: a worker rank stuck in the likelihood fails the run with TASK_TIMEOUT; rank 0 saves it, the job is aborted, and no rank is left', async () => {
    const dir = tempDir();
    const argv = ['--allow-run-as-root', '--oversubscribe', '-n', '3', process.execPath, ...nodeArgs, 'run', fixture('throws-later.mjs'), '--out', dir, '--pool', 'mpi', '--seed', '5', '--no-progress', '--task-timeout', '0.2'];
    const env = { ...process.env, OMPI_MCA_hwloc_base_binding_policy: 'none', OMPI_MCA_btl_base_warn_component_unused: '0', TEMPEST_TEST_FAILURE: 'hang' };
    let stderr = '';
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('mpirun', argv, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 90_000);
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(Date.now() - started, stderr).toBeLessThan(60_000);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/tempest: Task \d+ did not finish within 200 ms \(taskTimeout 200 ms per task\) in MPI rank \d\./);
    const match = /The run up to iteration (\d+) is saved in (\S+\.state); continue with: tempest resume \S+/.exec(stderr);
    expect(match, stderr).not.toBeNull();
    expect(match![2]).toBe(join(dir, 'states', `ps_${match![1]}.state`));
    expect(existsSync(match![2])).toBe(true);
    // Every rank is gone, the stuck one included (MPI_Abort after the save).
    const deadline = Date.now() + 5000;
    while (processesMentioning(dir).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(processesMentioning(dir)).toEqual([]);
  }, 100_000);
});
