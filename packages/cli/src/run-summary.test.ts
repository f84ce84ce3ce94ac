import { describe, expect, it } from 'vitest';
import { formatSummaryTable, rowFormat, type RunSummary } from './run-summary.js';

/** A summary of these parameters; the 16% and 84% quantiles halfway between their neighbours. */
const summary = (parameters: [string, number, number, number, number, number][]): RunSummary => ({
  tempest: '0.0.0', model: '/m.ts', nDim: parameters.length, nParticles: 128, seed: 3, iterations: 14, calls: 6120,
  logz: -6.0002, logzErr: 0.0906, ess: 1052, elapsedSeconds: 0.2, samplingSeconds: 0.1,
  parameters: parameters.map(([name, mean, sd, q05, q50, q95]) => ({ name, mean, sd, q05, q16: (q05 + q50) / 2, q50, q84: (q50 + q95) / 2, q95 })),
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
      'parameter      mean        sd        5%       16%       50%       84%       95%',
      'a            -0.025     0.973    -1.644    -0.823    -0.001     0.765     1.532',
      'b             0.001     0.962    -1.516    -0.758     0.000     0.805     1.610',
      'tiny       2.100e-6  1.300e-6  1.000e-7  1.050e-6  2.000e-6  3.150e-6  4.300e-6',
      'shift       100.500     0.012   100.480   100.490   100.500   100.510   100.520',
      '',
    ].join('\n'));
    for (const line of text.split('\n').slice(3, -1)) {
      const cells = line.trim().split(/ +/).slice(1);
      const decimals = new Set(cells.map((c) => (c.includes('e') ? 'e' : (c.split('.')[1] ?? '').length)));
      expect(decimals.size, line).toBe(1);
    }
  });

  it('adds H, the best fit\'s ln L and column, and marks periodic parameters with a note', () => {
    const base = summary([['phase', 0.01, 0.14, -0.22, 0.01, 0.24], ['a', 1, 1, -0.6, 1, 2.6]]);
    const text = formatSummaryTable({
      ...base, information: 4.349, informationErr: 0.101, maxLikelihood: { logl: -0.0004, parameters: { phase: 0.02, a: 1.1 } },
      parameters: base.parameters.map((p, j) => ({ ...p, maxLikelihood: [0.02, 1.1][j], ...(j === 0 ? { circular: { low: 0, high: 2 * Math.PI, resultantLength: 0.99 } } : {}) })),
    });
    expect(text.split('\n').slice(0, 2)).toEqual(['log Z = -6.000 ± 0.091   (14 iterations, 6,120 calls, ESS 1,052, 0.2 s, seed 3)', 'H = 4.35 ± 0.10 nats (information from prior to posterior); max ln L = 0.000']);
    expect(text.replace(/ +/g, ' ')).toContain('parameter mean sd 5% 16% 50% 84% 95% max-L\nphase° 0.0100 0.1400 -0.2200 -0.1050 0.0100 0.1250 0.2400 0.0200\n');
    expect(text).toContain('° periodic: circular mean and sd; quantiles on the axis centred on the mean (phase wraps at [0, 2π)).\n');
  });

  it('gives the closing sample\'s error with the allowance for a lost mode where it has one', () => {
    const base = summary([['x', 0, 1, -1.6, 0, 1.6]]);
    const text = formatSummaryTable({
      ...base, logz: 235.842, logzErr: 0.0195,
      closing: { logz: 235.842, logzErr: 0.0068, lostModeErr: 0.0183, ess: 3442.5, paretoShape: 0.11, historyBeyond: 0.0004, orphanRegions: 0, draws: 4096, calls: 3879, used: true, floor: false, reason: 'k-hat = 0.11, ESS 3443 of 4096 draws, the verdict passed and the anneal agrees (z = 0.43), so log Z, its error and the posterior are the closing sample\'s.' },
      annealed: { logz: 235.8016, logzErr: 0.0933 },
    });
    expect(text.split('\n')[1]).toMatch(/^Closing sample: log Z = 235\.842 ± 0\.007 \(± 0\.020 with a lost mode allowed for\) from 4,096 draws/);
  });

  it('says, under log Z, what the closing sample gave and whether log Z is its', () => {
    const base = summary([['x', 0, 1, -1.6, 0, 1.6]]);
    const text = formatSummaryTable({
      ...base, logz: -6.0121, logzErr: 0.0071,
      closing: { logz: -6.0121, logzErr: 0.0071, lostModeErr: 0, ess: 3480.2, paretoShape: 0.12, historyBeyond: 0.0003, orphanRegions: 0, draws: 4096, calls: 4096, used: true, floor: false, reason: 'k-hat = 0.12, the verdict passed and the anneal agrees (z = 0.13), so log Z, its error and the posterior are the closing sample\'s.' },
      annealed: { logz: -6.0002, logzErr: 0.0906 },
    });
    expect(text.split('\n').slice(0, 2)).toEqual([
      'log Z = -6.012 ± 0.007   (14 iterations, 6,120 calls, ESS 1,052, 0.2 s, seed 3)',
      'Closing sample: log Z = -6.012 ± 0.007 from 4,096 draws (4,096 calls, ESS 3,480, k-hat 0.12); used: k-hat = 0.12, the verdict passed and the anneal agrees (z = 0.13), so log Z, its error and the posterior are the closing sample\'s. Anneal: -6.000 ± 0.091.',
    ]);
  });

  it('says when the closing sample\'s log Z stands as a floor under the anneal', () => {
    const base = summary([['x', 0, 1, -1.6, 0, 1.6]]);
    const reason = 'In the closing sample the tail of its weights is too heavy to trust its error (k-hat = 0.63, above 0.5). But its log Z lies 3.9 combined errors above the anneal\'s (-30.902 ± 0.074), ... So log Z is the closing sample\'s, with the error widened to their difference, and the posterior is the anneal\'s.';
    const text = formatSummaryTable({
      ...base, logz: -30.5737, logzErr: 0.3283,
      closing: { logz: -30.5737, logzErr: 0.0394, lostModeErr: 0, ess: 557.1, paretoShape: 0.63, historyBeyond: 0.0118, orphanRegions: 0, draws: 4096, calls: 4020, used: false, floor: true, reason },
      annealed: { logz: -30.902, logzErr: 0.0738 },
    });
    expect(text.split('\n').slice(0, 2)).toEqual([
      'log Z = -30.574 ± 0.328   (14 iterations, 6,120 calls, ESS 1,052, 0.2 s, seed 3)',
      `Closing sample: log Z = -30.574 ± 0.039 from 4,096 draws (4,020 calls, ESS 557, k-hat 0.63); its log Z used as a floor: ${reason} Anneal: -30.902 ± 0.074.`,
    ]);
  });

  it('reads a summary.json of an earlier version, without the 16% and 84% quantiles', () => {
    const old = summary([['x', 0, 1, -1.6, 0, 1.6]]);
    const { q16: _a, q84: _b, ...rest } = old.parameters[0];
    expect(formatSummaryTable({ ...old, parameters: [rest] }).replace(/ +/g, ' ')).toContain('\nx 0.000 1.000 -1.600 — 0.000 — 1.600\n');
  });

  it('keeps non-finite values readable', () => {
    expect(rowFormat([NaN, 1], 1)(NaN)).toBe('NaN');
    expect(rowFormat([0, 0], 0)(0)).toBe('0.000');
  });
});
