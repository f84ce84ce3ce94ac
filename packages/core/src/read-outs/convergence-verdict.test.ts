import { describe, expect, it } from 'vitest';
import { verdict, type ConvergenceCheck } from './convergence.js';

const failed = (name: ConvergenceCheck['name'], detail: string): ConvergenceCheck => ({ name, passed: false, tested: true, statistic: 4, detail });

describe('verdict', () => {
  it('names each remedy once when two failed checks share it', () => {
    const result = verdict([failed('equilibrium', 'Chains gained.'), failed('firstPass', 'The first pass failed too.')], { iterations: 0, of: 10, worstCorrelation: 0 });
    expect(result.converged).toBe(false);
    expect(result.summary.match(/run replicates \(nRuns\) to measure the spread/g)).toHaveLength(1);
    expect(result.summary.match(/reparametrise the model/g)).toHaveLength(1);
    expect(result.summary).toMatch(/^Not converged: Chains gained\. The first pass failed too\. The log Z and its error may be wrong; /);
  });

  it('passes with no failed check and names the untested ones', () => {
    const result = verdict([{ name: 'closing', passed: true, tested: false, statistic: 0, detail: '' }], { iterations: 0, of: 10, worstCorrelation: 0 });
    expect(result.converged).toBe(true);
    expect(result.summary).toBe('No sign of non-convergence (not tested: closing).');
  });
});
