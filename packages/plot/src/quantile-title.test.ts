import { describe, expect, it } from 'vitest';
import { quantileTitle } from './quantile-title.js';

describe('quantileTitle', () => {
  it('rounds median and errors to two significant digits of the smaller error', () => {
    expect(quantileTitle('m', 0.9, 1.234, 1.5)).toEqual({ main: 'm = 1.23', median: '1.23', upper: '+0.27', lower: '\u22120.33' });
    expect(quantileTitle('b', -812, -797, -785)).toEqual({ main: 'b = \u2212797', median: '\u2212797', upper: '+12', lower: '\u221215' });
  });

  it('keeps a title for a parameter without spread', () => {
    expect(quantileTitle('c', 5, 5, 5)).toEqual({ main: 'c = 5.000', median: '5.000', upper: '', lower: '' });
  });

  it('uses exponent form for tiny values', () => {
    const t = quantileTitle('k', 1.2e-8, 1.5e-8, 1.9e-8);
    expect(t.main).toBe('k = 1.50e\u22128');
    expect(t.upper).toBe('+4.0e\u22129');
  });
});
