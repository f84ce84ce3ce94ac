import * as Plot from '@observablehq/plot';
import { type IterationInfo, TempestError } from '@tempest/core';
import { axisTicks, formatNumber } from './axis-ticks.js';
import { CORNER_COLORS } from './corner-layout.js';
import { axisLabelMarkup } from './corner-text.js';
import { DIAGNOSTICS_SERIES, seriesScale } from './diagnostics-series.js';
import { panelAxes, xAxisDepth, yAxisDepth } from './panel-axes.js';
import { createPlotDocument, plotFragment } from './plot-fragment.js';
import { escapeXml, px, svgDocument } from './svg-markup.js';

/** Options of {@link diagnosticsPlotSvg}. */
export interface DiagnosticsPlotOptions {
  /** Figure title drawn above the panels; undefined or empty draws none. */
  title?: string;
  /** ESS the run stops at (`nTotal`), drawn as a dashed line in the ESS panel when given. */
  essTarget?: number;
  /**
   * The posterior ESS when the run ended, with the last iteration's particles (what the stopping
   * rule tested; `effectiveSampleSize(sampler.posterior({ trimImportanceWeights: false }).weights)`).
   * Each iteration's ESS is measured when its β is chosen, before its own particles are added,
   * so without this the last point sits below the target the run reached. Given, it is the last point.
   */
  finalEss?: number;
}

const WIDTH = 760;
const PANEL_HEIGHT = 96;
const GAP = 10;
const TICK_FONT = 10;
const LABEL_FONT = 12;
const GRID = { stroke: '#e2e2e2', strokeOpacity: 1, strokeWidth: 0.8 };

/**
 * Draws the run diagnostics as a standalone SVG document: one panel per quantity, stacked and
 * sharing the iteration axis — inverse temperature β (log scale; iterations still at β = 0 are
 * noted), effective sample size, log Z, mean log-likelihood (symmetric-log scale when it spans
 * decades), MCMC acceptance rate, MCMC steps and proposal clusters K. A dashed line marks the
 * iteration where β first reached 1, and, when `essTarget` is given, a dashed orange line the ESS
 * target the run stops at; with `finalEss` the last ESS point is the ESS the run ended with.
 * Panels are `<g>` elements with `data-panel` set to `beta`, `ess`,
 * `logz`, `logl`, `acceptance`, `steps` and `clusters`.
 *
 * @param iterations - per-iteration diagnostics, e.g. `sampler.diagnostics`
 * @param options - optional figure title, ESS target and final ESS
 * @returns the SVG document text
 * @throws TempestError `INVALID_ARGUMENT` when there are no iterations
 * @example
 * ```ts
 * await sampler.run();
 * writeFileSync('diagnostics.svg', diagnosticsPlotSvg(sampler.diagnostics, { essTarget: 4096 }));
 * ```
 */
