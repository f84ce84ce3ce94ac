import * as Plot from '@observablehq/plot';
import type { AxisTicks } from './axis-ticks.js';
import { panelAxes } from './panel-axes.js';

/** Mass fractions of the regions shaded by default: the 0.5σ, 1σ, 1.5σ and 2σ regions of a 2-D Gaussian. */
export const SHADED_FRACTIONS = [0.5, 1, 1.5, 2].map((s) => 1 - Math.exp(-0.5 * s * s));

/** Mass fractions of the contour lines drawn by default: 39.3% (1σ) and 86.5% (2σ). */
export const CONTOUR_FRACTIONS = [1, 2].map((s) => 1 - Math.exp(-0.5 * s * s));

/** One posterior's 2-D marginal in a panel. */
export interface PairLayer {
  /** Density grid `grid[ix + iy·nx]` over the panel's domains (iy = 0 at the bottom). */
  grid: Float64Array;
  /** Density levels of the shaded regions (any order; nested fills darken towards the mode). */
  shadeLevels: Float64Array;
  /** Density levels of the contour lines. */
  lineLevels: Float64Array;
  /** Line and fill colour. */
  color: string;
  /** Opacity of each shaded region. */
  fillOpacity: number;
}

/** One panel below the diagonal of a corner plot. */
export interface PairPanelSpec {
  size: number;
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  nx: number;
  ny: number;
  /** The posteriors drawn, in order. */
  layers: readonly PairLayer[];
  xTruth?: number;
  yTruth?: number;
  truthColor: string;
  xTicks: AxisTicks;
  yTicks: AxisTicks;
  labelX: boolean;
  labelY: boolean;
}

/**
 * Plot options for a 2-D marginal: per posterior, nested translucent fills for the
 * highest-density regions (each region inside the next, so overlapping fills darken towards the
 * mode) and solid contour lines; then optional truth lines.
 *
 * @param spec - grids, levels and geometry of the panel
 * @returns options for `Plot.plot` (margins 0: the frame fills the panel)
 */
export function pairPanel(spec: PairPanelSpec): Plot.PlotOptions {
  const { size, xDomain, yDomain, nx, ny, layers, xTruth, yTruth, truthColor } = spec;
  // x and y null: the data is already a dense grid over [x1, x2] × [y1, y2]. Left undefined, Plot
  // would rebuild per-cell coordinates and re-grid them by nearest-neighbour (Delaunay) search.
  const extent = { width: nx, height: ny, x1: xDomain[0], y1: yDomain[0], x2: xDomain[1], y2: yDomain[1], x: null, y: null };
  const marks: Plot.Markish[] = [];
  for (const layer of layers) {
    const shades = positiveDistinct(layer.shadeLevels);
    if (shades.length > 0) marks.push(Plot.contour(layer.grid, { ...extent, thresholds: shades, fill: layer.color, fillOpacity: layer.fillOpacity, stroke: 'none' }));
  }
  for (const layer of layers) {
    const lines = positiveDistinct(layer.lineLevels);
    if (lines.length > 0) marks.push(Plot.contour(layer.grid, { ...extent, thresholds: lines, fill: 'none', stroke: layer.color, strokeWidth: 1.1 }));
  }
  const truthStyle = { stroke: truthColor, strokeWidth: 1.3 };
  if (xTruth !== undefined) marks.push(Plot.ruleX([xTruth], truthStyle));
  if (yTruth !== undefined) marks.push(Plot.ruleY([yTruth], truthStyle));
  if (xTruth !== undefined && yTruth !== undefined) {
    marks.push(Plot.dot([[xTruth, yTruth]], { x: (d: number[]) => d[0], y: (d: number[]) => d[1], r: 2.5, fill: truthColor }));
  }
  marks.push(...panelAxes({ x: spec.xTicks, y: spec.yTicks, labelX: spec.labelX, labelY: spec.labelY }));
  return {
    width: size,
    height: size,
    margin: 0,
    x: { domain: [xDomain[0], xDomain[1]], axis: null },
    y: { domain: [yDomain[0], yDomain[1]], axis: null },
    marks,
  };
}

/** Levels that can be contoured: positive and strictly increasing (d3-contour's thresholds order). */
function positiveDistinct(levels: Float64Array): number[] {
  const sorted = Array.from(levels).filter((l) => l > 0).sort((a, b) => a - b);
  return sorted.filter((l, i) => i === 0 || l > sorted[i - 1] * (1 + 1e-12));
}
