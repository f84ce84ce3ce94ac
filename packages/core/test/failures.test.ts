import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sampler, TempestError } from '../src/index.js';
import { gaussianProblem } from './helpers.js';

async function rejection(p: Promise<unknown>): Promise<TempestError> {
  try {
    await p;
  } catch (e) {
    if (TempestError.is(e)) return e;
    throw e;
  }
  throw new Error('expected the run to fail');
}

describe('a misbehaving model', () => {
  it.each([
    ['NaN', NaN, 'INVALID_LIKELIHOOD', /returned NaN at x = \[/],
    ['+Infinity', Infinity, 'INVALID_LIKELIHOOD', /returned \+Infinity at x = \[/],
    ['a throw', 'throw', 'LIKELIHOOD_THREW', /threw at x = \[.*\(iteration 4\): model blew up/],
  ])('stops the run on %s, names the parameters, keeps the history, and resumes exactly once fixed', async (_n, bad, code, message) => {
    const problem = gaussianProblem([0.5, -0.5]);
    const clean = new Sampler({ ...problem, randomState: 77 });
    await clean.run({ nTotal: 400 });

    let broken = true;
    let sampler: Sampler | undefined;
    const logLikelihood = (x: Float64Array) => {
      if (broken && sampler!.iteration === 3) {
        if (bad === 'throw') throw new Error('model blew up');
        return bad as number;
      }
      return problem.logLikelihood(x);
    };
    sampler = new Sampler({ ...problem, logLikelihood, randomState: 77 });
    const error = await rejection(sampler.run({ nTotal: 400 }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.iteration).toBe(4);
    expect(error.parameters).toHaveLength(2);
    expect(sampler.iteration).toBe(3);
    expect(sampler.posterior().samples.n).toBeGreaterThan(0);

    broken = false;
    await sampler.run({ nTotal: 400 });
    expect(sampler.evidence().logz).toBe(clean.evidence().logz);
    expect(sampler.calls).toBe(clean.calls);
    expect(sampler.posterior().samples.data).toEqual(clean.posterior().samples.data);
  });

  it('fails clearly when no prior draw has a finite likelihood', async () => {
    const s = new Sampler({ nDim: 2, priorTransform: (u) => u, logLikelihood: () => -Infinity, randomState: 1 });
    const error = await rejection(s.run());
    expect(error.code).toBe('NO_FINITE_LIKELIHOOD');
    expect(error.message).toMatch(/All \d+ prior draws have logLikelihood = -Infinity/);
  });

  it('refuses posterior() and evidence() before any iteration', () => {
    const s = new Sampler({ ...gaussianProblem([0]), randomState: 1 });
    expect(() => s.posterior()).toThrow(/Call `await sampler.run\(\)`/);
    expect(() => s.evidence()).toThrow(TempestError);
  });

  it('rejects a bad nTotal and a bad essTrim with the value and the default', async () => {
    const s = new Sampler({ ...gaussianProblem([0]), randomState: 1 });
    await expect(s.run({ nTotal: 0 })).rejects.toThrow(/nTotal must be a positive integer; got 0\. The default is 4096/);
    await s.sample();
    expect(() => s.posterior({ essTrim: 2 })).toThrow(/essTrim must be in \(0, 1\]; got 2/);
  });
});

describe('an annealing target above nTotal', () => {
  afterEach(() => vi.restoreAllMocks());

  it('warns that beta stays 0 for about essRatio iterations, naming both numbers and the fix', async () => {
    // --ess-ratio 1e9 once ran at beta = 0 until killed, with no word why.
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const sampler = new Sampler({ ...gaussianProblem([0.5, -0.5]), nParticles: 64, essRatio: 6, randomState: 3 });
    await sampler.run({ nTotal: 256 });
    const messages = warn.mock.calls.map((c) => String(c[0]));
    expect(messages).toEqual([expect.stringMatching(/essRatio x nParticles = 384 exceeds nTotal = 256: beta stays 0 for about 6 iterations.*Lower essRatio \(default 3/)]);
    expect(sampler.diagnostics.slice(0, 5).every((i) => i.beta === 0)).toBe(true);
  });

  it('says nothing with the defaults', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    await new Sampler({ ...gaussianProblem([0.5, -0.5]), nParticles: 64, randomState: 3 }).run({ nTotal: 256 });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('run() options', () => {
  it('refuses misspelt options and constructor options, naming each and where it belongs', async () => {
    const sampler = new Sampler({ ...gaussianProblem([0.5, -0.5]), nParticles: 64, randomState: 3 });
    const error = await rejection(sampler.run({ nTotal: 256, saveEvery: 5, outputDir: 'xx', ntotal: 10 } as never));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/outputDir is an option of the Sampler, not of run\(\): pass it to new Sampler/);
    expect(error.message).toMatch(/unknown run\(\) option "ntotal"; the options are nTotal, progress, onIteration, saveEvery, keepStates, resumeStatePath/);
    expect(sampler.iteration).toBe(0); // nothing ran
  });
});

describe('a serial likelihood promise that never settles', () => {
  // In a process of its own: the check fires when the event loop has nothing left to do, which
  // never happens inside the test runner's worker.
  it.each(['per-vector', 'vectorized'])('ends the run with INVALID_LIKELIHOOD naming the likelihood and the fix, not exit code 13 (%s)', async (kind) => {
    const { spawnSync } = await import('node:child_process');
    const script = new URL('./fixtures/never-settles.ts', import.meta.url).pathname;
    const child = spawnSync(process.execPath, ['--conditions=@tempest/source', '--import', 'tsx', script, kind], { encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    expect(result.code).toBe('INVALID_LIKELIHOOD');
    expect(result.message).toMatch(/logLikelihood( \(a batch of \d+ vectors, first row\))? returned a promise that never settled at x = \[.*\] \(iteration 3\): the event loop ran out of work [^]*Make every promise logLikelihood returns resolve or reject/);
    expect(result.iteration).toBe(3);
    expect(result.completed).toBe(2);
  }, 70_000);
});
