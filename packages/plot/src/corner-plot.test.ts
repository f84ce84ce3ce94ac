import { RandomGenerator, TempestError } from '@tempest/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cornerPlotSvg } from './corner-plot.js';

/** `n` weighted draws of `nDim` standard normals with neighbour correlation 0.6. */
function correlatedSamples(nDim: number, n: number, seed = 3) {
  const rng = new RandomGenerator(seed);
  const columns = Array.from({ length: nDim }, () => new Float64Array(n));
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let previous = rng.normal();
    for (let j = 0; j < nDim; j++) {
      previous = 0.6 * previous + 0.8 * rng.normal();
      columns[j][i] = previous;
    }
    weights[i] = 0.5 + rng.uniform();
  }
  return { columns, weights };
}

/** Every value of attribute `name` in a parsed XML tree. */
function collect(node: unknown, name: string, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) collect(child, name, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === `@_${name}`) out.push(String(value));
      else collect(value, name, out);
    }
  }
  return out;
}

const parse = (svg: string) => new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: false }).parse(svg);

describe('cornerPlotSvg', () => {
  it('draws n(n+1)/2 named panels in a valid standalone SVG', () => {
    const { columns, weights } = correlatedSamples(3, 3000);
    const svg = cornerPlotSvg({ names: ['a', 'b', 'c'], columns, weights, title: 'test' });
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = parse(svg).svg;
    expect(root['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(root['@_viewBox']).toMatch(/^0 0 \d+ \d+$/);
    expect(collect(root, 'data-panel').sort()).toEqual(['hist:a', 'hist:b', 'hist:c', 'pair:b:a', 'pair:c:a', 'pair:c:b']);
    // Two contour lines (39.3%, 86.5%) per 2-D panel, as paths under a "contour" group.
    expect(svg.match(/aria-label="contour"/g)?.length).toBe(2 * 3);
    // Dashed 16/50/84% lines on each diagonal panel.
    expect(svg.match(/stroke-dasharray="4,3"/g)?.length).toBe(3);
  });

  it('draws a single histogram for one parameter', () => {
    const { columns, weights } = correlatedSamples(1, 500);
    const svg = cornerPlotSvg({ names: ['only'], columns, weights });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(collect(parse(svg), 'data-panel')).toEqual(['hist:only']);
    expect(svg).toContain('class="axis-label"');
  });

  it('escapes names that need it and keeps them readable after parsing', () => {
    const { columns, weights } = correlatedSamples(2, 800);
    const names = ['a<b & "c"', "θ'1"];
    const svg = cornerPlotSvg({ names, columns, weights, title: '<run & co>' });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('a<b');
    expect(collect(parse(svg), 'data-panel').sort()).toEqual([`hist:${names[0]}`, `hist:${names[1]}`, `pair:${names[1]}:${names[0]}`].sort());
  });

  it('gives a constant parameter a non-empty range', () => {
    const { columns, weights } = correlatedSamples(2, 800);
    columns[1].fill(7);
    const svg = cornerPlotSvg({ names: ['x', 'fixed'], columns, weights });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('fixed = 7.000');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('draws truth lines only where given and in range', () => {
    const { columns, weights } = correlatedSamples(2, 800);
    const withTruths = cornerPlotSvg({ names: ['x', 'y'], columns, weights, truths: [0.5, NaN] });
    const without = cornerPlotSvg({ names: ['x', 'y'], columns, weights });
    const far = cornerPlotSvg({ names: ['x', 'y'], columns, weights, truths: [1e6, NaN] });
    const count = (svg: string) => svg.match(/stroke="#e66101"/g)?.length ?? 0;
    expect(count(without)).toBe(0);
    expect(count(far)).toBe(0);
    // On the x histogram and as a vertical line in the pair panel.
    expect(count(withTruths)).toBe(2);
  });

  it('rejects non-finite values naming the parameter, and lists every problem', () => {
    const { columns, weights } = correlatedSamples(3, 100);
    columns[1][17] = NaN;
    let error: unknown;
    try {
      cornerPlotSvg({ names: ['a', 'b', 'c'], columns, weights });
    } catch (e) {
      error = e;
    }
    expect(TempestError.is(error)).toBe(true);
    const e = error as TempestError;
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.option).toBe('b');
    expect(e.message).toContain('"b"');
    expect(e.message).toContain('sample 17');

    const bad = { names: ['a', 'b'], columns: [columns[0], columns[1].subarray(1)], weights: weights.map((w, i) => (i === 3 ? -1 : w)) };
    try {
      cornerPlotSvg(bad);
    } catch (e2) {
      error = e2;
    }
    const problems = (error as TempestError).problems ?? [];
    expect(problems.some((p) => p.includes('weights[3] is -1'))).toBe(true);
    expect(problems.some((p) => p.includes('column 1 ("b") has 99 values but there are 100 weights'))).toBe(true);
  });

  it('rejects mismatched names, zero weights and bad truths', () => {
    const { columns, weights } = correlatedSamples(2, 10);
    expect(() => cornerPlotSvg({ names: ['a'], columns, weights })).toThrow(/names has 1 entries but columns has 2/);
    expect(() => cornerPlotSvg({ names: ['a', 'b'], columns, weights: new Float64Array(10) })).toThrow(/sum to 0/);
    expect(() => cornerPlotSvg({ names: ['a', 'b'], columns, weights, truths: [1] })).toThrow(/truths must have one entry per parameter \(2\)/);
    expect(() => cornerPlotSvg({ names: [], columns: [], weights })).toThrow(/at least one parameter/);
    expect(() => cornerPlotSvg(undefined as never)).toThrow(TempestError);
  });

  it('draws TeX labels with Greek letters, italic variables and indices, leaving no $ in the drawn text', () => {
    const { columns, weights } = correlatedSamples(2, 800);
    const svg = cornerPlotSvg({ names: ['alpha', 'H0'], labels: ['$\\alpha$', '$H_0$ [km/s/Mpc]'], columns, weights });
    expect(XMLValidator.validate(svg)).toBe(true);
    const text = svg.replace(/<[^>]*>/g, ' ');
    expect(text).not.toContain('$');
    expect(text).not.toContain('\\alpha');
    // Math letters are set in italic, as LaTeX sets them; the unit stays upright.
    expect(svg).toContain('<tspan font-style="italic">α</tspan></text>');
    expect(svg).toMatch(/><tspan font-style="italic">H<\/tspan><tspan dy="[\d.]+" font-size="[\d.]+">0<\/tspan><tspan dy="-[\d.]+"> \[km\/s\/Mpc\]<\/tspan>/);
    // Panels are named by the identifiers; the labels are what is drawn.
    expect(collect(parse(svg), 'data-panel')).toContain('pair:H0:alpha');
    expect(svg).toContain('aria-label="Corner plot of 2 parameters: α, H₀ [km/s/Mpc]"');
  });

  it('grows the figure with the number of parameters instead of shrinking the panels', () => {
    const frameWidths = (svg: string) => [...svg.matchAll(/<rect [^>]*\swidth="([\d.]+)"[^>]*aria-label="frame"/g)].map((m) => Number(m[1]));
    const widths: number[] = [];
    for (const nDim of [1, 2, 5, 10]) {
      const { columns, weights } = correlatedSamples(nDim, 500);
      const svg = cornerPlotSvg({ names: columns.map((_, j) => `p${j}`), columns, weights });
      widths.push(Number(parse(svg).svg['@_width']));
      for (const w of frameWidths(svg)) expect(w).toBeGreaterThanOrEqual(160);
    }
    // A sensible minimum for one or two parameters, then about 170 px per parameter.
    expect(widths[0]).toBeGreaterThan(300);
    expect(widths[1]).toBeGreaterThan(500);
    expect(widths[3] - widths[2]).toBeGreaterThan(5 * 160);
  });

  it('draws a figure title only when one is given', () => {
    const { columns, weights } = correlatedSamples(2, 300);
    const names = ['a', 'b'];
    expect(cornerPlotSvg({ names, columns, weights, title: 'model.ts' })).toContain('class="figure-title"');
    expect(cornerPlotSvg({ names, columns, weights, title: '' })).not.toContain('figure-title');
    expect(cornerPlotSvg({ names, columns, weights })).not.toContain('figure-title');
    // The space the title took goes too.
    const withTitle = parse(cornerPlotSvg({ names, columns, weights, title: 'model.ts' })).svg;
    const without = parse(cornerPlotSvg({ names, columns, weights })).svg;
    expect(Number(without['@_height'])).toBeLessThan(Number(withTitle['@_height']));
  });

  it('keeps the axis of a parameter with hard edges inside its samples', () => {
    // A phase filling [0, 2π): the old 10% padding drew an axis from −0.6 to 6.9.
    const n = 4000;
    const rng = new RandomGenerator(5);
    const phase = Float64Array.from({ length: n }, () => 2 * Math.PI * rng.uniform());
    const other = Float64Array.from({ length: n }, () => rng.normal());
    const svg = cornerPlotSvg({ names: ['phase', 'x'], columns: [phase, other], weights: new Float64Array(n).fill(1) });
    // The axis domain, recovered from where the tick labels of the phase axis sit under the
    // bottom-left panel (x offset in pixels against value).
    const panel = svg.slice(svg.indexOf('data-panel="pair:x:phase"'));
    const size = Number(/<rect [^>]*\swidth="([\d.]+)"[^>]*aria-label="frame"/.exec(panel)?.[1]);
    const axis = /aria-label="x-axis tick label">(.*?)<\/g>/.exec(panel)?.[1] ?? '';
    const ticks = [...axis.matchAll(/translate\(([\d.]+),[\d.]+\)" y="[^"]*">([^<]+)<\/text>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    const [[x0, v0], [x1, v1]] = [ticks[0], ticks[ticks.length - 1]];
    const perPixel = (v1 - v0) / (x1 - x0);
    const lo = v0 - x0 * perPixel;
    const hi = lo + size * perPixel;
    expect(lo).toBeGreaterThan(-0.01);
    expect(lo).toBeLessThan(0.05);
    expect(hi).toBeLessThan(2 * Math.PI + 0.01);
    expect(hi).toBeGreaterThan(2 * Math.PI - 0.05);
  });

  it('recentres a periodic axis on the circular mean: a phase straddling 0 = 2π is one peak', () => {
    // Phase ~ wrapped N(0, 0.1²) on [0, 2π): half the samples just above 0, half just below 2π.
    const n = 6000;
    const rng = new RandomGenerator(11);
    const phase = Float64Array.from({ length: n }, () => (2 * Math.PI + 0.1 * rng.normal()) % (2 * Math.PI));
    const other = Float64Array.from({ length: n }, () => rng.normal());
    const weights = new Float64Array(n).fill(1);
    const periodic = [{ low: 0, high: 2 * Math.PI }, undefined];
    const linear = cornerPlotSvg({ names: ['phase', 'x'], columns: [phase, other], weights });
    const circular = cornerPlotSvg({ names: ['phase', 'x'], columns: [phase, other], weights, periodic });
    const domainWidth = (svg: string) => {
      const panel = svg.slice(svg.indexOf('data-panel="pair:x:phase"'));
      const size = Number(/<rect [^>]*\swidth="([\d.]+)"[^>]*aria-label="frame"/.exec(panel)?.[1]);
      const axis = /aria-label="x-axis tick label">(.*?)<\/g>/.exec(panel)?.[1] ?? '';
      const ticks = [...axis.matchAll(/translate\(([\d.]+),[\d.]+\)[^>]*>([^<]+)<\/text>/g)].map((m) => [Number(m[1]), Number(m[2].replace('\u2212', '-'))]);
      return (size * (ticks.at(-1)![1] - ticks[0][1])) / (ticks.at(-1)![0] - ticks[0][0]);
    };
    expect(domainWidth(linear)).toBeGreaterThan(6); // the two halves at both ends of [0, 2π)
    expect(domainWidth(circular)).toBeLessThan(1); // ±0.3 around the seam, padded
    // The title gives the circular median with a spread of about 0.1, not "+0.08 −6.09".
    const title = /class="panel-title"[^]*?<\/g>/.exec(circular)![0].replace(/<[^>]*>/g, ' ');
    const [up, down] = [/\+(\d\.\d+)/.exec(title)![1], /\u2212(\d\.\d+)/.exec(title)![1]].map(Number);
    expect(up).toBeGreaterThan(0.08);
    expect(up).toBeLessThan(0.12);
    expect(down).toBeGreaterThan(0.08);
    expect(down).toBeLessThan(0.12);
  });

  it('overlays several posteriors, each in its colour, with a legend', () => {
    const a = correlatedSamples(2, 2000, 3);
    const b = correlatedSamples(2, 2000, 4);
    b.columns[0] = b.columns[0].map((v) => v + 2);
    const svg = cornerPlotSvg({
      names: ['m', 'c'],
      series: [{ ...a, label: 'model A' }, { ...b, label: '$\\Lambda$CDM', color: 'crimson' }],
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(collect(parse(svg), 'data-panel').sort()).toEqual(['hist:c', 'hist:m', 'pair:c:m']);
    // Two contour lines per posterior in the pair panel, in each one's colour; no quantile titles.
    // One fill and one line mark per posterior in the pair panel.
    expect(svg.match(/aria-label="contour"/g)?.length).toBe(2 * 2);
    expect(svg).toContain('stroke="#1f4e8c"');
    expect(svg).toContain('stroke="crimson"');
    const legend = /<g class="legend">[^]*?<\/g>/.exec(svg)![0];
    expect(legend).toContain('model A');
    expect(legend).toMatch(/<tspan font-style="italic">Λ<\/tspan>|Λ/);
    expect(svg).not.toMatch(/= \d/);
  });

  it('takes corner.py\'s options: ranges, bins, levels, quantiles, colours; and names a misspelt one', () => {
    const { columns, weights } = correlatedSamples(2, 3000);
    const svg = cornerPlotSvg({ names: ['a', 'b'], columns, weights, ranges: [[-1, 1], undefined], bins: 10, levels: [0.5, 0.9, 0.99], quantiles: [0.5], colors: ['#2a9d8f'] });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.match(/stroke-dasharray="4,3"/g)?.length).toBe(2); // one quantile per histogram
    expect(svg).toContain('stroke="#2a9d8f"');
    // The given range is the axis: its tick labels lie within [−1, 1].
    const panel = svg.slice(svg.indexOf('data-panel="pair:b:a"'));
    const labels = [...(/aria-label="x-axis tick label">(.*?)<\/g>/.exec(panel)?.[1] ?? '').matchAll(/>([^<]+)<\/text>/g)].map((m) => Number(m[1].replace('\u2212', '-')));
    expect(Math.min(...labels)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...labels)).toBeLessThanOrEqual(1);
    const bad = () => cornerPlotSvg({ names: ['a', 'b'], columns, weights, range: [[0, 1], undefined] } as never);
    expect(bad).toThrow(/unknown option "range" \(did you mean ranges\?\)/);
    expect(() => cornerPlotSvg({ names: ['a', 'b'], columns, weights, levels: [0.9, 0.5] })).toThrow(/levels must be increasing mass fractions in \(0, 1\)/);
    expect(() => cornerPlotSvg({ names: ['a', 'b'], columns, weights, smooth: -1 })).toThrow(/smooth must be a standard deviation in bins/);
  });

  it('draws 2-D marginals unsmoothed by default (corner.py), and smooths only when asked', () => {
    const { columns, weights } = correlatedSamples(2, 3000);
    const plain = cornerPlotSvg({ names: ['a', 'b'], columns, weights });
    expect(cornerPlotSvg({ names: ['a', 'b'], columns, weights, smooth: 0 })).toBe(plain);
    expect(cornerPlotSvg({ names: ['a', 'b'], columns, weights, smooth: 1 })).not.toBe(plain);
  });

  it('rotates the tick labels of a narrow axis so that it keeps at least two ticks', () => {
    // Four parameters: 160 px panels, where level labels such as "12.3455" leave room for one tick.
    const { columns, weights } = correlatedSamples(4, 2000);
    const period = columns[0].map((v) => 12.345 + 3e-4 * v);
    const svg = cornerPlotSvg({ names: ['P', 'b', 'c', 'd'], columns: [period, ...columns.slice(1)], weights });
    const panel = svg.slice(svg.indexOf('data-panel="pair:d:P"'));
    const axis = /aria-label="x-axis tick label"[^]*?<\/g>/.exec(panel)![0];
    expect(axis).toContain('rotate(-45)');
    expect(axis.match(/<text/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('renders 10 parameters × 20,000 weighted samples and 20 parameters compactly', () => {
    // Rendering time is measured by `npm run bench` (BENCHMARKS.md), not asserted here.
    const ten = correlatedSamples(10, 20_000);
    const names = ten.columns.map((_, j) => `p${j}`);
    const svg = cornerPlotSvg({ names, columns: ten.columns, weights: ten.weights });
    expect(collect(parse(svg), 'data-panel')).toHaveLength(55);

    const twenty = correlatedSamples(20, 4000);
    const big = cornerPlotSvg({ names: twenty.columns.map((_, j) => `q${j}`), columns: twenty.columns, weights: twenty.weights });
    expect(XMLValidator.validate(big)).toBe(true);
    expect(big.length).toBeLessThan(1_000_000);
  });
});
