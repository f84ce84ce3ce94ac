import { describe, expect, it } from 'vitest';
import { fitRuns, indexFontSize, MIN_FONT_SIZE, runsMarkup, runsWidth } from './rich-text.js';
import { texRuns } from './tex-label.js';

describe('fitRuns', () => {
  it('keeps the preferred size when the text fits, and shrinks it to fit otherwise', () => {
    const runs = texRuns('amplitude');
    expect(fitRuns(runs, 500, 13)).toEqual({ font: 13, runs, truncated: false });
    const fitted = fitRuns(runs, 60, 13);
    expect(fitted.font).toBeLessThan(13);
    expect(fitted.font).toBeGreaterThanOrEqual(MIN_FONT_SIZE);
    expect(runsWidth(fitted.runs, fitted.font)).toBeLessThanOrEqual(60.1);
    expect(fitted.truncated).toBe(false);
  });

  it('never goes below the floor: a name too long is shortened in the middle instead', () => {
    const fitted = fitRuns(texRuns('a_very_long_parameter_name_that_never_fits_w'), 120, 13, 9);
    expect(fitted.font).toBe(9);
    expect(fitted.truncated).toBe(true);
    const text = fitted.runs.map((r) => r.text).join('');
    expect(text).toMatch(/^a_very_.*….*_w$/);
    expect(runsWidth(fitted.runs, fitted.font)).toBeLessThanOrEqual(120);
  });

  it('keeps the shift of the characters it keeps', () => {
    const fitted = fitRuns(texRuns('$\\sigma_{effective\\,population\\,size}$'), 60, 12, 9);
    expect(fitted.runs[0]).toEqual({ text: 'σ', italic: true });
    expect(fitted.runs.some((r) => r.shift === 'sub' && r.text.includes('…'))).toBe(false);
    expect(fitted.runs.filter((r) => r.shift === 'sub').length).toBeGreaterThan(0);
  });
});

describe('runsMarkup', () => {
  it('writes plain text without tspans, and escapes it', () => {
    expect(runsMarkup(texRuns('a<b & "c"'), 12)).toBe('a&lt;b &amp; &quot;c&quot;');
  });

  it('lowers subscripts, raises superscripts, and returns to the baseline after them', () => {
    const markup = runsMarkup(texRuns('$H_0$ [km/s]'), 10);
    expect(markup).toBe(`<tspan font-style="italic">H</tspan><tspan dy="2.8" font-size="${indexFontSize(10)}">0</tspan><tspan dy="-2.8"> [km/s]</tspan>`);
    const both = runsMarkup(texRuns('$\\sigma_{\\rm eff}^2$'), 10);
    expect(both).toContain('<tspan dy="2.8" font-size="8">eff</tspan><tspan dy="-6.8" font-size="8">2</tspan>');
    expect(both).toMatch(/^<tspan font-style="italic">σ<\/tspan>/);
  });

  it('draws indices no smaller than the floor', () => {
    expect(indexFontSize(9)).toBe(MIN_FONT_SIZE);
    expect(indexFontSize(20)).toBeCloseTo(14.4, 12);
  });
});
