import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ResolvedOptions } from '../sampler/sampler-options.js';
import type { OptionContext, SamplerOptionSpecs, ValueOptionSpec } from './option-spec.js';
import { FINGERPRINT_KEYS, SAMPLER_OPTION_NAMES, SAMPLER_OPTION_SPECS, isSamplerOption, type FlagOptionName } from './option-specs.js';

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('the option table', () => {
  it('has a row for every option and no other, at compile time', () => {
    const { essRatio: _essRatio, ...withoutEssRatio } = SAMPLER_OPTION_SPECS;
    // @ts-expect-error a table without the essRatio row does not compile
    const missing: SamplerOptionSpecs = withoutEssRatio;
    // @ts-expect-error a row for an option the types do not have does not compile
    const extra: SamplerOptionSpecs = { ...SAMPLER_OPTION_SPECS, nParticle: SAMPLER_OPTION_SPECS.nParticles };
    // @ts-expect-error a default of the wrong type does not compile
    const wrongDefault: SamplerOptionSpecs = { ...SAMPLER_OPTION_SPECS, essRatio: { ...SAMPLER_OPTION_SPECS.essRatio, default: 'two' } };
    expect([missing, extra, wrongDefault].every((t) => typeof t === 'object')).toBe(true);
    expectTypeOf<FlagOptionName>().toEqualTypeOf<
      'nParticles' | 'essRatio' | 'volumeVariation' | 'clustering' | 'normalize' | 'clusterEvery' | 'splitThreshold' |
      'nMaxClusters' | 'sample' | 'nSteps' | 'nMaxSteps' | 'resample' | 'mixing' | 'mixingThreshold' | 'proposalFolds' | 'jumpEvery' | 'lineageGroups' | 'clusterSearch' | 'adaptiveMoves' | 'moveSpace' | 'reanneal' | 'closingDraws' | 'clusterScales' | 'splitTest' | 'nRuns' | 'randomState' | 'outputLabel'
    >();
  });

  it('keeps the fingerprint of existing state files: the same options in the same order, new ones after them', () => {
    expect(FINGERPRINT_KEYS).toEqual([
      'nDim', 'nParticles', 'essRatio', 'volumeVariation', 'periodic', 'reflective', 'clustering', 'normalize',
      'clusterEvery', 'splitThreshold', 'nMaxClusters', 'sample', 'nSteps', 'nMaxSteps', 'resample',
      'mixing', 'mixingThreshold', 'proposalFolds', 'jumpEvery', 'lineageGroups', 'clusterSearch', 'adaptiveMoves', 'moveSpace', 'reanneal', 'closingDraws', 'clusterScales', 'splitTest',
    ]);
  });

  it('gives each option its Python name in snake_case, or none', () => {
    for (const name of SAMPLER_OPTION_NAMES) {
      const { python } = SAMPLER_OPTION_SPECS[name];
      if (python !== undefined) expect(python, name).toBe(snakeCase(name));
    }
    expect(SAMPLER_OPTION_SPECS.logLikelihoodCaptures.python).toBeUndefined();
  });

  it('points each alias at an option with a value, and each alias flag at an option with a flag', () => {
    for (const name of SAMPLER_OPTION_NAMES) {
      const spec = SAMPLER_OPTION_SPECS[name];
      if (!('aliasOf' in spec)) continue;
      const target = SAMPLER_OPTION_SPECS[spec.aliasOf];
      expect('check' in target, name).toBe(true);
      if (spec.flag !== undefined) expect(target.flag, name).toBeDefined();
    }
  });

  it('has defaults that pass their own checks', () => {
    const values: Partial<ResolvedOptions> = { nDim: 3, nSteps: 2, nParticles: 256, parameterNames: ['a', 'b', 'c'] };
    const context: OptionContext = {
      name: '',
      earlier: (option) => values[option] as never,
      seed: () => 1,
      problem: () => {},
      warn: () => {},
    };
    let checked = 0;
    for (const name of SAMPLER_OPTION_NAMES) {
      const spec = SAMPLER_OPTION_SPECS[name] as ValueOptionSpec<unknown>;
      if (spec.default === undefined) continue;
      const value = typeof spec.default === 'function' ? spec.default({ ...context, name }) : spec.default;
      expect(spec.check(value, { ...context, name }), name).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('tells constructor options from other names', () => {
    expect(isSamplerOption('nActive')).toBe(true);
    expect(isSamplerOption('nTotal')).toBe(false);
    expect(isSamplerOption('toString')).toBe(false);
  });
});
