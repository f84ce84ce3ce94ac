// Model files in the other accepted forms: CommonJS, and a default export of the fields.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, tempDir } from './run-cli.js';

const args = ['--seed', '8', '--n-total', '600', '--no-plots', '--quiet'];

describe('model file forms', () => {
  it.each([
    ['gaussian-1d.cjs', 'mu', -Math.log(10)],
    ['default-export.mjs', 'x0', Math.log(Math.sqrt(2 * Math.PI) / 10)],
  ])('%s runs and its log Z is within 4 sigma of the analytic value', async (name, parameter, trueLogz) => {
    const out = tempDir();
    const r = await runCli(['run', fixture(name), '--out', out, ...args]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.parameters[0].name).toBe(parameter);
    // As in run-outputs.test.ts: logzErr is the sampler's standard error; 4 sigma at a fixed seed.
    expect(Math.abs(s.logz - trueLogz)).toBeLessThan(4 * s.logzErr);
  });
});

describe('TypeScript models under a "type": "commonjs" package.json (npm init\'s default)', () => {
  // Node loads such a .ts file as CommonJS (through tsx): named exports arrive as fields of the
  // namespace's default, a default export as default.default. The loader, and the model proxy
  // that pool workers import, must find them in both.
  const samples = (dir: string) => readFileSync(join(dir, 'samples.csv'), 'utf8');
  it.each(['named-exports.ts', 'default-export.ts'])('commonjs/%s runs serially and on --pool threads:2, with the same samples', async (name) => {
    const serial = tempDir();
    const threads = tempDir();
    const [a, b] = await Promise.all([
      runCli(['run', fixture(`commonjs/${name}`), '--out', serial, ...args]),
      runCli(['run', fixture(`commonjs/${name}`), '--out', threads, '--pool', 'threads:2', ...args]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(serial, 'summary.json'), 'utf8'));
    expect(s.parameters[0].name).toBe('mu');
    expect(s.nParticles).toBe(128);
    expect(Math.abs(s.logz + Math.log(10))).toBeLessThan(4 * s.logzErr);
    expect(samples(threads)).toBe(samples(serial));
  });
});
