import * as Plot from '@observablehq/plot';
import type { AxisTicks } from './axis-ticks.js';
import { CORNER_COLORS } from './corner-layout.js';
import { panelAxes } from './panel-axes.js';

/** Mass fractions of the shaded regions: the 0.5σ, 1σ, 1.5σ and 2σ regions of a 2-D Gaussian. */
export const SHADED_FRACTIONS = [0.5, 1, 1.5, 2].map((s) => 1 - Math.exp(-0.5 * s * s));

/** Mass fractions of the drawn contour lines: 39.3% (1σ) and 86.5% (2σ). */
export const CONTOUR_FRACTIONS = [1, 2].map((s) => 1 - Math.exp(-0.5 * s * s));

/** One panel below the diagonal of a corner plot. */
export interface PairPanelSpec {
  size: number;
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  /** Smoothed density grid `grid[ix + iy·nx]` over the domains (iy = 0 at the bottom). */
  grid: Float64Array;
  nx: number;
  ny: number;
  /** Density levels enclosing {@link SHADED_FRACTIONS}, same order (decreasing). */
  shadeLevels: Float64Array;
  /** Density levels enclosing {@link CONTOUR_FRACTIONS}, same order. */
  lineLevels: Float64Array;
  xTruth?: number;
  yTruth?: number;
  xTicks: AxisTicks;
  yTicks: AxisTicks;
  labelX: boolean;
  labelY: boolean;
}

/**
 * Plot options for a 2-D marginal: nested translucent fills for the highest-density regions (each
 * region inside the next, so overlapping fills darken towards the mode), solid contour lines at
 * the 39.3% and 86.5% levels, and optional truth lines.
 *
 * @param spec - grid, levels and geometry of the panel
 * @returns options for `Plot.plot` (margins 0: the frame fills the panel)
 */
export function pairPanel(spec: PairPanelSpec): Plot.PlotOptions {
  const { size, xDomain, yDomain, grid, nx, ny, shadeLevels, lineLevels, xTruth, yTruth } = spec;
  // x and y null: the data is already a dense grid over [x1, x2] × [y1, y2]. Left undefined, Plot
  // would rebuild per-cell coordinates and re-grid them by nearest-neighbour (Delaunay) search.
  const extent = { width: nx, height: ny, x1: xDomain[0], y1: yDomain[0], x2: xDomain[1], y2: yDomain[1], x: null, y: null };
  const shades = positiveDistinct(shadeLevels);
  const lines = positiveDistinct(lineLevels);
  const marks: Plot.Markish[] = [];
  if (shades.length > 0) {
    marks.push(Plot.contour(grid, { ...extent, thresholds: shades, fill: CORNER_COLORS.fill, fillOpacity: 0.2, stroke: 'none' }));
  }
  if (lines.length > 0) {
    marks.push(Plot.contour(grid, { ...extent, thresholds: lines, fill: 'none', stroke: CORNER_COLORS.posterior, strokeWidth: 1.1 }));
  }
  const truthStyle = { stroke: CORNER_COLORS.truth, strokeWidth: 1.3 };
  if (xTruth !== undefined) marks.push(Plot.ruleX([xTruth], truthStyle));
  if (yTruth !== undefined) marks.push(Plot.ruleY([yTruth], truthStyle));
  if (xTruth !== undefined && yTruth !== undefined) {
    marks.push(Plot.dot([[xTruth, yTruth]], { x: (d: number[]) => d[0], y: (d: number[]) => d[1], r: 2.5, fill: CORNER_COLORS.truth }));
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
