import * as Plot from '@observablehq/plot';
import type { AxisTicks } from './axis-ticks.js';
import { CORNER_COLORS } from './corner-layout.js';
import { panelAxes } from './panel-axes.js';

/** One diagonal panel of a corner plot. */
export interface HistogramPanelSpec {
  /** Panel side in pixels. */
  size: number;
  /** x domain `[lo, hi]` shared by the parameter's column. */
  domain: readonly [number, number];
  /** Weighted mass in each of equal-width bins spanning `domain`. */
  masses: Float64Array;
  /** Weighted 16%, 50% and 84% quantiles, drawn dashed. */
  quantiles: readonly [number, number, number];
  /** Reference value drawn as a line, if any. */
  truth?: number;
  /** Ticks of the parameter's axis. */
  ticks: AxisTicks;
  /** Label the ticks (bottom row). */
  labelTicks: boolean;
}

/**
 * Plot options for a 1-D marginal: a step histogram with a light fill (the corner.py look),
 * dashed lines at the 16/50/84% quantiles and an optional truth line. The y axis (density) has no
 * ticks: only the shape matters, and it keeps the diagonal uncluttered.
 *
 * @param spec - data and geometry of the panel
 * @returns options for `Plot.plot` (margins 0: the frame fills the panel)
 */
export function histogramPanel(spec: HistogramPanelSpec): Plot.PlotOptions {
  const { size, domain, masses, quantiles, truth, ticks, labelTicks } = spec;
  const bins = masses.length;
  const width = (domain[1] - domain[0]) / bins;
  // Outline of the step histogram, closed down to zero at both ends.
  const xs: number[] = [domain[0]];
  const ys: number[] = [0];
  let peak = 0;
  for (let k = 0; k < bins; k++) {
    xs.push(domain[0] + k * width, domain[0] + (k + 1) * width);
    ys.push(masses[k], masses[k]);
    peak = Math.max(peak, masses[k]);
  }
  xs.push(domain[1]);
  ys.push(0);
  const index = xs.map((_, i) => i);
  const marks: Plot.Markish[] = [
    Plot.areaY(index, { x: (i: number) => xs[i], y1: 0, y2: (i: number) => ys[i], fill: CORNER_COLORS.fill, fillOpacity: 0.15 }),
    Plot.lineY(index, { x: (i: number) => xs[i], y: (i: number) => ys[i], stroke: CORNER_COLORS.posterior, strokeWidth: 1.2 }),
    Plot.ruleX(quantiles, { stroke: CORNER_COLORS.posterior, strokeWidth: 1, strokeDasharray: '4,3' }),
  ];
  if (truth !== undefined) marks.push(Plot.ruleX([truth], { stroke: CORNER_COLORS.truth, strokeWidth: 1.3 }));
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
