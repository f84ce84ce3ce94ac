// What a file must not decide on its own: `tempest resume` takes the options, target and history
// from files (run.json, the state file), and a damaged or crafted one must end in a clear usage
// error, not a run that exhausts the memory or never ends.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRunState, encodeRunState } from '@tempest/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli, tempDir } from './run-cli.js';

let out: string;
beforeAll(async () => {
  out = tempDir();
  const r = await runCli(['run', fixture('blobs.ts'), '--out', out, '--save-every', '2', '--keep-states', '1000', '--n-total', '200', '--seed', '3', '--quiet', '--no-plots']);
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

describe('tempest resume', () => {
  it('refuses options and a target above the limits for values read from a file, naming each and the flag to override', async () => {
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    writeFileSync(join(out, 'run.json'), JSON.stringify({ ...record, options: { ...record.options, nParticles: 2 ** 28, nSteps: 1e9, nMaxSteps: 2e10 }, nTotal: 1e12 }));
    try {
      const r = await runCli(['resume', join(out, 'states', 'ps_2.state'), '--quiet']);
      expect(r.code).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(`tempest: ${join(out, 'run.json')} (4 problems):`);
      expect(lines[1]).toMatch(/^ {2}- nParticles = 268435456 is above 1048576, the largest value tempest resume takes from a file unless told to [^]*If the run really used it, add --allow-large-options\.$/);
      expect(lines[2]).toMatch(/^ {2}- nSteps = 1000000000 is above 1000,/);
      expect(lines[3]).toMatch(/^ {2}- nMaxSteps = 20000000000 is above 20000,/);
      expect(lines[4]).toMatch(/^ {2}- nTotal = 1000000000000 is above 16777216, [^]*Set the target yourself with --n-total <n>, or, if the run really used it, add --allow-large-options\.$/);
      // --allow-large-options takes them: the options then meet the state file, which was made with others.
      const allowed = await runCli(['resume', join(out, 'states', 'ps_2.state'), '--quiet', '--allow-large-options']);
      expect(allowed.code).toBe(2);
      expect(allowed.stderr).toMatch(/comes from a run with different options[^]*nParticles: file \d+, sampler 268435456/);
    } finally {
      writeFileSync(join(out, 'run.json'), JSON.stringify(record));
    }
    // A target given on the command line is the user's own: no limit applies to it.
    writeFileSync(join(out, 'run.json'), JSON.stringify({ ...record, nTotal: 1e12 }));
    try {
      const resumed = await runCli(['resume', join(out, 'states', 'ps_2.state'), '--quiet', '--n-total', '200', '--out', tempDir(), '--no-plots']);
      expect(resumed.code, resumed.stderr).toBe(0);
    } finally {
      writeFileSync(join(out, 'run.json'), JSON.stringify(record));
    }
  }, 60_000);

  it('fails fast, with a clear error, on a small state file whose blobs would expand without bound', async () => {
    // Every blob two references to the one before: a few kilobytes that samples.csv would write out as 2^n values.
    const path = join(out, 'states', 'ps_2.state');
    const state = decodeRunState(readFileSync(path), path);
    const blobs = state.history.blobs as unknown[];
    let blob: unknown = { square: 1 };
    for (let k = 0; k < blobs.length; k++) blobs[k] = blob = [blob, blob];
    const crafted = join(out, 'states', 'ps_4.state');
    writeFileSync(crafted, encodeRunState(state));
    expect(readFileSync(crafted).length).toBeLessThan(512 * 1024);
    const r = await runCli(['resume', crafted, '--quiet', '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tempest: \S+ps_4\.state is not a usable Tempest state file: its blobs, \d+ bytes, would expand to more than \d+ values and characters [^\n]*\n$/);
  }, 60_000);

  it('refuses a state file whose contents are inconsistent, naming the field and the value', async () => {
    const path = join(out, 'states', 'ps_2.state');
    const state = decodeRunState(readFileSync(path), path);
    state.history.logl[5] = Number.NaN;
    const crafted = join(out, 'states', 'ps_6.state');
    writeFileSync(crafted, encodeRunState(state));
    const r = await runCli(['resume', crafted, '--quiet', '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tempest: \S+ps_6\.state is not a usable Tempest state file: its contents are inconsistent, though its checksum is valid[^\n]*history\.logl\[5\] is NaN; stored log-likelihoods are finite[^\n]*Resume from another state file of the run/);
  }, 60_000);
});
