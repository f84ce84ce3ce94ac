import * as Plot from '@observablehq/plot';
import { escapeXml, px } from './svg-markup.js';

/**
 * The DOM document Plot renders into. Spelled through Plot's own option type because this package
 * compiles without the DOM lib (it runs in Node).
 */
export type PlotDocument = NonNullable<Plot.PlotOptions['document']>;

/** The parts of Plot's rendered `<svg>` element used here (linkedom implements them). */
interface RenderedSvg {
  innerHTML: string;
  querySelectorAll(selector: string): ArrayLike<{ remove(): void }>;
}

export { createPlotDocument } from '#plot-document';

/** Where and how {@link plotFragment} places one rendered panel. */
export interface PlotFragmentOptions {
  /** Document from {@link createPlotDocument}, shared by all panels of a figure. */
  document: PlotDocument;
  /** Plot options; `document` is filled in, and margins should be 0 so the frame starts at (0, 0). */
  plot: Plot.PlotOptions;
  /** Panel name written as `data-panel` (escaped here), e.g. `pair:x1:x0`. */
  panel: string;
  /** Left edge of the panel's frame in the figure, in pixels. */
  x: number;
  /** Top edge of the panel's frame in the figure, in pixels. */
  y: number;
  /** Font size of Plot's tick labels, in pixels. */
  fontSize: number;
}

/**
 * Renders one panel with Observable Plot and returns its content as a `<g>` element translated to
 * the panel's place in the figure.
 *
 * The panel's `<svg>` root is unwrapped: a nested `<svg>` would clip the tick marks and labels Plot
 * draws outside a zero-margin frame, and Plot's per-figure `<style>` block (page layout rules for
 * HTML embedding) is dropped. The attributes text inherits from Plot's root (fill, anchor) are
 * kept on the group.
 *
 * @param options - document, Plot options, panel name and position
 * @returns SVG markup of the form `<g data-panel="…" transform="translate(x,y)" …>…</g>`
 */
export function plotFragment(options: PlotFragmentOptions): string {
  const { document, plot, panel, x, y, fontSize } = options;
  const svg = Plot.plot({ ...plot, document }) as unknown as RenderedSvg;
  for (const style of Array.from(svg.querySelectorAll('style'))) style.remove();
  const inner = roundAttributeNumbers(svg.innerHTML);
  return (
    `<g data-panel="${escapeXml(panel)}" transform="translate(${px(x)},${px(y)})" ` +
    `fill="currentColor" text-anchor="middle" font-size="${px(fontSize)}">${inner}</g>`
  );
}

/**
 * Rounds the numbers inside attribute values to 2 decimals (path data to 1):
 * Plot writes full double precision, which triples the size of a 20-parameter corner plot for
 * no visible gain (0.01 px). Text content, such as tick labels, is left alone.
 */
function roundAttributeNumbers(markup: string): string {
  return markup.replace(/ ([a-z-]+)="([^"]*)"/g, (_, name: string, value: string) => {
    // Path data is most of a corner plot's bytes; 0.1 px is still far below what the eye sees.
    const scale = name === 'd' ? 10 : 100;
    const rounded = value.replace(/\d+\.\d{3,}/g, (number) => String(Math.round(Number(number) * scale) / scale));
    return ` ${name}="${rounded}"`;
  });
}
