import { describe, expect, it } from 'vitest';
import { formatSummaryTable, rowFormat, type RunSummary } from './run-summary.js';

const summary = (parameters: [string, number, number, number, number, number][]): RunSummary => ({
  tempest: '0.0.0', model: '/m.ts', nDim: parameters.length, nParticles: 128, seed: 3, iterations: 14, calls: 6120,
  logz: -6.0002, logzErr: 0.0906, ess: 1052, elapsedSeconds: 0.2, samplingSeconds: 0.1,
  parameters: parameters.map(([name, mean, sd, q05, q50, q95]) => ({ name, mean, sd, q05, q50, q95 })),
});

describe('formatSummaryTable', () => {
  it('formats each row alike: the same decimals, or scientific notation throughout', () => {
    // The reviewer's table had 3.048e-4 next to 0.001057 and -0.001028 next to 1.532.
    const text = formatSummaryTable(summary([
      ['a', -0.02528, 0.9726, -1.644, -0.001028, 1.532],
      ['b', 0.001057, 0.9623, -1.516, 3.048e-4, 1.61],
      ['tiny', 2.1e-6, 1.3e-6, 1e-7, 2e-6, 4.3e-6],
      ['shift', 100.5, 0.0123, 100.48, 100.5, 100.52],
    ]));
    expect(text).toBe([
      'log Z = -6.000 ± 0.091   (14 iterations, 6,120 calls, ESS 1,052, 0.2 s, seed 3)',
      '',
      'parameter      mean        sd        5%       50%       95%',
      'a            -0.025     0.973    -1.644    -0.001     1.532',
      'b             0.001     0.962    -1.516     0.000     1.610',
      'tiny       2.100e-6  1.300e-6  1.000e-7  2.000e-6  4.300e-6',
      'shift       100.500     0.012   100.480   100.500   100.520',
      '',
    ].join('\n'));
    for (const line of text.split('\n').slice(3, -1)) {
      const cells = line.trim().split(/ +/).slice(1);
      const decimals = new Set(cells.map((c) => (c.includes('e') ? 'e' : (c.split('.')[1] ?? '').length)));
      expect(decimals.size, line).toBe(1);
    }
  });

  it('keeps non-finite values readable', () => {
    expect(rowFormat([NaN, 1], 1)(NaN)).toBe('NaN');
    expect(rowFormat([0, 0], 0)(0)).toBe('0.000');
  });
});
