import { axisTicks, type AxisTicks } from './axis-ticks.js';
import { type CornerPlotInput, validateCornerInput } from './corner-input.js';
import { cornerFrame, cornerSizes } from './corner-layout.js';
import { axisLabelMarkup, fitTitle, titleHeight, titleMarkup } from './corner-text.js';
import { gaussianSmooth2d } from './gaussian-smooth.js';
import { histogramPanel } from './histogram-panel.js';
import { hpdLevels } from './hpd-levels.js';
import { CONTOUR_FRACTIONS, pairPanel, SHADED_FRACTIONS } from './pair-panel.js';
import { parameterRange } from './parameter-range.js';
import { createPlotDocument, plotFragment } from './plot-fragment.js';
import { quantileTitle } from './quantile-title.js';
import { escapeXml, px, svgDocument } from './svg-markup.js';
import { texPlainText } from './tex-label.js';
import { weightedHistogram, weightedHistogram2d } from './weighted-histogram.js';
import { effectiveSampleSize } from '@tempest/core';
import { weightedQuantiles } from '../weighted-quantiles.js';

/** Per-parameter summary the panels share. */
interface ParameterAxis {
  name: string;
  domain: [number, number];
  /** Weighted 16/50/84% quantiles. */
  quantiles: [number, number, number];
  truth?: number;
  ticks: AxisTicks;
}

/**
 * Draws a corner plot of weighted posterior samples as a standalone SVG document: an nDim × nDim
 * lower-triangular grid with 1-D marginal histograms on the diagonal (dashed 16/50/84% quantiles,
 * titled `name = median +up −down`) and 2-D marginals below it (shaded highest-density regions with
 * contour lines enclosing 39.3% and 86.5% of the mass, the 1σ and 2σ regions of a 2-D Gaussian).
 *
 * Columns share their x axis, rows their y axis; tick labels and names appear on the outer row and
 * column only. Panels have a fixed size, so the figure grows with the number of parameters (about
 * 170 px per parameter) and no text is drawn below 8 px; names too long for a panel are shortened in
 * the middle. Names may use simple TeX between `$…$` (Greek letters, `_0`, `_{eff}`, `^2`). Panels are `<g>` elements named by `data-panel`: `hist:<name>` on the diagonal and
 * `pair:<row name>:<column name>` below it. Cells are rendered by Observable Plot into a linkedom
 * DOM, so this runs in Node without a browser.
 *
 * @param input - parameter names, one `Float64Array` per parameter, sample weights, optional
 *   reference values and title
 * @returns the SVG document text (UTF-8, with XML declaration)
 * @throws TempestError `INVALID_ARGUMENT` naming every problem (non-finite values by parameter,
 *   length mismatches, bad weights)
 * @example
 * ```ts
 * const { samples, weights } = sampler.posterior();
 * const columns = names.map((_, j) => samples.column(j));
 * writeFileSync('corner.svg', cornerPlotSvg({ names, columns, weights }));
 * ```
 */
