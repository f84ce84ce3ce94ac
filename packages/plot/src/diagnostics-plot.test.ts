import type { IterationInfo } from '@tempest/core';
import { TempestError } from '@tempest/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { diagnosticsPlotSvg } from './diagnostics-plot.js';
import { seriesScale } from './diagnostics-series.js';

const timing = { reweight: 0, reweightSteps: 0, train: 0, mutate: 0, likelihood: 0, total: 0 };

/** A plausible run: β = 0 for two iterations, then geometric growth to 1, then ESS accumulation. */
function fakeRun(n: number): IterationInfo[] {
  return Array.from({ length: n }, (_, i) => {
    const beta = i < 2 ? 0 : Math.min(1, 1e-5 * 4 ** (i - 2));
    return {
      iteration: i + 1,
      calls: 256 * (i + 1),
      beta,
      ess: beta < 1 ? 256 : 256 + 300 * i,
      logz: -30 * beta,
      meanLogl: -1e5 * Math.exp(-i) - 20,
      acceptance: 0.3 + 0.5 * beta,
      steps: Math.max(3, 15 - i),
      efficiency: 0.8,
      K: i % 5 === 0 ? 2 : 1,
      cv: 0.05,
      correlation: 0.03,
      capped: false,
      loglGain: 0.01,
      loglGainError: 0.05,
      timing,
    };
  });
}

function panels(svg: string): string[] {
  return [...svg.matchAll(/data-panel="([^"]+)"/g)].map((m) => m[1]);
}

