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
