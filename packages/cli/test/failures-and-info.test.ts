// A likelihood that throws mid-run, a pool that fails, a full disk: exit 1, one line naming the
// saved state file (or the last one saved) and the resume command; and `tempest info` on that
// state file and on a summary.json.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { finish, fixture, runCli, startCli, tempDir } from './run-cli.js';

describe('a model error at run time', () => {
  it.each([[[] as string[]], [['--save-every', '2']]])('exits 1 and names the state file to resume from (%j)', async (extra) => {
    const out = tempDir();
    const r = await runCli(['run', fixture('throws-later.mjs'), '--out', out, '--seed', '5', '--no-progress', ...extra]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const match = /^tempest: logLikelihood threw at x = \[.*\] \(iteration (\d+)\): detector table not found\. The run up to iteration (\d+) is saved in (\S+\.state); fix the model and continue with: tempest resume \S+$/.exec(lines[0]);
    expect(match, lines[0]).not.toBeNull();
    expect(Number(match![2])).toBe(Number(match![1]) - 1);
    expect(match![3]).toBe(join(out, 'states', `ps_${match![2]}.state`));
    expect(existsSync(match![3])).toBe(true);

    // info reads it as data (no model is imported: the model would throw here).
    const info = await runCli(['info', match![3], '--json']);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ iteration: Number(match![2]), nDim: 2, nParticles: 128, seed: 5 });
    const text = await runCli(['info', match![3]]);
    expect(text.code).toBe(0);
    for (const label of ['iteration', 'beta', 'calls', 'log Z', 'particles', 'nDim', 'seed', 'options']) expect(text.stdout).toMatch(new RegExp(`^${label} `, 'm'));
  });
});

describe('a pool failure at run time saves the run', () => {
  // The worker's process dies (exit 7), or its likelihood never returns and --task-timeout stops
  // it: the model may be fine, so the advice is to continue, and the state of the last complete
  // iteration is saved and named.
  it.each([
    ['a worker that dies', 'exit', [] as string[], /worker process[^]*exit/i],
    ['a likelihood that hangs', 'hang', ['--task-timeout', '0.05'], /did not finish within \d+ ms \(taskTimeout 50 ms per task\)/],
  ])('%s: exits 1, names the saved state and the resume command', async (_what, failure, extra, reason) => {
    const out = tempDir();
    const r = await runCli(['run', fixture('throws-later.mjs'), '--out', out, '--seed', '5', '--no-progress', '--pool', 'processes:1', ...extra], { TEMPEST_TEST_FAILURE: failure });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
    const match = /The run up to iteration (\d+) is saved in (\S+\.state); continue with: tempest resume \S+$/.exec(lines[0]);
    expect(match, lines[0]).not.toBeNull();
    expect(match![2]).toBe(join(out, 'states', `ps_${match![1]}.state`));
    expect(existsSync(match![2])).toBe(true);
    const info = await runCli(['info', match![2], '--json']);
    expect(JSON.parse(info.stdout)).toMatchObject({ iteration: Number(match![1]) });
  }, 60_000);

  // --pool serial runs the likelihood on a worker thread of its own, which --task-timeout can stop:
  // a call stuck in a loop, or a promise that never settles while something keeps its thread busy.
  it.each([
    ['a likelihood that hangs', 'hang'],
    ['a promise that never settles while a timer runs', 'stall'],
  ])('--pool serial with --task-timeout: %s fails with TASK_TIMEOUT, saved', async (_what, failure) => {
    const out = tempDir();
    const r = await runCli(['run', fixture('throws-later.mjs'), '--out', out, '--seed', '5', '--no-progress', '--task-timeout', '0.05'], { TEMPEST_TEST_FAILURE: failure });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/did not finish within \d+ ms \(taskTimeout 50 ms per task\) in worker thread/);
    const match = /The run up to iteration (\d+) is saved in (\S+\.state); continue with: tempest resume \S+$/.exec(lines[0]);
    expect(match, lines[0]).not.toBeNull();
    expect(existsSync(match![2])).toBe(true);
  }, 60_000);

  it('--task-timeout cannot apply to --pool main, where nothing can stop a call', async () => {
    const r = await runCli(['run', fixture('gaussian-2d.mjs'), '--out', tempDir(), '--task-timeout', '2', '--pool', 'main']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tempest: --task-timeout cannot apply to --pool main[^\n]*--pool serial[^\n]*\n$/);
  });

  it('when the save fails too (as on a full disk), names the last state saved before', async () => {
    // The same seeded run fails at the same iteration; a link planted at the file the failure
    // would be saved to makes that save fail, and --save-every 3 has saved an earlier iteration.
    const first = tempDir();
    const r1 = await runCli(['run', fixture('throws-later.mjs'), '--out', first, '--seed', '5', '--no-progress']);
    const savedAt = Number(/saved in \S+ps_(\d+)\.state/.exec(r1.stderr)![1]);
    const lastCheckpoint = 3 * Math.floor((savedAt - 1) / 3);
    expect(lastCheckpoint).toBeGreaterThanOrEqual(3);
    const out = tempDir();
    mkdirSync(join(out, 'states'), { recursive: true });
    symlinkSync(join(out, 'elsewhere'), join(out, 'states', `ps_${savedAt}.state`));
    const r = await runCli(['run', fixture('throws-later.mjs'), '--out', out, '--seed', '5', '--no-progress', '--save-every', '3']);
    expect(r.code).toBe(1);
    const line = r.stderr.trimEnd();
    expect(line).toMatch(/^tempest: logLikelihood threw [^]*detector table not found\. Saving the run failed too \([^)]*symbolic link[^]*\)\. The last state saved is (\S+) \(iteration \d+\); fix the model and continue with: tempest resume \S+$/);
    const [, last, iteration] = /The last state saved is (\S+) \(iteration (\d+)\);/.exec(line)!;
    expect(last).toBe(join(out, 'states', `ps_${lastCheckpoint}.state`));
    expect(Number(iteration)).toBe(lastCheckpoint);
    expect(existsSync(last)).toBe(true);
    expect(existsSync(join(out, 'elsewhere'))).toBe(false);
  });
});

