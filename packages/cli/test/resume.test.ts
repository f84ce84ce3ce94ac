// Checkpoints: a run resumed from one of its --save-every state files, or from the state file
// Ctrl-C or SIGTERM leaves, finishes with the same results as a run never stopped. The core guarantees
// that resuming continues bit for bit (packages/core/test/checkpoint-kill.test.ts), so the
// comparison is exact: same log Z, same samples.csv bytes.
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sampler } from '@tempest/core';
import { describe, expect, it } from 'vitest';
import { finish, fixture, runCli, startCli, tempDir } from './run-cli.js';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const common = ['--n-total', '1000', '--seed', '21', '--no-plots'];

/** Runs the slow model into `out` and sends `signal` `delayMs` after `marker` appears on stderr. */
async function interruptedRun(out: string, marker: string, signal: NodeJS.Signals, delayMs: number) {
  const child = startCli(['run', fixture('slow-gaussian.ts'), '--out', out, ...common]);
  let sent = false;
  child.stderr!.on('data', (chunk: Buffer) => {
    if (!sent && chunk.toString().includes(marker)) {
      sent = true;
      setTimeout(() => child.kill(signal), delayMs);
    }
  });
  const result = await finish(child);
  expect(sent, `${marker.trim()} never appeared`).toBe(true);
  return result;
}

/** The last progress line's iteration: none may complete after the signal is taken. */
function lastPrintedIteration(stderr: string): number {
  const printed = [...stderr.matchAll(/^iter (\d+) /gm)].map((m) => Number(m[1]));
  return printed.at(-1) ?? 0;
}

