import * as Plot from '@observablehq/plot';
import type { AxisTicks } from './axis-ticks.js';
import { panelAxes } from './panel-axes.js';

/** One posterior's 1-D marginal in a diagonal panel. */
export interface HistogramLayer {
  /** Weighted mass in each of equal-width bins spanning the panel's domain (normalised here to a density). */
  masses: Float64Array;
  /** Line colour. */
  color: string;
  /** Fill under the step line (a lone posterior). */
  fill: boolean;
  /** Quantile values drawn as dashed lines (empty for none). */
  quantiles: readonly number[];
}

/** One diagonal panel of a corner plot. */
export interface HistogramPanelSpec {
  /** Panel side in pixels. */
  size: number;
  /** x domain `[lo, hi]` shared by the parameter's column. */
  domain: readonly [number, number];
  /** The posteriors drawn, in order (the first below the others). */
  layers: readonly HistogramLayer[];
  /** Reference value drawn as a line, if any. */
  truth?: number;
  /** Colour of the truth line. */
  truthColor: string;
  /** Ticks of the parameter's axis. */
  ticks: AxisTicks;
  /** Label the ticks (bottom row). */
  labelTicks: boolean;
}

/**
 * Plot options for a 1-D marginal: for each posterior a step histogram (with a light fill when
 * there is one posterior: the corner.py look) and dashed lines at its quantiles, and an optional
 * truth line. Each posterior is drawn as a density (its masses over its total), so overlaid
 * posteriors share one vertical scale. The y axis has no ticks: only the shape matters, and it
 * keeps the diagonal uncluttered.
 *
 * @param spec - data and geometry of the panel
 * @returns options for `Plot.plot` (margins 0: the frame fills the panel)
 */
export function histogramPanel(spec: HistogramPanelSpec): Plot.PlotOptions {
  const { size, domain, layers, truth, truthColor, ticks, labelTicks } = spec;
  let peak = 0;
  const marks: Plot.Markish[] = [];
  for (const layer of layers) {
    const { masses } = layer;
    const bins = masses.length;
    const width = (domain[1] - domain[0]) / bins;
    let total = 0;
    for (let k = 0; k < bins; k++) total += masses[k];
    const scale = total > 0 ? 1 / total : 0;
    // Outline of the step histogram, closed down to zero at both ends.
    const xs: number[] = [domain[0]];
    const ys: number[] = [0];
    for (let k = 0; k < bins; k++) {
      xs.push(domain[0] + k * width, domain[0] + (k + 1) * width);
      ys.push(masses[k] * scale, masses[k] * scale);
      peak = Math.max(peak, masses[k] * scale);
    }
    xs.push(domain[1]);
    ys.push(0);
    const index = xs.map((_, i) => i);
    if (layer.fill) marks.push(Plot.areaY(index, { x: (i: number) => xs[i], y1: 0, y2: (i: number) => ys[i], fill: layer.color, fillOpacity: 0.12 }));
    marks.push(Plot.lineY(index, { x: (i: number) => xs[i], y: (i: number) => ys[i], stroke: layer.color, strokeWidth: 1.2 }));
    if (layer.quantiles.length > 0) marks.push(Plot.ruleX(layer.quantiles, { stroke: layer.color, strokeWidth: 1, strokeDasharray: '4,3' }));
  }
  if (truth !== undefined) marks.push(Plot.ruleX([truth], { stroke: truthColor, strokeWidth: 1.3 }));
  marks.push(...panelAxes({ x: ticks, y: null, labelX: labelTicks, labelY: false }));
  return {
    width: size,
    height: size,
    margin: 0,
    x: { domain: [domain[0], domain[1]], axis: null },
    y: { domain: [0, peak > 0 ? peak * 1.08 : 1], axis: null },
    marks,
  };
}