// A real full disk: a small tmpfs mounted as the --out folder (root with CAP_SYS_ADMIN on Linux;
// elsewhere these tests are skipped). gaussian-2d.mjs stores 128 particles of 16·2 + 32 bytes per
// iteration, so its state file grows by about 8.4 kB an iteration (10 kB after the first, 338 kB
// after the 40th and last of seed 3); samples.csv is about 340 kB.
describe('a full disk', () => {
  /** Mounts a tmpfs of `size` at a fresh folder; undefined where mounting is not permitted. */
  const mountTmpfs = (size: string): string | undefined => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
    const dir = tempDir('tempest-full-disk-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
      return dir;
    } catch {
      rmSync(dir, { recursive: true, force: true });
      return undefined;
    }
  };
  const mounted: string[] = [];
  const disk = (size: string): string => {
    const dir = mountTmpfs(size);
    if (dir === undefined) throw new Error(`could not mount a tmpfs of ${size}`);
    mounted.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of mounted.splice(0)) {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  // Decided while the tests are collected, before any hook runs (skipIf needs it then).
  const probe = mountTmpfs('16k');
  if (probe !== undefined) {
    execFileSync('umount', [probe]);
    rmSync(probe, { recursive: true, force: true });
  }
  const cannotMount = probe === undefined;
  /** Every temporary file (`<name>.tmp-<pid>-<hex>`) under a folder. */
  const temporaries = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.tmp-\d+-[0-9a-f]{8}$/.test(name));

  it.skipIf(cannotMount)('a --save-every checkpoint that hits ENOSPC: exits 1 naming the last state saved (whole, resumable) and the resume command; no temporary file left', async () => {
    // 256 kB holds the three newest checkpoints (--keep-states' default) and the next one's
    // temporary file for the first eight or so iterations, not for the rest of the 40.
    const out = disk('256k');
    const r = await runCli(['run', fixture('gaussian-2d.mjs'), '--out', out, '--seed', '3', '--no-progress', '--no-plots', '--save-every', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const match = /^tempest: saving the state of iteration (\d+) to (\S+) failed: ENOSPC: no space left on device, write\. The last state saved is (\S+) \(iteration (\d+)\); free some space, then continue with: tempest resume (\S+)$/.exec(lines[0]);
    expect(match, lines[0]).not.toBeNull();
    const [, failedAt, failedPath, last, lastAt, resumeArg] = match!;
    const states = join(out, 'states');
    expect(Number(lastAt)).toBeGreaterThanOrEqual(1);
    expect(Number(failedAt)).toBe(Number(lastAt) + 1);
    expect(failedPath).toBe(join(states, `ps_${failedAt}.state`));
    expect(existsSync(failedPath)).toBe(false);
    expect(last).toBe(join(states, `ps_${lastAt}.state`));
    expect(resumeArg).toBe(last);
    expect(temporaries(out)).toEqual([]);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);

    const info = await runCli(['info', last, '--json']);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ iteration: Number(lastAt), nDim: 2, nParticles: 128, seed: 3 });
    // And the command named works, once there is room: the run folder moved to a disk with space.
    const roomy = tempDir();
    cpSync(out, roomy, { recursive: true });
    const resumed = await runCli(['resume', join(roomy, 'states', `ps_${lastAt}.state`), '--quiet', '--no-plots']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(existsSync(join(roomy, 'summary.json'))).toBe(true);
  }, 60_000);

  it.skipIf(cannotMount)('outputs that hit ENOSPC after the run: exits 1 naming the file, the finished run\'s state and the command that writes them', async () => {
    // 768 kB holds run.json, the final state (~580 kB with its closing sample) and summary.json, but then not samples.csv (~670 kB).
    const out = disk('768k');
    const r = await runCli(['run', fixture('gaussian-2d.mjs'), '--out', out, '--seed', '3', '--no-progress', '--no-plots', '--save-every', '1000']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const match = /^tempest: the run finished, but writing (\S+) failed: ENOSPC: no space left on device, write\. The finished run is saved in (\S+); free some space, then write the outputs with: tempest resume (\S+)$/.exec(lines[0]);
    expect(match, lines[0]).not.toBeNull();
    const [, failedPath, saved, resumeArg] = match!;
    expect(failedPath).toBe(join(out, 'samples.csv'));
    expect(existsSync(failedPath)).toBe(false);
    expect(saved).toBe(join(out, 'states', 'ps_final.state'));
    expect(resumeArg).toBe(saved);
    expect(temporaries(out)).toEqual([]);
    const info = await runCli(['info', saved, '--json']);
    expect(info.code, info.stderr).toBe(0);
    const state = JSON.parse(info.stdout);
    expect(state).toMatchObject({ nDim: 2, seed: 3, nTotal: 4096 });
    expect(state.ess).toBeGreaterThanOrEqual(4096);
  }, 60_000);
});

