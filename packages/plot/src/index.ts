export { cornerPlotSvg } from './corner-plot.js';
export type { CornerPlotInput } from './corner-input.js';
export { diagnosticsPlotSvg } from './diagnostics-plot.js';
export type { DiagnosticsPlotOptions } from './diagnostics-plot.js';
