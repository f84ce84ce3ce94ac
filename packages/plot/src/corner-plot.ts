import { circularMean, effectiveSampleSize, recentre, weightedQuantiles } from '@tempest/core';
import { axisTicks, rotatedLabelDepth, type AxisTicks } from './axis-ticks.js';
import { type CornerPlotInput, type CornerSeries, seriesOf, validateCornerInput } from './corner-input.js';
import { cornerFrame, cornerSizes, CORNER_COLORS, SERIES_PALETTE } from './corner-layout.js';
import { axisLabelMarkup, fitTitle, titleHeight, titleMarkup, type FittedTitle } from './corner-text.js';
import { gaussianSmooth2d } from './gaussian-smooth.js';
import { histogramPanel, type HistogramLayer } from './histogram-panel.js';
import { hpdLevels } from './hpd-levels.js';
import { CONTOUR_FRACTIONS, pairPanel, SHADED_FRACTIONS, type PairLayer } from './pair-panel.js';
import { xAxisDepth } from './panel-axes.js';
import { parameterRange } from './parameter-range.js';
import { createPlotDocument, plotFragment } from './plot-fragment.js';
import { quantileTitle } from './quantile-title.js';
import { fitRuns, MIN_FONT_SIZE, runsMarkup } from './rich-text.js';
import { escapeXml, px, svgDocument } from './svg-markup.js';
import { texPlainText, texRuns } from './tex-label.js';
import { weightedHistogram, weightedHistogram2d } from './weighted-histogram.js';

/** Per-parameter layout the panels share. */
interface ParameterAxis {
  name: string;
  label: string;
  domain: [number, number];
  truth?: number;
  ticks: AxisTicks;
}

/** A series ready to draw: its columns on the plot's axes (periodic ones recentred), colour and legend text. */
interface DrawnSeries {
  columns: Float64Array[];
  weights: Float64Array;
  color: string;
  label: string;
}

/**
 * Draws a corner plot of weighted posterior samples as a standalone SVG document: an nDim × nDim
 * lower-triangular grid with 1-D marginal histograms on the diagonal (dashed 16/50/84% quantiles,
 * titled `label = median +up −down`) and 2-D marginals below it (shaded highest-density regions
 * with contour lines enclosing 39.3% and 86.5% of the mass, the 1σ and 2σ regions of a 2-D
 * Gaussian). With `series`, several posteriors are drawn on the same axes, each in its colour
 * with its contours, and a legend names them (how a model comparison is shown).
 *
 * The options follow corner.py: `ranges`, `bins`, `smooth` (none by default, so a thin shell is
 * drawn thin), `smooth1d`, `levels`, `quantiles`, `colors`, `truths`. A `periodic` parameter's axis
 * is recentred on its circular mean (a phase straddling 0 = 2π is drawn as one peak, its title
 * gives the circular median and interval), its tick labels on the recentred axis.
 *
 * Columns share their x axis, rows their y axis; tick labels and labels appear on the outer row
 * and column only (rotated by 45° where a narrow axis would otherwise keep one tick). Panels have
 * a fixed size, so the figure grows with the number of parameters (about 170 px per parameter)
 * and no text is drawn below 8 px; labels too long for a panel are shortened in the middle.
 * Labels may use TeX between `$…$` (Greek letters, italic variables, `_0`, `_{\rm eff}`, `^2`).
 * Panels are `<g>` elements named by `data-panel`: `hist:<name>` on the diagonal and
 * `pair:<row name>:<column name>` below it. Cells are rendered by Observable Plot into a linkedom
 * DOM, so this runs in Node without a browser; `svgToPng` turns the result into a PNG.
 *
 * @param input - parameter names and labels, the samples (`columns` and `weights`, or `series`),
 *   and options
 * @returns the SVG document text (UTF-8, with XML declaration)
 * @throws TempestError `INVALID_ARGUMENT` naming every problem (an unknown option with the one
 *   meant, non-finite values by parameter, length mismatches, bad weights, options out of range)
 * @example
 * ```ts
 * const { samples, weights } = sampler.posterior();
 * const columns = names.map((_, j) => samples.column(j));
 * writeFileSync('corner.svg', cornerPlotSvg({ names, labels: ['$m$', '$c$'], columns, weights, bins: 30, smooth: 1 }));
 * writeFileSync('compare.svg', cornerPlotSvg({ names, series: [{ columns: a, weights: wa, label: 'model A' }, { columns: b, weights: wb, label: 'model B' }] }));
 * ```
 */