describe('--save-every and tempest resume', () => {
  it('resuming from a middle state file gives the uninterrupted run, bit for bit', async () => {
    const full = tempDir();
    // Every numbered file kept (the default keeps the newest 3): the test resumes from an early one.
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', full, '--save-every', '3', '--keep-states', '1000', '--quiet', ...common]);
    expect(r.code, r.stderr).toBe(0);
    const states = readdirSync(join(full, 'states')).sort();
    expect(states).toEqual(expect.arrayContaining(['ps_3.state', 'ps_6.state', 'ps_final.state']));

    const resumed = tempDir();
    const again = await runCli(['resume', join(full, 'states', 'ps_6.state'), '--out', resumed, '--json', '--no-progress', '--no-plots']);
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout);
    const original = JSON.parse(read(full, 'summary.json'));
    expect(summary.logz).toBe(original.logz);
    expect(summary.logzErr).toBe(original.logzErr);
    expect(summary.calls).toBe(original.calls);
    expect(read(resumed, 'samples.csv')).toBe(read(full, 'samples.csv'));
    // Sampling time counts every iteration, those before the checkpoint (timed by the first run)
    // included: the sum of iterations.csv's totalMs, whose first six rows are the original's.
    const totalMs = (dir: string) => {
      const [header, ...rows] = read(dir, 'iterations.csv').trim().split('\n');
      const column = header.split(',').indexOf('totalMs');
      return rows.map((line) => Number(line.split(',')[column]));
    };
    expect(totalMs(resumed).slice(0, 6)).toEqual(totalMs(full).slice(0, 6));
    expect(summary.samplingSeconds).toBeCloseTo(totalMs(resumed).reduce((a, b) => a + b, 0) / 1000, 9);
    // The resumed run keeps checkpointing at the recorded interval into its own folder.
    expect(existsSync(join(resumed, 'states', 'ps_final.state'))).toBe(true);
    expect(JSON.parse(read(resumed, 'run.json')).resumedFrom).toBe(join(full, 'states', 'ps_6.state'));
  });

  it('Ctrl-C saves a state file, says where and exits 130; resuming it finishes the same run', async () => {
    const reference = tempDir();
    const referenceRun = runCli(['run', fixture('slow-gaussian.ts'), '--out', reference, '--quiet', ...common]);

    const out = tempDir();
    const r = await interruptedRun(out, 'iter 1 ', 'SIGINT', 0);
    expect(r.code, r.stderr).toBe(130);
    const match = /tempest: interrupted at iteration (\d+); state saved in (\S+\.state)\. Continue with: tempest resume \S+/.exec(r.stderr);
    expect(match, r.stderr).not.toBeNull();
    // Taken within the iteration in flight (the serial batch yields to the event loop), not ten
    // iterations later as when the save waited for the run to hand over control.
    expect(Number(match![1])).toBe(lastPrintedIteration(r.stderr));
    expect(existsSync(match![2])).toBe(true);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);

    const resumed = await runCli(['resume', match![2], '--quiet', '--no-plots']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const ref = await referenceRun;
    expect(ref.code, ref.stderr).toBe(0);
    expect(JSON.parse(read(out, 'summary.json')).logz).toBe(JSON.parse(read(reference, 'summary.json')).logz);
    expect(read(out, 'samples.csv')).toBe(read(reference, 'samples.csv'));
  });

  it('SIGTERM mid-iteration saves the last complete iteration at once and exits 143; resuming finishes the same run', async () => {
    // What batch systems and mpirun send before SIGKILL: no waiting for the iteration to end.
    const reference = tempDir();
    const referenceRun = runCli(['run', fixture('slow-gaussian.ts'), '--out', reference, '--quiet', ...common]);

    const out = tempDir();
    const r = await interruptedRun(out, 'iter 2 ', 'SIGTERM', 20); // 20 ms: inside iteration 3's likelihood batch
    expect(r.code, r.stderr).toBe(143);
    const match = /tempest: interrupted at iteration (\d+); state saved in (\S+\.state)\./.exec(r.stderr);
    expect(match, r.stderr).not.toBeNull();
    expect(Number(match![1])).toBe(lastPrintedIteration(r.stderr));

    const resumed = await runCli(['resume', match![2], '--quiet', '--no-plots']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const ref = await referenceRun;
    expect(ref.code, ref.stderr).toBe(0);
    expect(read(out, 'samples.csv')).toBe(read(reference, 'samples.csv'));
  });

  it('says which model file run.json makes it import, before importing it (a results folder is code)', async () => {
    const out = tempDir();
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', out, '--save-every', '3', '--quiet', ...common]);
    expect(r.code, r.stderr).toBe(0);
    // A results folder from elsewhere whose run.json names another file: resume shows that file first.
    const record = JSON.parse(read(out, 'run.json'));
    const named = fixture('syntax-error.ts');
    writeFileSync(join(out, 'run.json'), JSON.stringify({ ...record, model: named }));
    const resumed = await runCli(['resume', join(out, 'states', 'ps_final.state'), '--no-progress', '--no-plots']);
    expect(resumed.code).toBe(2); // that file does not load; it was imported all the same
    const notice = `tempest: resuming with the model file that ${join(out, 'run.json')} names: ${named} (it is imported and runs as code; resume only results you trust).\n`;
    expect(resumed.stderr.startsWith(notice), resumed.stderr).toBe(true);
    expect(resumed.stderr.slice(notice.length)).toMatch(/^tempest: cannot load model file \S+syntax-error\.ts/);
    const help = await runCli(['resume', '--help']);
    expect(help.stdout).toMatch(/run\.json names the model file, and resume imports and runs it[\s\S]*resume only folders you trust/);
  });

  it('resume --n-total extends a finished run to the run that asked for more from the start', async () => {
    const short = tempDir();
    const first = await runCli(['run', fixture('gaussian-2d.ts'), '--out', short, '--save-every', '5', '--quiet', ...common]);
    expect(first.code, first.stderr).toBe(0);
    const extended = tempDir();
    const more = await runCli(['resume', join(short, 'states', 'ps_final.state'), '--n-total', '3000', '--out', extended, '--quiet', '--no-plots']);
    expect(more.code, more.stderr).toBe(0);
    const direct = tempDir();
    const long = await runCli(['run', fixture('gaussian-2d.ts'), '--out', direct, '--quiet', '--seed', '21', '--no-plots', '--n-total', '3000']);
    expect(long.code, long.stderr).toBe(0);
    expect(JSON.parse(read(extended, 'summary.json')).calls).toBeGreaterThan(JSON.parse(read(short, 'summary.json')).calls);
    expect(read(extended, 'samples.csv')).toBe(read(direct, 'samples.csv'));
    const bad = await runCli(['resume', join(short, 'states', 'ps_final.state'), '--n-total', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tempest: --n-total [^\n]+\n$/);
  });

  it('resume with a missing state file or a folder without run.json is a usage error', async () => {
    const dir = tempDir();
    const r = await runCli(['resume', join(dir, 'states', 'ps_1.state')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tempest: state file not found: [^\n]+\n$/);
    const out = tempDir();
    const run = await runCli(['run', fixture('gaussian-2d.mjs'), '--out', out, '--quiet', '--no-plots', '--n-total', '300', '--seed', '1']);
    expect(run.code).toBe(0);
    const notState = await runCli(['resume', join(out, 'summary.json')]);
    expect(notState.code).toBe(2);
    expect(notState.stderr).toMatch(/^tempest: \S+summary\.json is not a tempest state file; [^\n]+\n$/);
  });

  it('resume --model continues a state saved from code (no run.json) to the run the CLI would have made', async () => {
    // sampler.run({ saveEvery }) writes states/ but no run.json: the options and seed are in the state file.
    const code = tempDir();
    const model = await import(fixture('gaussian-2d.ts'));
    const sampler = new Sampler({ nDim: model.nDim, priorTransform: model.priorTransform, logLikelihood: model.logLikelihood, ...model.options, randomState: 21, outputDir: join(code, 'states') });
    await sampler.run({ nTotal: 1000, saveEvery: 3, keepStates: Infinity });
    const state = join(code, 'states', 'ps_6.state');
    expect(existsSync(join(code, 'run.json'))).toBe(false);

    const noModel = await runCli(['resume', state]);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/^tempest: \S+run\.json not found, so the model of \S+ps_6\.state is unknown [^\n]*Pass the model with --model <file>[^\n]*\n$/);

    const resumed = tempDir();
    const again = await runCli(['resume', state, '--model', fixture('gaussian-2d.ts'), '--n-total', '1000', '--out', resumed, '--quiet', '--no-plots']);
    expect(again.code, again.stderr).toBe(0);
    const direct = tempDir();
    const run = await runCli(['run', fixture('gaussian-2d.ts'), '--out', direct, '--quiet', ...common]);
    expect(run.code, run.stderr).toBe(0);
    expect(read(resumed, 'samples.csv')).toBe(read(direct, 'samples.csv'));
    expect(JSON.parse(read(resumed, 'run.json'))).toMatchObject({ seed: 21, nTotal: 1000, resumedFrom: state });
  });

  it('warns that a changed model mixes model versions, with --quiet too, and again on every later resume', async () => {
    const folder = tempDir();
    const model = join(folder, 'model.mjs');
    copyFileSync(fixture('gaussian-2d.mjs'), model);
    const first = join(folder, 'first');
    const run = await runCli(['run', model, '--out', first, '--save-every', '2', '--quiet', ...common]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    appendFileSync(model, '\n// edited after the run started\n');

    // First resume: the file differs from the one the run started with. --quiet does not hide it.
    const second = join(folder, 'second');
    const a = await runCli(['resume', join(first, 'states', 'ps_final.state'), '--out', second, '--save-every', '2', '--quiet', '--no-plots']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/^tempest: warning: \S+model\.mjs changed since the run started \(SHA-256 differs\); resuming with the file as it is now, so the results mix model versions\.\n$/);
    const record = JSON.parse(read(second, 'run.json'));
    expect(record.earlierModelSha256).toEqual([JSON.parse(read(first, 'run.json')).modelSha256]);
    expect(record.modelSha256).not.toBe(record.earlierModelSha256[0]);

    // Resuming the resumed run: the file is now the one it recorded, but its earlier iterations were not.
    const b = await runCli(['resume', join(second, 'states', 'ps_final.state'), '--out', join(folder, 'third'), '--quiet', '--no-plots']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/^tempest: warning: earlier iterations of this run used another version of the model than \S+model\.mjs as it is now \(SHA-256 differs\); the results mix model versions\.\n$/);
    expect(JSON.parse(read(join(folder, 'third'), 'run.json')).earlierModelSha256).toEqual(record.earlierModelSha256);
  });
});