describe('diagnosticsPlotSvg', () => {
  it('stacks the beta, ESS, log Z, log L, acceptance, steps and clusters panels in valid XML', () => {
    const svg = diagnosticsPlotSvg(fakeRun(14), { title: 'run <1> & more' });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(panels(svg)).toEqual(['beta', 'ess', 'logz', 'logl', 'acceptance', 'steps', 'clusters']);
    const root = new XMLParser({ ignoreAttributes: false }).parse(svg).svg;
    expect(root['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(svg).toContain('run &lt;1&gt; &amp; more');
    expect(svg).toContain('β = 0 (prior) for 2 iterations');
    expect(svg).toContain('final log Z = \u221230.000');
    // Shared x axis: only the bottom panel labels its ticks, and the axis name appears once.
    expect(svg.match(/aria-label="x-axis tick label"/g)?.length).toBe(1);
    expect(svg.match(/>iteration</g)?.length).toBe(1);
  });

  it('draws a single iteration and non-finite values without breaking the document', () => {
    const run = fakeRun(1);
    run[0].logz = Number.NEGATIVE_INFINITY;
    const svg = diagnosticsPlotSvg(run);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(panels(svg)).toHaveLength(7);
    expect(svg).not.toMatch(/NaN/);
  });

  it('marks the ESS target in the ESS panel when it is given', () => {
    const run = fakeRun(14);
    const target = 6000;
    const svg = diagnosticsPlotSvg(run, { essTarget: target });
    const essPanel = svg.slice(svg.indexOf('data-panel="ess"'), svg.indexOf('data-panel="logz"'));
    expect(essPanel.match(/stroke-dasharray="5,3"/g)?.length).toBe(1);
    expect(essPanel).toContain('target 6000');
    // The scale reaches the target even though the run's ESS stays below it.
    expect(Math.max(...run.map((i) => i.ess))).toBeLessThan(target);
    expect(svg.match(/stroke-dasharray="5,3"/g)?.length).toBe(1);
    expect(diagnosticsPlotSvg(run)).not.toContain('stroke-dasharray="5,3"');
    expect(diagnosticsPlotSvg(run, { essTarget: Number.NaN })).not.toContain('stroke-dasharray="5,3"');
  });

  it('draws the final ESS as the last point, on the target line the run reached', () => {
    // Each iteration's ESS is measured before its own particles count: the last one sits below
    // the target although the run stopped because it reached it.
    const run = fakeRun(14).map((info, i, all) => (i === all.length - 1 ? { ...info, ess: 3600 } : info));
    const panelOf = (svg: string) => svg.slice(svg.indexOf('data-panel="ess"'), svg.indexOf('data-panel="logz"'));
    const lastDotY = (svg: string) => Number(/cy="([\d.]+)"/.exec([...panelOf(svg).matchAll(/<circle[^>]*>/g)].at(-1)![0])![1]);
    const targetY = (svg: string) => Number(/<g stroke-dasharray="5,3"[^>]*><line[^>]* y1="([\d.]+)"/.exec(panelOf(svg))![1]);
    const without = diagnosticsPlotSvg(run, { essTarget: 4096 });
    const withFinal = diagnosticsPlotSvg(run, { essTarget: 4096, finalEss: 4100 });
    expect(lastDotY(without) - targetY(without)).toBeGreaterThan(5); // below the line, by pixels
    expect(Math.abs(lastDotY(withFinal) - targetY(withFinal))).toBeLessThan(1.5);
  });

  it('keeps the β note clear of the β curve when β reaches 1 early', () => {
    // β = 1 from the third iteration of 20: the curve runs along the top almost all the way.
    const run = fakeRun(20).map((info, i) => ({ ...info, beta: i === 0 ? 0.01 : i === 1 ? 0.2 : 1 }));
    const svg = diagnosticsPlotSvg(run);
    const panel = svg.slice(svg.indexOf('data-panel="beta"'), svg.indexOf('data-panel="ess"'));
    const note = /<g transform="translate\((-?[\d.]+),(-?[\d.]+)\)"[^>]*aria-label="text"><text transform="translate\(([\d.]+),([\d.]+)\)">(β = 1 from iteration 3)<\/text>/.exec(panel);
    expect(note, 'the β note').not.toBeNull();
    // Anchored at its bottom right: the text ends at x and its baseline is at y.
    const [x, y] = [Number(note![1]) + Number(note![3]), Number(note![2]) + Number(note![4])];
    const width = note![5].length * 0.62 * 10;
    const dots = [...panel.matchAll(/<circle[^>]*>/g)].map((m) => [Number(/cx="([\d.]+)"/.exec(m[0])![1]), Number(/cy="([\d.]+)"/.exec(m[0])![1])]);
    const under = dots.filter(([cx]) => cx >= x - width - 4 && cx <= x + 4);
    expect(under.length).toBeGreaterThan(3);
    // Every point above the note's text (its top is about one font size above its anchor's baseline).
    for (const [, cy] of under) expect(cy).toBeLessThan(y - 12);
  });

  it('draws no figure title unless one is given', () => {
    expect(diagnosticsPlotSvg(fakeRun(5))).not.toContain('figure-title');
    expect(diagnosticsPlotSvg(fakeRun(5), { title: '' })).not.toContain('figure-title');
    expect(diagnosticsPlotSvg(fakeRun(5), { title: 'run' })).toContain('class="figure-title"');
  });

  it('refuses an empty run with a TempestError saying what to pass', () => {
    expect(() => diagnosticsPlotSvg([])).toThrow(TempestError);
    expect(() => diagnosticsPlotSvg([])).toThrow(/at least one iteration.*sampler\.diagnostics/);
  });
});

describe('seriesScale', () => {
  it('puts β on a log scale when it spans decades and ignores β = 0', () => {
    const scale = seriesScale([0, 0, 1e-5, 1e-3, 0.1, 1], 'log', 100, 10);
    expect(scale.type).toBe('log');
    expect(scale.domain[0]).toBeGreaterThan(0);
    expect(scale.ticks.labels).toContain('1');
    expect(seriesScale([0.3, 0.6, 1], 'log', 100, 10).type).toBe('linear');
  });

  it('uses a symmetric log scale for a log-likelihood climbing over decades', () => {
    const scale = seriesScale([-3e5, -2e3, -50, -17], 'auto', 100, 10);
    expect(scale.type).toBe('symlog');
    expect(scale.domain[0]).toBeLessThan(-3e5);
    expect(scale.domain[1]).toBeGreaterThan(-17);
    expect(seriesScale([-20, -18, -17], 'auto', 100, 10).type).toBe('linear');
  });

  it('keeps counts on integer ticks starting at 0', () => {
    const scale = seriesScale([1, 2, 2, 1], 'count', 100, 10, 4);
    expect(scale.domain[0]).toBeLessThan(0);
    for (const v of scale.ticks.values) expect(Number.isInteger(v)).toBe(true);
    expect(scale.ticks.values[0]).toBe(0);
  });
});