export function cornerPlotSvg(input: CornerPlotInput): string {
  validateCornerInput(input);
  const { names, truths, title } = input;
  const labels = input.labels ?? names;
  const nDim = names.length;
  const overlay = input.series !== undefined && input.series.length > 1;
  const centers = periodicCenters(seriesOf(input)[0], input.periodic);
  const series = drawnSeries(seriesOf(input), input, centers);
  const sizes = cornerSizes(nDim, Math.min(...series.map((s) => effectiveSampleSize(s.weights))), input.bins);
  const { cell, gap, tickFont } = sizes;
  const levels = input.levels ?? CONTOUR_FRACTIONS;
  const shaded = overlay ? levels : input.levels ?? SHADED_FRACTIONS;
  const quantiles = overlay ? [] : input.quantiles ?? [0.16, 0.5, 0.84];
  const truthColor = input.truthColor ?? (overlay ? CORNER_COLORS.truthOverlay : CORNER_COLORS.truth);
  const showTitles = input.showTitles ?? true;

  const axes: ParameterAxis[] = names.map((name, j) => {
    const truth = truths !== undefined && Number.isFinite(truths[j]) ? truths[j] : undefined;
    const period = input.periodic?.[j];
    const center = centers[j];
    // On a recentred axis a truth is shown at its image in the window.
    const shownTruth = truth !== undefined && period && center !== undefined ? recentre(new Float64Array(1), [truth], center, period)[0] : truth;
    const given = input.ranges?.[j];
    const domain: [number, number] = given ? [given[0], given[1]] : unionRange(series.map((s) => {
      const [q005, q995] = weightedQuantiles(s.columns[j], s.weights, [0.005, 0.995]);
      return parameterRange(q005, q995, shownTruth, sampleExtent(s.columns[j], s.weights));
    }));
    // A periodic axis spans at most one period, its window round the circular mean.
    if (!given && period && center !== undefined) {
      const half = (period.high - period.low) / 2;
      domain[0] = Math.max(domain[0], center - half);
      domain[1] = Math.min(domain[1], center + half);
    }
    // Labels may reach halfway into the gap between panels, never into the neighbour's half.
    const ticks = axisTicks(domain[0], domain[1], { length: cell, fontSize: tickFont, orientation: 'x', edgeSlack: gap / 2 - 0.5 });
    const inRange = shownTruth !== undefined && shownTruth >= domain[0] && shownTruth <= domain[1];
    return { name: String(name), label: String(labels[j]), domain, truth: inRange ? shownTruth : undefined, ticks };
  });

  let yTickChars = 0;
  for (let j = 1; j < nDim; j++) for (const l of axes[j].ticks.labels) yTickChars = Math.max(yTickChars, l.length);
  // Over several posteriors a title gives the label only (each posterior has its own numbers).
  const titles: (FittedTitle | undefined)[] = axes.map((axis, j) => {
    if (!showTitles || overlay) return undefined;
    const [q16, q50, q84] = weightedQuantiles(series[0].columns[j], series[0].weights, [0.16, 0.5, 0.84]);
    return fitTitle(axis.label, quantileTitle('', q16, q50, q84), cell + gap, sizes.titleFont);
  });
  const bottomTicks = axes.map((a) => (a.ticks.rotated ? xAxisDepth(tickFont) - 1.25 * tickFont + rotatedLabelDepth(a.ticks.labels, tickFont) : xAxisDepth(tickFont)));
  const titleRise = titles[0] ? titleHeight(titles[0]) : showTitles && overlay ? sizes.titleFont : 0;
  const frame = cornerFrame(sizes, nDim, yTickChars, title !== undefined && title !== '', titleRise, Math.max(...bottomTicks));
  const document = createPlotDocument();
  const parts: string[] = [];

  const nBins = sizes.bins2d;
  for (let row = 0; row < nDim; row++) {
    const axis = axes[row];
    const bottomRow = row === nDim - 1;
    const layers: HistogramLayer[] = series.map((s) => {
      const masses = weightedHistogram(new Float64Array(sizes.bins1d), s.columns[row], s.weights, axis.domain[0], axis.domain[1]);
      gaussianSmooth2d(masses, masses.length, 1, input.smooth1d ?? 0);
      return { masses, color: s.color, fill: !overlay, quantiles: Array.from(weightedQuantiles(s.columns[row], s.weights, quantiles)) };
    });
    const hist = histogramPanel({ size: cell, domain: axis.domain, layers, truth: axis.truth, truthColor, ticks: axis.ticks, labelTicks: bottomRow });
    parts.push(plotFragment({ document, plot: hist, panel: `hist:${axis.name}`, x: frame.cellX(row), y: frame.cellY(row), fontSize: tickFont }));
    const fitted = titles[row];
    const titleBaseline = frame.cellY(row) - 0.3 * sizes.titleFont - 4;
    if (fitted) parts.push(titleMarkup(fitted, frame.cellX(row) + cell / 2, titleBaseline));
    else if (showTitles && overlay) parts.push(labelTitleMarkup(axis.label, frame.cellX(row) + cell / 2, titleBaseline, sizes.titleFont, cell + gap));

    for (let col = 0; col < row; col++) {
      const xAxis = axes[col];
      const pairLayers: PairLayer[] = series.map((s) => {
        const grid = weightedHistogram2d(new Float64Array(nBins * nBins), s.columns[col], s.columns[row], s.weights, nBins, nBins, xAxis.domain, axis.domain);
        gaussianSmooth2d(grid, nBins, nBins, input.smooth ?? 0);
        const found = hpdLevels(grid, [...shaded, ...levels]);
        return {
          grid,
          shadeLevels: found.subarray(0, shaded.length),
          lineLevels: found.subarray(shaded.length),
          color: s.color,
          fillOpacity: overlay ? 0.12 : 0.2,
        };
      });
      const pair = pairPanel({
        size: cell, xDomain: xAxis.domain, yDomain: axis.domain, nx: nBins, ny: nBins, layers: pairLayers,
        xTruth: xAxis.truth, yTruth: axis.truth, truthColor, xTicks: xAxis.ticks, yTicks: axis.ticks, labelX: bottomRow, labelY: col === 0,
      });
      parts.push(plotFragment({ document, plot: pair, panel: `pair:${axis.name}:${xAxis.name}`, x: frame.cellX(col), y: frame.cellY(row), fontSize: tickFont }));
    }
  }

  for (let j = 0; j < nDim; j++) {
    parts.push(axisLabelMarkup(axes[j].label, frame.cellX(j) + cell / 2, frame.xLabelBaseline, false, sizes.labelFont, cell + gap));
    if (j > 0) parts.push(axisLabelMarkup(axes[j].label, frame.yLabelCenter, frame.cellY(j) + cell / 2, true, sizes.labelFont, cell + gap));
  }
  if (overlay) parts.push(legendMarkup(series, frame.cellX(nDim - 1) + cell, frame.cellY(0) + (nDim === 1 ? 8 : 0), sizes.labelFont));
  if (title) {
    parts.push(`<text class="figure-title" x="${px(frame.cellX(0))}" y="${px(frame.titleBaseline)}" font-size="${px(sizes.labelFont * 1.1)}" font-weight="bold" fill="currentColor">${escapeXml(title)}</text>`);
  }
  const what = overlay ? `${series.length} posteriors (${series.map((s) => s.label).join(', ')})` : `${nDim} parameter${nDim === 1 ? '' : 's'}`;
  const label = title ? `Corner plot: ${title}` : `Corner plot of ${what}: ${axes.map((a) => texPlainText(a.label)).join(', ')}`;
  return svgDocument({ width: frame.width, height: frame.height, title: label, body: parts.join('\n'), fontSize: tickFont });
}

