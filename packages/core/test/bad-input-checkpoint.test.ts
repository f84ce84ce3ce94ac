// Bad model output stops the run with an error naming the parameters and the iteration, after
// saving a checkpoint from which the fixed model resumes to exactly the clean run's result.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sampler, TempestError, type SamplerOptions } from '../src/index.js';
import { gaussianProblem } from './helpers.js';

const base = mkdtempSync(join(tmpdir(), 'tempest-bad-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const problem = gaussianProblem([0.5, -0.5]);
const perVector = problem.logLikelihood;
const BREAK_AT = 4; // the iteration whose evaluations go wrong

type Case = [string, Partial<SamplerOptions>, string, RegExp];
const cases: Case[] = [
  ['a NaN log-likelihood', { logLikelihood: (x: Float64Array) => NaN + x[0] }, 'INVALID_LIKELIHOOD', /returned NaN at x = \[/],
  ['a log-likelihood of the wrong type', { logLikelihood: () => 'high' as unknown as number }, 'INVALID_LIKELIHOOD', /must return a number .*got string high at x = \[/],
  ['a throwing log-likelihood', { logLikelihood: () => { throw new Error('solver diverged'); } }, 'LIKELIHOOD_THREW', /threw at x = \[.*solver diverged/],
  ['a vectorized result of the wrong length', { vectorize: true, logLikelihood: () => [1, 2] }, 'INVALID_LIKELIHOOD', /must return \d+ values for a batch of \d+ vectors; got an array of length 2/],
  ['a prior transform of the wrong length', { priorTransform: () => [1] }, 'INVALID_PRIOR_TRANSFORM', /must return 2 numbers \(nDim\); got an array of length 1 at u = \[/],
  ['a non-finite prior transform', { priorTransform: () => [Infinity, 0] }, 'INVALID_PRIOR_TRANSFORM', /non-finite value Infinity at index 0 for u = \[/],
];

describe('bad model output with checkpoints on', () => {
  it.each(cases)('%s: stops with a clear error and a resumable checkpoint', async (name, bad, code, message) => {
    const dir = join(base, name.replace(/\W+/g, '-'));
    const clean = new Sampler({ ...problem, randomState: 31, nParticles: 64 });
    await clean.run({ nTotal: 512 });

    let sampler: Sampler | undefined;
    const broken = () => sampler !== undefined && sampler.iteration === BREAK_AT - 1;
    const options: SamplerOptions = {
      ...problem,
      randomState: 31,
      nParticles: 64,
      outputDir: dir,
      outputLabel: 'run',
      vectorize: bad.vectorize ?? false,
      logLikelihood: bad.vectorize
        ? (batch: { rows(): Float64Array[] }) => (broken() ? (bad.logLikelihood as () => number[])() : batch.rows().map(perVector))
        : (x: Float64Array) => (broken() && bad.logLikelihood ? (bad.logLikelihood as (x: Float64Array) => number)(x) : perVector(x)),
      priorTransform: (u: Float64Array) => (broken() && bad.priorTransform ? bad.priorTransform(u) : problem.priorTransform(u)),
    } as SamplerOptions;
    sampler = new Sampler(options);
    let error: TempestError | undefined;
    try {
      await sampler.run({ nTotal: 512, saveEvery: 2 });
    } catch (e) {
      error = e as TempestError;
    }
    expect(TempestError.is(error)).toBe(true);
    expect(error!.code).toBe(code);
    expect(error!.message).toMatch(message);
    expect(error!.iteration).toBe(BREAK_AT);
    expect(error!.parameters).toHaveLength(2);
    const checkpoint = join(dir, `run_${BREAK_AT - 1}.state`);
    expect(error!.message).toContain(checkpoint);
    expect(existsSync(checkpoint)).toBe(true);

    // A fixed model resumes from the checkpoint to exactly the clean result.
    const fixed = new Sampler({ ...problem, randomState: 31, nParticles: 64, outputDir: dir, outputLabel: 'fixed' });
    await fixed.run({ nTotal: 512, resumeStatePath: checkpoint });
    expect(fixed.evidence().logz).toBe(clean.evidence().logz);
    expect(fixed.calls).toBe(clean.calls);
    expect(fixed.posterior().samples.data).toEqual(clean.posterior().samples.data);
  });

  it('the error re-raised after the checkpoint names the file in savedStatePath, the first error being its cause', async () => {
    const dir = join(base, 'saved-state-path');
    let calls = 0;
    const sampler = new Sampler({
      ...problem, randomState: 31, nParticles: 64, outputDir: dir, outputLabel: 'run',
      logLikelihood: (x: Float64Array) => {
        if (sampler.iteration === BREAK_AT - 1 && ++calls > 3) throw new Error('solver diverged');
        return perVector(x);
      },
    });
    const error = await sampler.run({ nTotal: 512, saveEvery: 2 }).then(() => undefined, (e: unknown) => e);
    const checkpoint = join(dir, `run_${BREAK_AT - 1}.state`);
    expect(TempestError.is(error, 'LIKELIHOOD_THREW')).toBe(true);
    const e = error as TempestError<'LIKELIHOOD_THREW'>;
    expect(e.savedStatePath).toBe(checkpoint);
    expect(existsSync(checkpoint)).toBe(true);
    expect(TempestError.is(e.cause, 'LIKELIHOOD_THREW')).toBe(true);
    const first = e.cause as TempestError<'LIKELIHOOD_THREW'>;
    expect(first.savedStatePath).toBeUndefined();
    expect(e.message.startsWith(first.message)).toBe(true);
    expect(first.message).not.toContain(checkpoint);
    expect([e.iteration, e.parameters, e.index]).toEqual([first.iteration, first.parameters, first.index]);

    // Without saveEvery nothing is saved and the error is the first one.
    const unsaved = new Sampler({ ...problem, randomState: 31, nParticles: 64, logLikelihood: () => { throw new Error('solver diverged'); } });
    const plain = await unsaved.run({ nTotal: 512 }).then(() => undefined, (e: unknown) => e);
    expect(TempestError.is(plain, 'LIKELIHOOD_THREW') && plain.savedStatePath).toBe(undefined);
  });

  it('refuses a checkpoint from a run with other options, naming each difference', async () => {
    const dir = join(base, 'mismatch');
    const s = new Sampler({ ...problem, randomState: 1, nParticles: 64, outputDir: dir });
    await s.sample();
    await s.saveState(join(dir, 'a.state'));
    const other = new Sampler({ ...problem, randomState: 1, nParticles: 128, sample: 'rwm' });
    await expect(other.loadState(join(dir, 'a.state'))).rejects.toThrow(/different options[\s\S]*nParticles: file 64, sampler 128[\s\S]*sample: file "tpcn", sampler "rwm"/);
    const wrongDim = new Sampler({ ...gaussianProblem([0, 0, 0]), randomState: 1, nParticles: 64 });
    await expect(wrongDim.loadState(join(dir, 'a.state'))).rejects.toThrow(/nDim: file 2, sampler 3/);
  });
});