describe('a serial likelihood that never returns', () => {
  it('Ctrl-C saves the last complete iteration, names the file and the resume command, and exits 130', async () => {
    // Serially the likelihood runs on a worker thread, so the main thread still hears the signal.
    const out = tempDir();
    const child = startCli(['run', fixture('throws-later.mjs'), '--out', out, '--seed', '5'], { TEMPEST_TEST_FAILURE: 'hang' });
    let stderr = '';
    let quietSince = Date.now();
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      quietSince = Date.now();
    });
    // Hung: progress lines have stopped for a second and a half.
    const started = Date.now();
    while (!(stderr.includes('iter ') && Date.now() - quietSince > 1500) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 100));
    expect(stderr).toContain('iter ');
    child.kill('SIGINT');
    const r = await finish(child, 15_000);
    expect(r.signal, 'the signal was not handled: the process was killed').toBeNull();
    expect(r.code).toBe(130);
    const all = stderr + r.stderr;
    const match = /tempest: interrupted at iteration (\d+); state saved in (\S+\.state)\. Continue with: tempest resume (\S+)/.exec(all);
    expect(match, all).not.toBeNull();
    expect(match![2]).toBe(join(out, 'states', 'ps_interrupted.state'));
    expect(existsSync(match![2])).toBe(true);
    const printed = [...all.matchAll(/^iter (\d+) /gm)].map((m) => Number(m[1]));
    expect(Number(match![1])).toBe(printed.at(-1));
    const info = await runCli(['info', match![2], '--json']);
    expect(JSON.parse(info.stdout)).toMatchObject({ iteration: Number(match![1]) });
  }, 60_000);
});