/**
 * The circular mean of each periodic parameter in the first series: the centre of its axis's
 * window (one window for all series, so overlays share the axis); undefined for the others.
 */
function periodicCenters(first: CornerSeries, periodic: CornerPlotInput['periodic']): (number | undefined)[] {
  return first.columns.map((column, j) => {
    const range = periodic?.[j];
    const center = range ? circularMean(column, first.weights, range).mean : NaN;
    return Number.isFinite(center) ? center : undefined;
  });
}

/** The series with their colours and legend labels, periodic columns recentred on their window. */
function drawnSeries(series: readonly CornerSeries[], input: CornerPlotInput, centers: readonly (number | undefined)[]): DrawnSeries[] {
  return series.map((s, k) => ({
    columns: s.columns.map((column, j) => {
      const range = input.periodic?.[j];
      const center = centers[j];
      return range && center !== undefined ? recentre(new Float64Array(column.length), column, center, range) : column;
    }),
    weights: s.weights,
    color: s.color ?? input.colors?.[k] ?? SERIES_PALETTE[k % SERIES_PALETTE.length],
    label: s.label ?? `run ${k + 1}`,
  }));
}

/** A diagonal panel's title over several posteriors: the label alone, fitted to the panel. */
function labelTitleMarkup(label: string, centerX: number, baseline: number, font: number, width: number): string {
  const fitted = fitRuns(texRuns(label), width, font, MIN_FONT_SIZE + 1);
  return `<g class="panel-title" font-size="${px(fitted.font)}" fill="currentColor"><text x="${px(centerX)}" y="${px(baseline)}" text-anchor="middle">${runsMarkup(fitted.runs, fitted.font)}</text></g>`;
}

/** The smallest range holding every series' range. */
function unionRange(ranges: readonly [number, number][]): [number, number] {
  return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
}

/** The legend of an overlay: a colour swatch and each series' label, right-aligned at (right, top). */
function legendMarkup(series: readonly DrawnSeries[], right: number, top: number, font: number): string {
  const line = 1.5 * font;
  const rows = series.map((s, k) => {
    const y = top + (k + 0.8) * line;
    return `<line x1="${px(right - 22)}" x2="${px(right - 4)}" y1="${px(y - 0.35 * font)}" y2="${px(y - 0.35 * font)}" stroke="${escapeXml(s.color)}" stroke-width="2.5"/>` +
      `<text x="${px(right - 28)}" y="${px(y)}" text-anchor="end" font-size="${px(font)}" fill="currentColor">${runsMarkup(texRuns(s.label), font)}</text>`;
  });
  return `<g class="legend">${rows.join('')}</g>`;
}

/** Smallest and largest value among samples of positive weight. */
function sampleExtent(column: Float64Array, weights: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < column.length; i++) {
    if (!(weights[i] > 0)) continue;
    if (column[i] < lo) lo = column[i];
    if (column[i] > hi) hi = column[i];
  }
  return [lo, hi];
}
