// run({ saveEvery, keepStates }): only the newest numbered state files stay, the final one is
// always written, and the newest kept file resumes to the uninterrupted result.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Sampler, TempestError } from '../src/index.js';
import { gaussianProblem } from './helpers.js';

describe('run({ saveEvery, keepStates })', () => {
  it('keeps the newest numbered files (3 by default, or keepStates) and the final one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-keep-'));
    try {
      const make = (label: string) => new Sampler({ ...gaussianProblem([0.5, -0.5]), randomState: 4, outputDir: dir, outputLabel: label });
      const byDefault = make('d');
      await byDefault.run({ nTotal: 512, saveEvery: 1 });
      const last = byDefault.iteration;
      const files = (label: string) => readdirSync(dir).filter((n) => n.startsWith(`${label}_`)).sort();
      expect(files('d')).toEqual([`d_${last - 2}.state`, `d_${last - 1}.state`, `d_${last}.state`, 'd_final.state'].sort());
      const two = make('k');
      await two.run({ nTotal: 512, saveEvery: 1, keepStates: 1 });
      expect(files('k')).toEqual([`k_${last}.state`, 'k_final.state'].sort());
      const all = make('a');
      await all.run({ nTotal: 512, saveEvery: 1, keepStates: Infinity });
      expect(files('a')).toHaveLength(last + 1);
      // What is kept still resumes to the same result.
      const resumed = make('r');
      const r = await resumed.run({ nTotal: 512, resumeStatePath: join(dir, `d_${last - 1}.state`) });
      expect(r.logz).toBe(byDefault.evidence().logz);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('onIteration is called after its iteration\'s state file is written (the CLI names it as the last state saved)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-keep-'));
    try {
      const sampler = new Sampler({ ...gaussianProblem([0.5]), randomState: 2, outputDir: dir });
      const seen: [number, boolean][] = [];
      await sampler.run({ nTotal: 256, saveEvery: 2, onIteration: (info) => void seen.push([info.iteration, readdirSync(dir).includes(`ps_${info.iteration}.state`)]) });
      expect(seen.length).toBeGreaterThanOrEqual(4);
      for (const [iteration, onDisk] of seen) expect(onDisk, `iteration ${iteration}`).toBe(iteration % 2 === 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a keepStates that is not a positive integer or Infinity, naming the value', async () => {
    const sampler = new Sampler({ ...gaussianProblem([0]), randomState: 1 });
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      const error = await sampler.run({ nTotal: 64, saveEvery: 1, keepStates: bad }).then(() => undefined, (e: unknown) => e);
      expect(TempestError.is(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toMatch(new RegExp(`keepStates must be a positive integer[^]*got ${String(bad)}`));
    }
  });
});