describe('a promise that never settles', () => {
  // Node would end the process with exit code 13 and no message (on the main thread), or wait
  // forever (on the worker thread): the run fails instead, names the likelihood and the fix, and is saved.
  it.each([[[] as string[]], [['--pool', 'main']], [['--pool', 'threads:2']]])('from logLikelihood: exits 1 with the fix and the saved state (%j)', async (extra) => {
    const out = tempDir();
    const r = await runCli(['run', fixture('throws-later.mjs'), '--out', out, '--seed', '5', '--no-progress', ...extra], { TEMPEST_TEST_FAILURE: 'never' });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tempest: logLikelihood returned a promise that never settled at x = \[.*\] \(iteration \d+\): [^]*Make every promise logLikelihood returns resolve or reject[^]*The run up to iteration \d+ is saved in \S+\.state; fix the model and continue with: tempest resume \S+$/);
    expect(existsSync(/saved in (\S+\.state);/.exec(lines[0])![1])).toBe(true);
  }, 60_000);

  it('in the model file\'s top-level await: exits 1 and says what happened', async () => {
    const r = await runCli(['run', fixture('throws-later.mjs'), '--out', tempDir(), '--no-progress'], { TEMPEST_TEST_FAILURE: 'import' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tempest: the command stopped before it finished: it was waiting for a promise that can never settle [^\n]*top-level await[^\n]*\n$/);
  }, 60_000);
});

describe('tempest info', () => {
  it('prints a summary.json as the table, or as JSON', async () => {
    const out = tempDir();
    const run = await runCli(['run', fixture('gaussian-2d.mjs'), '--out', out, '--quiet', '--no-plots', '--n-total', '600', '--seed', '2']);
    expect(run.code, run.stderr).toBe(0);
    const summaryPath = join(out, 'summary.json');
    const text = await runCli(['info', summaryPath]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/log Z = -?\d+\.\d{3} ± \d+\.\d{3}/);
    expect(text.stdout).toMatch(/^x0 /m);
    const json = await runCli(['info', summaryPath, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(readFileSync(summaryPath, 'utf8')));
  });

  it('rejects other files with exit 2 and one line', async () => {
    const dir = tempDir();
    const other = join(dir, 'notes.txt');
    writeFileSync(other, 'not a state file');
    for (const path of [other, join(dir, 'missing.state')]) {
      const r = await runCli(['info', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^tempest: [^\n]+\n$/);
    }
  });

  it('given a run folder, prints its summary.json; a folder without one says so and names its latest state file', async () => {
    const out = tempDir();
    const run = await runCli(['run', fixture('gaussian-2d.mjs'), '--out', out, '--quiet', '--no-plots', '--n-total', '600', '--seed', '2', '--save-every', '4']);
    expect(run.code, run.stderr).toBe(0);
    const folder = await runCli(['info', out]);
    expect(folder.code, folder.stderr).toBe(0);
    expect(folder.stdout).toBe((await runCli(['info', join(out, 'summary.json')])).stdout);

    rmSync(join(out, 'summary.json'));
    const none = await runCli(['info', out]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^tempest: \S+ is a folder without a summary\.json \(tempest run writes one there when a run finishes\); describe its latest state file instead: tempest info \S+\.state\.\n$/);
    const empty = await runCli(['info', tempDir()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^tempest: \S+ is a folder without a summary\.json [^\n]*\n$/);
  });

  it('for a finished state file, adds the log Z error, the posterior ESS against the target and the model', async () => {
    const out = tempDir();
    const run = await runCli(['run', fixture('gaussian-2d.mjs'), '--out', out, '--no-plots', '--n-total', '600', '--seed', '2', '--save-every', '4', '--json', '--no-progress']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    const final = join(out, 'states', 'ps_final.state');
    const json = JSON.parse((await runCli(['info', final, '--json'])).stdout);
    // The same sampler quantities the run reported (summary.json's ess uses trimmed weights, so only the error is compared exactly).
    expect(json.logz).toBeCloseTo(summary.logz, 12);
    expect(json.logzErr).toBeCloseTo(summary.logzErr, 12);
    expect(json).toMatchObject({ nTotal: 600, model: fixture('gaussian-2d.mjs') });
    expect(json.ess).toBeGreaterThanOrEqual(600);
    const text = (await runCli(['info', final])).stdout;
    expect(text).toMatch(new RegExp(`^log Z        -?\\d+\\.\\d{4} ± \\d+\\.\\d{4} \\(at beta 1\\)$`, 'm'));
    expect(text).toMatch(/^ESS          [\d,]+ at beta 1 \(target 600, reached\)$/m);
    expect(text).toMatch(/^model        \S+gaussian-2d\.mjs$/m);
    // Before beta reaches 1 there is no posterior ESS yet; the target is still shown.
    const early = (await runCli(['info', join(out, 'states', 'ps_4.state')])).stdout;
    expect(early).toMatch(/^ESS          counted once beta reaches 1 \(target 600\)$/m);
    expect(early).not.toMatch(/±/);
  });
});