export function diagnosticsPlotSvg(iterations: readonly IterationInfo[], options: DiagnosticsPlotOptions = {}): string {
  if (!Array.isArray(iterations) || iterations.length === 0) {
    throw new TempestError(
      'INVALID_ARGUMENT',
      `Cannot draw the diagnostics plot: it needs at least one iteration; got ${Array.isArray(iterations) ? 'an empty list' : typeof iterations}. Run the sampler first and pass sampler.diagnostics.`,
      { option: 'iterations' },
    );
  }
  const { title } = options;
  const essTarget = options.essTarget !== undefined && Number.isFinite(options.essTarget) && options.essTarget > 0 ? options.essTarget : undefined;
  const n = iterations.length;
  const steps = iterations.map((info, i) => (Number.isFinite(info.iteration) ? info.iteration : i + 1));
  const xDomain: [number, number] = n === 1 ? [steps[0] - 0.5, steps[0] + 0.5] : [Math.min(...steps), Math.max(...steps)];

  // The ESS panel's scale reaches the target, so its line is in view before the run gets there.
  const finalEss = options.finalEss !== undefined && Number.isFinite(options.finalEss) && options.finalEss > 0 ? options.finalEss : undefined;
  const valuesOf = (series: (typeof DIAGNOSTICS_SERIES)[number]) => {
    const values = iterations.map(series.value);
    if (series.id === 'ess' && finalEss !== undefined) values[values.length - 1] = finalEss;
    return values;
  };
  const scales = DIAGNOSTICS_SERIES.map((series) => {
    const values = valuesOf(series);
    if (series.id === 'ess' && essTarget !== undefined) values.push(essTarget);
    return seriesScale(values, series.kind, PANEL_HEIGHT, TICK_FONT, GAP / 2 - 1);
  });
  const yChars = Math.max(...scales.flatMap((s) => s.ticks.labels.map((l) => l.length)));
  const left = 14 + 1.3 * LABEL_FONT + 6 + yAxisDepth(TICK_FONT, yChars);
  const top = 10 + (title ? 1.5 * LABEL_FONT + 8 : 0);
  const plotWidth = WIDTH - left - 18;
  const xTicks = axisTicks(xDomain[0], xDomain[1], { length: plotWidth, fontSize: TICK_FONT, orientation: 'x', maxTicks: 10, minStep: 1 });
  const firstAtOne = iterations.findIndex((info) => info.beta >= 1);
  const zeroBeta = iterations.filter((info) => info.beta === 0).length;

  const document = createPlotDocument();
  const parts: string[] = [];
  DIAGNOSTICS_SERIES.forEach((series, p) => {
    const scale = scales[p];
    const y = top + p * (PANEL_HEIGHT + GAP);
    const last = p === DIAGNOSTICS_SERIES.length - 1;
    const values = valuesOf(series);
    const shown = values.map((v, i) => i).filter((i) => Number.isFinite(values[i]) && (scale.type !== 'log' || values[i] > 0));
    const at = { x: (i: number) => steps[i], y: (i: number) => values[i] };
    const marks: Plot.Markish[] = [
      Plot.gridX(xTicks.values, GRID),
      Plot.gridY(scale.ticks.values, GRID),
    ];
    if (firstAtOne > 0) marks.push(Plot.ruleX([steps[firstAtOne]], { stroke: '#8c8c8c', strokeDasharray: '3,3' }));
    if (series.id === 'ess' && essTarget !== undefined) {
      marks.push(Plot.ruleY([essTarget], { stroke: CORNER_COLORS.truth, strokeWidth: 1.1, strokeDasharray: '5,3' }));
    }
    marks.push(Plot.line(shown, { ...at, stroke: CORNER_COLORS.posterior, strokeWidth: 1.4, curve: series.step ? 'step' : 'linear' }));
    if (shown.length <= 80) marks.push(Plot.dot(shown, { ...at, r: 1.8, fill: CORNER_COLORS.posterior }));
    const note = panelNote(series.id, iterations, zeroBeta, firstAtOne >= 0 ? steps[firstAtOne] : undefined, essTarget);
    if (note) {
      const below = note.anchor.startsWith('bottom');
      // A white halo keeps the note legible over grid and marker lines.
      marks.push(Plot.text([note.text], { frameAnchor: note.anchor, dx: note.anchor.endsWith('left') ? 6 : -6, dy: (below ? -1 : 1) * (note.dy ?? 6), fill: '#404040', fontSize: TICK_FONT, stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' }));
    }
    marks.push(...panelAxes({ x: xTicks, y: scale.ticks, labelX: last, labelY: true }));
    const plot: Plot.PlotOptions = {
      width: plotWidth,
      height: PANEL_HEIGHT,
      margin: 0,
      x: { domain: xDomain, axis: null },
      y: { type: scale.type, domain: scale.domain, ...(scale.constant !== undefined ? { constant: scale.constant } : {}), axis: null },
      marks,
    };
    parts.push(plotFragment({ document, plot, panel: series.id, x: left, y, fontSize: TICK_FONT }));
    parts.push(axisLabelMarkup(series.label, 14 + 1.0 * LABEL_FONT, y + PANEL_HEIGHT / 2, true, LABEL_FONT));
  });
  const bottomOfPanels = top + DIAGNOSTICS_SERIES.length * (PANEL_HEIGHT + GAP) - GAP;
  parts.push(axisLabelMarkup('iteration', left + plotWidth / 2, bottomOfPanels + xAxisDepth(TICK_FONT) + 4 + LABEL_FONT, false, LABEL_FONT));
  if (title) {
    parts.push(`<text class="figure-title" x="${px(left)}" y="${px(10 + 1.1 * LABEL_FONT)}" font-size="${px(LABEL_FONT * 1.1)}" font-weight="bold" fill="currentColor">${escapeXml(title)}</text>`);
  }
  const height = Math.ceil(bottomOfPanels + xAxisDepth(TICK_FONT) + 4 + 1.3 * LABEL_FONT + 10);
  const label = `Run diagnostics per iteration${title ? `: ${title}` : ''}`;
  return svgDocument({ width: WIDTH, height, title: label, body: parts.join('\n'), fontSize: TICK_FONT });
}

/**
 * A short annotation inside a panel: where β was still 0, the ESS target and the final log Z.
 * The β note sits at the bottom right, the one corner a rising β curve (log scale) never
 * reaches: at the top it would run over the curve once β reaches 1 early.
 */
function panelNote(
  id: string,
  iterations: readonly IterationInfo[],
  zeroBeta: number,
  betaOneAt: number | undefined,
  essTarget: number | undefined,
): { text: string; anchor: 'top-left' | 'top-right' | 'bottom-right'; dy?: number } | undefined {
  if (id === 'beta') {
    const pieces: string[] = [];
    if (zeroBeta > 0) pieces.push(`β = 0 (prior) for ${zeroBeta} iteration${zeroBeta === 1 ? '' : 's'}`);
    if (betaOneAt !== undefined) pieces.push(`β = 1 from iteration ${betaOneAt}`);
    return pieces.length > 0 ? { text: pieces.join('; '), anchor: 'bottom-right' } : undefined;
  }
  // Just below the target line, which sits near the top of the panel.
  if (id === 'ess' && essTarget !== undefined) return { text: `target ${essTarget}`, anchor: 'top-left', dy: 13 };
  if (id === 'logz') {
    const final = iterations[iterations.length - 1].logz;
    return Number.isFinite(final) ? { text: `final log Z = ${formatNumber(final, 3)}`, anchor: 'top-right' } : undefined;
  }
  return undefined;
}
