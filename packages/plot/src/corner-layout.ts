import { xAxisDepth, yAxisDepth } from './panel-axes.js';

/** Colours of the corner plot: one dark blue for the posterior, an orange for reference values. */
export const CORNER_COLORS = {
  posterior: '#1f4e8c',
  fill: '#3a75c4',
  truth: '#e66101',
  /** Truth lines over several series, which take the palette's colours. */
  truthOverlay: '#222222',
} as const;

/**
 * Colours of overlaid series, in order: Okabe and Ito's colour-blind-safe palette (dark blue
 * first, as a lone posterior is drawn), distinct in print and in greyscale by lightness.
 */
export const SERIES_PALETTE = ['#1f4e8c', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'] as const;

/** Panel size, fonts and histogram resolution of a corner plot. */
export interface CornerSizes {
  /** Side of one square panel, in pixels. */
  cell: number;
  /** Space between panels, in pixels. */
  gap: number;
  tickFont: number;
  labelFont: number;
  titleFont: number;
  /** Bins of the 1-D marginals. */
  bins1d: number;
  /** Bins per axis of the 2-D marginals. */
  bins2d: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Chooses the panel size and histogram resolution of a corner plot.
 *
 * Panels have a fixed size (160 px from four parameters on; a little larger for two or three, 300
 * px for a lone histogram) and the figure grows with the number of parameters, as corner.py's
 * does: a 10-parameter plot is about 1750 px across, so scaled to a page its text stays as large as
 * a small plot's. Fonts therefore never need to shrink below 10 px (ticks) and 11.5 px (titles).
 * Bin counts follow the cube root of the effective sample size (the usual histogram rule: bias and
 * noise balance at n^{1/3}), the 1-D ones at least 20, and are capped by the panel size, so a
 * 20-parameter plot stays small on disk.
 *
 * @param nDim - number of parameters
 * @param ess - Kish effective sample size of the weights
 * @param bins - bins chosen by the user for both histograms (corner.py's `bins`), if any
 * @returns sizes in pixels and bin counts
 */
export function cornerSizes(nDim: number, ess: number, bins?: number): CornerSizes {
  // A lone histogram gets a little more room than a panel of a grid.
  const cell = nDim === 1 ? 300 : Math.round(clamp(520 / nDim, 160, 260));
  const root = Math.cbrt(Math.max(1, ess));
  return {
    cell,
    gap: 8,
    tickFont: clamp(cell / 16, 10, 11),
    labelFont: clamp(cell / 12, 13, 15),
    titleFont: clamp(cell / 14, 11.5, 13),
    bins1d: bins ?? Math.round(clamp(1.6 * root, 20, Math.min(50, cell / 3))),
    bins2d: bins ?? Math.round(clamp(1.4 * root, 12, Math.min(32, cell / 5))),
  };
}

/** Where everything sits in a corner plot. */
export interface CornerFrame {
  width: number;
  height: number;
  /** Left edge of column j's panels. */
  cellX: (column: number) => number;
  /** Top edge of row i's panels. */
  cellY: (row: number) => number;
  /** Baseline of the x-axis names under the bottom row. */
  xLabelBaseline: number;
  /** Centre line (x) of the rotated y-axis names. */
  yLabelCenter: number;
  /** Baseline of the figure title, when there is one. */
  titleBaseline: number;
}

/**
 * Places the panels, leaving room for the labelled axes on the outer row and column, the titles
 * above the diagonal and an optional figure title.
 *
 * @param sizes - from {@link cornerSizes}
 * @param nDim - number of parameters
 * @param yTickChars - longest y tick label, in characters
 * @param hasTitle - whether a figure title is drawn above the grid
 * @param titleRise - height of the first diagonal title above its baseline, in pixels
 * @param xTickDepth - room the bottom row's tick labels need below the panels (more when rotated)
 * @returns the layout
 */
export function cornerFrame(sizes: CornerSizes, nDim: number, yTickChars: number, hasTitle: boolean, titleRise: number, xTickDepth = xAxisDepth(sizes.tickFont)): CornerFrame {
  const { cell, gap, tickFont, labelFont, titleFont } = sizes;
  const labelBand = 1.3 * labelFont + 4;
  const yTicks = nDim > 1 ? yAxisDepth(tickFont, yTickChars) : 0;
  const left = 10 + (nDim > 1 ? labelBand + yTicks : 0);
  const figureTitleBand = hasTitle ? 1.4 * labelFont + 8 : 0;
  // Room for the first diagonal title (one or two lines, with its stacked +up/−down).
  const top = 8 + figureTitleBand + titleRise + 0.3 * titleFont + 4;
  const grid = nDim * cell + (nDim - 1) * gap;
  const bottom = xTickDepth + 4 + labelBand + 6;
  return {
    width: Math.ceil(left + grid + 16),
    height: Math.ceil(top + grid + bottom),
    cellX: (column) => left + column * (cell + gap),
    cellY: (row) => top + row * (cell + gap),
    xLabelBaseline: top + grid + xTickDepth + 4 + labelFont,
    yLabelCenter: left - yTicks - 4 - 0.4 * labelFont,
    titleBaseline: 8 + 1.1 * labelFont,
  };
}
