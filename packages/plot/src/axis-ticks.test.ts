import { describe, expect, it } from 'vitest';
import { axisTicks, formatNumber } from './axis-ticks.js';

describe('axisTicks', () => {
  it('chooses 1-2-5 steps inside the domain and labels them with a true minus sign', () => {
    const ticks = axisTicks(-1.3, 2.7, { length: 200, fontSize: 10, orientation: 'x' });
    expect(ticks.values).toEqual([-1, 0, 1, 2]);
    expect(ticks.labels).toEqual(['\u22121', '0', '1', '2']);
  });

  it('keeps labels apart on a narrow axis by taking a coarser step', () => {
    const wide = axisTicks(-1300, 1300, { length: 400, fontSize: 10, orientation: 'x' });
    const narrow = axisTicks(-1300, 1300, { length: 160, fontSize: 10, orientation: 'x' });
    expect(narrow.values.length).toBeGreaterThanOrEqual(2);
    expect(narrow.values.length).toBeLessThan(wide.values.length);
    const step = narrow.values[1] - narrow.values[0];
    const spacing = (step / 2600) * 160;
    const widest = Math.max(...narrow.labels.map((l) => l.length)) * 0.64 * 10;
    expect(spacing).toBeGreaterThanOrEqual(widest);
  });

  it('drops ticks whose label would spill past the panel edge', () => {
    // 0 sits exactly on the left edge: half its label would hang outside.
    const ticks = axisTicks(0, 1, { length: 200, fontSize: 10, orientation: 'x' });
    expect(ticks.values[0]).toBeGreaterThan(0);
    expect(ticks.values.at(-1)).toBeLessThan(1);
  });

  it('rotates the labels of a narrow axis with long labels, so that it keeps at least two ticks', () => {
    // A period known to 3e-4 days: level labels such as "12.3455" leave room for one tick only.
    const ticks = axisTicks(12.3441, 12.3459, { length: 160, fontSize: 10, orientation: 'x', edgeSlack: 3.5 });
    expect(ticks.rotated).toBe(true);
    expect(ticks.values.length).toBeGreaterThanOrEqual(2);
    for (const v of ticks.values) expect(v).toBeGreaterThan(12.3441);
    expect(ticks.labels).toEqual(['12.3445', '12.3450', '12.3455']);
    const spacing = ((ticks.values[1] - ticks.values[0]) / 0.0018) * 160;
    expect(spacing).toBeGreaterThanOrEqual(1.5 * 10 * Math.SQRT2);
    // A wide axis keeps level labels.
    expect(axisTicks(-1.3, 2.7, { length: 200, fontSize: 10, orientation: 'x' }).rotated).toBeUndefined();
  });

  it('respects a minimum step for integer axes', () => {
    const ticks = axisTicks(0, 3, { length: 400, fontSize: 10, orientation: 'x', minStep: 1, edgeSlack: 10 });
    expect(ticks.values).toEqual([0, 1, 2, 3]);
  });
});

describe('formatNumber', () => {
  it('writes ordinary numbers with fixed decimals and a true minus sign', () => {
    expect(formatNumber(-0.25, 2)).toBe('\u22120.25');
    expect(formatNumber(3, 0)).toBe('3');
    expect(formatNumber(-0.0001, 2)).toBe('0.00');
  });

  it('switches to exponent form for very large or very small numbers', () => {
    expect(formatNumber(1.5e-7, 8)).toBe('1.5e\u22127');
    expect(formatNumber(250000, 0)).toBe('2.50000e5');
    expect(formatNumber(0, 9)).toBe('0');
    expect(formatNumber(123456.71, 2)).toBe('123456.71'); // plain when shorter than 1.2345671e5
  });
});
