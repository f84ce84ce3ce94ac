import { SerialPool } from '@tempest/pool';
import { functionReference } from '@tempest/serialize';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { defaultParticles, type SamplerOptions } from '../sampler/sampler-options.js';
import { resolveOptions } from './resolve-options.js';

const base: SamplerOptions = { priorTransform: (u) => u, logLikelihood: () => 0, nDim: 3 };
const seed = () => 7;

function problemsOf(options: Record<string, unknown>): string[] {
  try {
    resolveOptions(options as unknown as SamplerOptions, seed);
  } catch (e) {
    expect(TempestError.is(e)).toBe(true);
    expect((e as TempestError).code).toBe('INVALID_CONFIGURATION');
    return (e as TempestError).problems ?? [];
  }
  throw new Error('expected a configuration error');
}

describe('resolveOptions', () => {
  it('fills the defaults (those of the reference package, except essRatio 3 and the options it lacks)', () => {
    const o = resolveOptions(base, seed);
    expect(o).toMatchObject({
      nParticles: defaultParticles(3), essRatio: 3, volumeVariation: undefined, vectorize: false, clustering: true,
      normalize: true, clusterEvery: 1, splitThreshold: 1, sample: 'tpcn', nSteps: 1, nMaxSteps: 20, resample: 'mult',
      outputDir: 'states', outputLabel: 'ps', randomState: 7, jumpEvery: 4, lineageGroups: 8, proposalFolds: 8,
    });
  });

  it('accepts nActive as an alias of nParticles', () => {
    expect(resolveOptions({ ...base, nActive: 100 }, seed).nParticles).toBe(100);
    expect(problemsOf({ ...base, nActive: 100, nParticles: 50 })[0]).toMatch(/aliases/);
  });

  it('lists every problem at once, naming the value and the fix', () => {
    const problems = problemsOf({
      priorTransform: 3, logLikelihood: undefined, nDim: 0, nParticles: 0, essRatio: -1, sample: 'hmc',
      resample: 'stratified', periodic: [5], nStep: 3, randomState: 1.5,
    });
    expect(problems.length).toBeGreaterThanOrEqual(8);
    const text = problems.join('\n');
    expect(text).toMatch(/priorTransform must be a function/);
    expect(text).toMatch(/logLikelihood must be a function/);
    expect(text).toMatch(/nDim must be a positive integer; got 0/);
    expect(text).toMatch(/nParticles must be an integer of at least 2; got 0\. Set nParticles to at least nDim \+ 1/);
    expect(text).toMatch(/sample must be 'tpcn' or 'rwm'; got "hmc"/);
    expect(text).toMatch(/unknown option "nStep"/);
    expect(text).toMatch(/randomState must be a non-negative integer seed; got 1.5/);
  });

  it('keeps state files inside outputDir: an outputLabel with a path separator is refused', () => {
    for (const label of ['../../x', 'a/b', 'a\\b']) {
      expect(problemsOf({ ...base, outputLabel: label }).join()).toMatch(/outputLabel must be a non-empty file-name prefix without "\/" or "\\"; got .*Put folders in outputDir/);
    }
    expect(resolveOptions({ ...base, outputLabel: 'run-2.b_c' }, seed).outputLabel).toBe('run-2.b_c');
  });

  it('rejects overlapping periodic and reflective dimensions and out-of-range indices', () => {
    expect(problemsOf({ ...base, periodic: [0, 1], reflective: [1] }).join()).toMatch(/both periodic and reflective/);
    expect(problemsOf({ ...base, reflective: [3] }).join()).toMatch(/indices must be integers in \[0, 2\]; got \[3\]/);
  });

  it('warns in dynamic mode when there are fewer particles than nDim + 1', () => {
    const o = resolveOptions({ ...base, nDim: 10, nParticles: 5, volumeVariation: 0.5 }, seed);
    expect(o.warnings[0]).toMatch(/nParticles \(5\) < nDim \+ 1 \(11\)/);
  });

  it('accepts a number of worker threads or a Pool, and refuses anything else', () => {
    expect(resolveOptions(base, seed).pool).toBeUndefined();
    expect(resolveOptions({ ...base, pool: 4 }, seed).pool).toBe(4);
    const pool = new SerialPool();
    expect(resolveOptions({ ...base, pool }, seed).pool).toBe(pool);
    const problems = problemsOf({ ...base, pool: 0 }).concat(problemsOf({ ...base, pool: 2.5 }), problemsOf({ ...base, pool: { map: () => [] } }));
    expect(problems[0]).toMatch(/pool must be a positive integer \(worker threads\) or a Pool; got 0/);
    expect(problems[1]).toMatch(/got 2\.5/);
    expect(problems[2]).toMatch(/implementing the Pool interface of @tempest\/pool/);
  });

  it('accepts a function reference as the likelihood, and checks logLikelihoodCaptures', () => {
    const reference = functionReference(import.meta.url, 'logLikelihood');
    expect(resolveOptions({ ...base, logLikelihood: reference }, seed).logLikelihood).toBe(reference);
    expect(problemsOf({ ...base, logLikelihood: 'f' as never }).join()).toMatch(/logLikelihood must be a function or a functionReference/);
    expect(problemsOf({ ...base, logLikelihoodCaptures: [1] as never }).join()).toMatch(/logLikelihoodCaptures must be an object/);
    expect(problemsOf({ ...base, pool: 2, logLikelihood: reference, logLikelihoodCaptures: { a: 1 } }).join()).toMatch(/takes none/);
    expect(resolveOptions({ ...base, logLikelihoodCaptures: { a: 1 } }, seed).warnings.join()).toMatch(/no effect without a pool/);
    expect(resolveOptions({ ...base, pool: 2, logLikelihoodCaptures: { a: 1 } }, seed).logLikelihoodCaptures).toEqual({ a: 1 });
  });

  it('warns when nParticles is not a multiple of the pool\'s workers, unless the likelihood is vectorized', () => {
    const warnings = (o: Partial<SamplerOptions>) => resolveOptions({ ...base, ...o }, seed).warnings.join('\n');
    expect(warnings({ nParticles: 250, pool: 32 })).toMatch(/^nParticles \(250\) is not a multiple of the pool's 32 workers: each MCMC step evaluates up to 250 proposals in 8 rounds of tasks, and in the last one 6 of the 32 workers wait, so at most 98% of the workers' time is used\. Use a multiple of 32, e\.g\. nParticles: 256\.$/);
    const pool = Object.assign(new SerialPool(), { size: 3 }) as unknown as SerialPool;
    expect(warnings({ nParticles: 256, pool })).toMatch(/multiple of the pool's 3 workers.*nParticles: 255/);
    expect(warnings({ nParticles: 256, pool: 32 })).toBe('');
    expect(warnings({ nParticles: 256, pool: 1 })).toBe('');
    expect(warnings({ nParticles: 250, pool: 32, vectorize: true })).toBe('');
    expect(warnings({ nParticles: 250 })).toBe('');
  });

  it('defaults nMaxSteps to 20 x nSteps and checks their order', () => {
    expect(resolveOptions({ ...base, nSteps: 3 }, seed).nMaxSteps).toBe(60);
    expect(problemsOf({ ...base, nSteps: 5, nMaxSteps: 2 }).join()).toMatch(/nMaxSteps \(2\) must be at least nSteps \(5\)/);
  });
});

describe('resolveOptions: names it does not know', () => {
  it('suggests the option a misspelling is close to', () => {
    expect(problemsOf({ ...base, nParticle: 64, ndim: 3 })).toEqual([
      'unknown option "nParticle"; did you mean nParticles?',
      'unknown option "ndim"; did you mean nDim?',
    ]);
  });

  it('points a Python name to its camelCase option, and a run() option to run()', () => {
    expect(problemsOf({ ...base, n_particles: 64, random_state: 1, nTotal: 100 })).toEqual([
      'unknown option "n_particles"; options are camelCase: use nParticles.',
      'unknown option "random_state"; options are camelCase: use randomState.',
      'nTotal is an option of run(), not of the Sampler: pass it to sampler.run({ nTotal }).',
    ]);
    expect(problemsOf({ ...base, zzz: 1 })).toEqual(['unknown option "zzz"; check its spelling (options are camelCase, e.g. nParticles).']);
  });

  it('treats null as absent for an option with a default, and refuses it where there is none', () => {
    const o = resolveOptions({ ...base, essRatio: null, nActive: null, periodic: null, pool: null } as never, seed);
    expect(o).toMatchObject({ essRatio: 3, nParticles: defaultParticles(3), periodic: [], pool: undefined });
    expect(problemsOf({ ...base, randomState: null, volumeVariation: null })).toEqual([
      'volumeVariation must be a positive number or undefined; got null. Try 0.5, or leave it unset for plain ESS mode.',
      'randomState must be a non-negative integer seed; got null.',
    ]);
  });
});
