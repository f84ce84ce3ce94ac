// @tempest/plot in browsers (the "browser" export condition): the SVG plots, drawn with the page's
// DOM; not the PNG export, whose renderer (resvg) is a Node addon. tools/test/browser-bundles.test.ts keeps the
// two entries in step.
// @tempest/plot's public face: corner plots of one or several weighted posteriors, the run
// diagnostics plot, and PNG export. Importing it loads no command line.
export { cornerPlotSvg } from './corner-plot.js';
export type { CornerPlotInput, CornerSeries } from './corner-input.js';
export { samplerCornerInput, type SamplerCornerInput } from './sampler-corner-input.js';
export { diagnosticsPlotSvg } from './diagnostics-plot.js';
export type { DiagnosticsPlotOptions } from './diagnostics-plot.js';
export { SERIES_PALETTE } from './corner-layout.js';