export function cornerPlotSvg(input: CornerPlotInput): string {
  validateCornerInput(input);
  const { names, columns, weights, truths, title } = input;
  const nDim = names.length;
  const sizes = cornerSizes(nDim, effectiveSampleSize(weights));
  const { cell, gap, tickFont } = sizes;

  const axes: ParameterAxis[] = columns.map((column, j) => {
    const truth = truths !== undefined && Number.isFinite(truths[j]) ? truths[j] : undefined;
    const [q005, q16, q50, q84, q995] = weightedQuantiles(column, weights, [0.005, 0.16, 0.5, 0.84, 0.995]);
    const domain = parameterRange(q005, q995, truth, sampleExtent(column, weights));
    // Labels may reach halfway into the gap between panels, never into the neighbour's half.
    const ticks = axisTicks(domain[0], domain[1], { length: cell, fontSize: tickFont, orientation: 'x', edgeSlack: gap / 2 - 0.5 });
    const inRange = truth !== undefined && truth >= domain[0] && truth <= domain[1];
    return { name: String(names[j]), domain, quantiles: [q16, q50, q84], truth: inRange ? truth : undefined, ticks };
  });

  let yTickChars = 0;
  for (let j = 1; j < nDim; j++) for (const label of axes[j].ticks.labels) yTickChars = Math.max(yTickChars, label.length);
  const titles = axes.map((axis) => fitTitle(axis.name, quantileTitle('', ...axis.quantiles), cell + gap, sizes.titleFont));
  const frame = cornerFrame(sizes, nDim, yTickChars, title !== undefined && title !== '', titleHeight(titles[0]));
  const document = createPlotDocument();
  const parts: string[] = [];

  const masses = new Float64Array(sizes.bins1d);
  const nBins = sizes.bins2d;
  const grid = new Float64Array(nBins * nBins);
  for (let row = 0; row < nDim; row++) {
    const axis = axes[row];
    const bottomRow = row === nDim - 1;
    weightedHistogram(masses, columns[row], weights, axis.domain[0], axis.domain[1]);
    const hist = histogramPanel({ size: cell, domain: axis.domain, masses, quantiles: axis.quantiles, truth: axis.truth, ticks: axis.ticks, labelTicks: bottomRow });
    parts.push(plotFragment({ document, plot: hist, panel: `hist:${axis.name}`, x: frame.cellX(row), y: frame.cellY(row), fontSize: tickFont }));
    const titleBaseline = frame.cellY(row) - 0.3 * sizes.titleFont - 4;
    parts.push(titleMarkup(titles[row], frame.cellX(row) + cell / 2, titleBaseline));

    for (let col = 0; col < row; col++) {
      const xAxis = axes[col];
      weightedHistogram2d(grid, columns[col], columns[row], weights, nBins, nBins, xAxis.domain, axis.domain);
      gaussianSmooth2d(grid, nBins, nBins, sizes.smoothing);
      const levels = hpdLevels(grid, [...SHADED_FRACTIONS, ...CONTOUR_FRACTIONS]);
      const pair = pairPanel({
        size: cell,
        xDomain: xAxis.domain,
        yDomain: axis.domain,
        grid,
        nx: nBins,
        ny: nBins,
        shadeLevels: levels.subarray(0, SHADED_FRACTIONS.length),
        lineLevels: levels.subarray(SHADED_FRACTIONS.length),
        xTruth: xAxis.truth,
        yTruth: axis.truth,
        xTicks: xAxis.ticks,
        yTicks: axis.ticks,
        labelX: bottomRow,
        labelY: col === 0,
      });
      parts.push(plotFragment({ document, plot: pair, panel: `pair:${axis.name}:${xAxis.name}`, x: frame.cellX(col), y: frame.cellY(row), fontSize: tickFont }));
    }
  }

  for (let j = 0; j < nDim; j++) {
    parts.push(axisLabelMarkup(axes[j].name, frame.cellX(j) + cell / 2, frame.xLabelBaseline, false, sizes.labelFont, cell + gap));
    if (j > 0) parts.push(axisLabelMarkup(axes[j].name, frame.yLabelCenter, frame.cellY(j) + cell / 2, true, sizes.labelFont, cell + gap));
  }
  if (title) {
    parts.push(`<text class="figure-title" x="${px(frame.cellX(0))}" y="${px(frame.titleBaseline)}" font-size="${px(sizes.labelFont * 1.1)}" font-weight="bold" fill="currentColor">${escapeXml(title)}</text>`);
  }
  const label = title ? `Corner plot: ${title}` : `Corner plot of ${nDim} parameter${nDim === 1 ? '' : 's'}: ${axes.map((a) => texPlainText(a.name)).join(', ')}`;
  return svgDocument({ width: frame.width, height: frame.height, title: label, body: parts.join('\n'), fontSize: tickFont });
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
