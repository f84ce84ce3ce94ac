import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { RandomGenerator, TempestError } from '@tempest/core';
import { cornerPlotSvg } from './corner-plot.js';
import { svgToPng } from './svg-to-png.js';

describe('svgToPng', () => {
  it('renders a corner plot to a PNG of the SVG size times the scale, with ink in it', () => {
    const rng = new RandomGenerator(2);
    const n = 2000;
    const columns = [Float64Array.from({ length: n }, () => rng.normal()), Float64Array.from({ length: n }, () => rng.normal())];
    const svg = cornerPlotSvg({ names: ['a', 'b'], labels: ['$a$', '$b$'], columns, weights: new Float64Array(n).fill(1) });
    const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
    const png = PNG.sync.read(Buffer.from(svgToPng(svg, { scale: 2 })));
    expect(png.width).toBe(Math.round(2 * width));
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] + png.data[i + 1] + png.data[i + 2] < 300) dark++;
    // Text, frames and contours: a few percent of the pixels, not none (fonts found) and not all.
    expect(dark / (png.width * png.height)).toBeGreaterThan(0.005);
    expect(dark / (png.width * png.height)).toBeLessThan(0.3);
    expect(png.data[3]).toBe(255); // an opaque white background
  });

  it('refuses a bad scale', () => {
    expect(() => svgToPng('<svg xmlns="http://www.w3.org/2000/svg"/>', { scale: 0 })).toThrow(TempestError);
  });
});
