import { parseHTML } from 'linkedom';
import type { PlotDocument } from './plot-fragment.js';

/**
 * A fresh server-side DOM document for Observable Plot to render into (Plot only needs
 * `createElementNS` and friends, which linkedom provides without a browser). In browsers,
 * `plot-document.browser.ts` gives the page's own DOM instead.
 * @returns a linkedom document
 */
export function createPlotDocument(): PlotDocument {
  return parseHTML('<html><body></body></html>').document as unknown as PlotDocument;
}
