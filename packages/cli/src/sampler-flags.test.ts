import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { SAMPLER_FLAGS, addSamplerFlags, samplerOptionsFromFlags, samplerOptionsFromModel } from './sampler-flags.js';

const parse = (argv: string[]) => {
  const command = addSamplerFlags(new Command('run').exitOverride());
  command.parse(argv, { from: 'user' });
  return samplerOptionsFromFlags(command);
};

describe('sampler flags', () => {
  it('maps every flag to its SamplerOptions field', () => {
    expect(parse([
      '--n-particles', '300', '--ess-ratio', '1.5', '--volume-variation', '0.4', '--no-clustering', '--no-normalize',
      '--cluster-every', '2', '--split-threshold', '0.8', '--n-max-clusters', '4', '--sample', 'rwm', '--n-steps', '2',
      '--n-max-steps', '30', '--resample', 'syst', '--seed', '0', '--label', 'job-1',
    ])).toEqual({
      nParticles: 300, essRatio: 1.5, volumeVariation: 0.4, clustering: false, normalize: false, clusterEvery: 2,
      splitThreshold: 0.8, nMaxClusters: 4, sample: 'rwm', nSteps: 2, nMaxSteps: 30, resample: 'syst', randomState: 0, outputLabel: 'job-1',
    });
  });

  it('leaves out flags that were not given (the model\'s options stay in force)', () => {
    expect(parse([])).toEqual({});
    expect(parse(['--n-active', '64'])).toEqual({ nParticles: 64 });
  });

  it.each([
    [['--n-particles', 'many'], /--n-particles must be a number; got "many"/],
    [['--n-steps', '1.5'], /--n-steps must be a positive integer/],
    [['--ess-ratio', '-2'], /--ess-ratio must be a positive number/],
    [['--seed', '-1'], /--seed must be a non-negative integer/],
    [['--resample', 'stratified'], /--resample must be one of mult, syst/],
    [['--label', 'a/b'], /--label must be a name/],
  ])('%j is rejected', (argv, message) => {
    expect(() => parse(argv)).toThrow(message);
  });

  it('checks a model file\'s options export the same way', () => {
    expect(samplerOptionsFromModel({ nParticles: 512, sample: 'rwm' }, 'm.ts')).toEqual({ nParticles: 512, sample: 'rwm' });
    expect(samplerOptionsFromModel({ nActive: 64 }, 'm.ts')).toEqual({ nParticles: 64 });
    expect(() => samplerOptionsFromModel({ pool: 4 }, 'm.ts')).toThrow(/options\.pool cannot be set from a model file/);
    expect(() => samplerOptionsFromModel({ nSteps: 0 }, 'm.ts')).toThrow(/^model file m\.ts: options\.nSteps must be a positive integer; got 0\.$/);
    expect(() => samplerOptionsFromModel({ nParticle: 64, nSteps: 0 }, 'm.ts')).toThrow(/^model file m\.ts \(2 problems\):\n  - options\.nParticle cannot be set from a model file \(did you mean nParticles\?\); .*\n  - options\.nSteps must be a positive integer; got 0\.$/);
    expect(() => samplerOptionsFromModel([1], 'm.ts')).toThrow(/must be an object/);
  });
});

describe('sampler flags from the option table', () => {
  it('keep the command line as documented: the same flags, in the same order, on the same options', () => {
    expect(SAMPLER_FLAGS.map((f) => `${f.flags} ${f.key}`)).toEqual([
      '--n-particles <n> nParticles', '--n-active <n> nParticles', '--ess-ratio <x> essRatio', '--volume-variation <x> volumeVariation',
      '--no-clustering clustering', '--no-normalize normalize', '--cluster-every <k> clusterEvery', '--split-threshold <x> splitThreshold',
      '--n-max-clusters <k> nMaxClusters', '--sample <kernel> sample', '--n-steps <k> nSteps', '--n-max-steps <k> nMaxSteps',
      '--resample <scheme> resample', '--mixing <rule> mixing', '--mixing-threshold <x> mixingThreshold', '--proposal-folds <k> proposalFolds', '--jump-every <k> jumpEvery', '--lineage-groups <k> lineageGroups', '--cluster-search <kind> clusterSearch', '--no-adaptive-moves adaptiveMoves', '--move-space <space> moveSpace', '--no-reanneal reanneal', '--closing-draws <k> closingDraws', '--cluster-scales <kind> clusterScales', '--split-test <kind> splitTest', '--repeat <n> nRuns', '--seed <n> randomState', '--label <name> outputLabel',
    ]);
    expect(SAMPLER_FLAGS.find((f) => f.flags.startsWith('--n-active'))).toMatchObject({ name: 'nActive', attribute: 'nActive', kind: 'count' });
  });
});
