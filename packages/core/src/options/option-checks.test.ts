import { describe, expect, it } from 'vitest';
import { isPositiveFinite, isPositiveInteger, mustBe, oneOf, show } from './option-checks.js';
import type { OptionContext } from './option-spec.js';

const as = (name: string) => ({ name }) as OptionContext;

describe('option checks', () => {
  it('word a failed condition as "<name> must be <what>; got <value>. <hint>"', () => {
    const check = mustBe('a positive number', isPositiveFinite, 'The default is 2.');
    expect(check(2, as('essRatio'))).toBeUndefined();
    expect(check(-1, as('essRatio'))).toBe('essRatio must be a positive number; got -1. The default is 2.');
    expect(mustBe('a positive integer', isPositiveInteger)(1.5, as('clusterEvery'))).toBe('clusterEvery must be a positive integer; got 1.5.');
  });

  it('accept one of a few names, quoting them', () => {
    const check = oneOf(['tpcn', 'rwm']);
    expect(check('rwm', as('sample'))).toBeUndefined();
    expect(check('hmc', as('sample'))).toBe(`sample must be 'tpcn' or 'rwm'; got "hmc".`);
    expect(check({ name: 'tpcn' }, as('sample'))).toBe(`sample must be 'tpcn' or 'rwm'; got [object Object].`);
  });

  it('show values as a message needs them', () => {
    expect(show('x')).toBe('"x"');
    expect(show(() => 0)).toBe('a function');
    expect(show([1, 'a', [2]])).toBe('[1, "a", [2]]');
    expect(show(undefined)).toBe('undefined');
  });
});
