// Help, version and usage errors: every one exits with the documented code and, for errors,
// prints exactly one line starting with "tempest:" and no stack trace.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../src/index.js';
import { fixture, runCli, tempDir } from './run-cli.js';

/** A stream that keeps what is written to it. */
const capture = () => {
  let text = '';
  const stream = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
};

const oneErrorLine = (stderr: string) => {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tempest: /);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0];
};

describe('tempest --help and --version', () => {
  it.each([[[]], [['run']], [['resume']], [['info']]])('%j --help prints usage on stdout and exits 0', async (command) => {
    const r = await runCli([...command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: tempest ${command[0] ?? ''}`));
    if (command[0] === 'run') for (const flag of ['--n-particles', '--n-active', '--pool', '--save-every', '--seed', '--no-plots', '--quiet', '--json', '--n-total']) expect(r.stdout).toContain(flag);
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('usage errors exit 2 with one line', () => {
  const model = fixture('gaussian-2d.ts');
  it('an unknown flag (the real binary)', async () => {
    const r = await runCli(['run', model, '--nParticles', '64']);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toBe("tempest: unknown option '--nParticles' (Did you mean --n-particles?)");
    expect(r.stdout).toBe('');
  });

  // The same code path in-process (main() is what bin.ts runs), to keep the suite fast.
  it.each([
    [['run', model, '--n-particles', '0'], /--n-particles must be a positive integer; got "0"/],
    [['run', model, '--sample', 'slice'], /--sample must be one of tpcn, rwm/],
    [['run', model, '--pool', 'gpu'], /invalid --pool value "gpu"/],
    [['run', model, '--pool', 'threads:0'], /size must be a positive integer/],
    [['run', model, '--save-every', '-1'], /--save-every must be a positive integer/],
    [['run', model, '--n-total', '1e3.5'], /--n-total must be a number/],
    [['run', model, '--n-particles', '64', '--n-active', '32'], /aliases but differ/],
    [['run'], /missing required argument 'model'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j', async (args, message) => {
    const stdout = capture();
    const stderr = capture();
    const code = await main(args as string[], { stdout: stdout.stream, stderr: stderr.stream });
    expect(code).toBe(2);
    expect(oneErrorLine(stderr.text())).toMatch(message);
    expect(stdout.text()).toBe('');
  });

  it.each([
    ['missing-export.ts', /missing-export\.ts: logLikelihood is not exported\. Export it/],
    ['wrong-ndim.ts', /wrong-ndim\.ts: priorTransform returns 2 values but nDim is 3/],
    ['bad-ndim.mjs', /bad-ndim\.mjs: nDim must be a positive integer; got 2\.5/],
    ['syntax-error.ts', /cannot load model file .*syntax-error\.ts: .*Expected "\)"/],
    ['does-not-exist.ts', /model file not found: .*does-not-exist\.ts/],
  ])('bad model %s', async (name, message) => {
    const out = tempDir();
    const r = await runCli(['run', fixture(name), '--out', out]);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toMatch(message);
  });

  it('a misspelt export gets a hint with the name the file does export', async () => {
    const r = await runCli(['run', fixture('misspelt-export.ts'), '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `tempest: model file ${fixture('misspelt-export.ts')} (2 problems):`,
      '  - logLikelihood is not exported, but `logLikelyhood` is (a misspelling?). Rename it to logLikelihood.',
      '  - nDim is not exported, but `ndim` is (a misspelling?). Rename it to nDim (the number of parameters).',
    ]);
  });

  it('every problem of a model file is reported in one run, one line each', async () => {
    const r = await runCli(['run', fixture('many-problems.ts'), '--out', tempDir()]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`tempest: model file ${fixture('many-problems.ts')} (3 problems):`);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^  - parameterNames must be 2 non-empty strings \(one per parameter\); got \["a","b","c"\]\. Give one name per parameter/),
      expect.stringMatching(/^  - truths must be 2 numbers \(nDim\); got \[0\]\. /),
      expect.stringMatching(/^  - options\.nParticle cannot be set from a model file \(did you mean nParticles\?\); use one of nParticles, /),
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--out naming an existing file is a usage error, before the model is even loaded', async () => {
    const dir = tempDir();
    const file = join(dir, 'afile');
    writeFileSync(file, 'keep me');
    // missing-export.ts would fail to load: the --out problem must be reported first.
    for (const args of [['run', fixture('missing-export.ts'), '--out', file], ['run', fixture('gaussian-2d.ts'), '--out', join(file, 'sub')]]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(oneErrorLine(r.stderr)).toMatch(new RegExp(`^tempest: --out ${escaped}(/sub)? must be a folder; ${escaped} is a file\. `));
    }
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('prints the stack trace only with TEMPEST_DEBUG=1', async () => {
    const r = await runCli(['run', fixture('missing-export.ts')], { TEMPEST_DEBUG: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tempest: .*\n.*CliError/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
