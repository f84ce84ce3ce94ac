import { TempestError } from '@tempest/core';
import type { PlotDocument } from './plot-fragment.js';

/**
 * A fresh DOM document for Observable Plot to render into, in a page: the browser's own DOM
 * (`document.implementation`), so the browser build needs no DOM of its own (linkedom's pulls in
 * Node modules).
 * @returns a detached HTML document
 * @throws {TempestError} NOT_SUPPORTED where there is no DOM (a Web Worker): draw plots in the page
 */
export function createPlotDocument(): PlotDocument {
  const page = (globalThis as { document?: { implementation: { createHTMLDocument(title: string): unknown } } }).document;
  if (page === undefined) throw new TempestError('NOT_SUPPORTED', 'Plots are drawn with the page\'s DOM, which a Web Worker does not have: draw them in the page (send the posterior to it).');
  return page.implementation.createHTMLDocument('') as PlotDocument;
}
