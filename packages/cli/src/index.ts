// @tempest/cli's public face: the command as a function (for scripts and tests), the model-file
// loader, the plots and weighted summaries the command writes, and the shapes of its JSON files.
export { main, createProgram } from './main.js';
export { CliError, EXIT } from './cli-error.js';
export { loadModel } from './load-model.js';
export type { LoadedModel } from './load-model.js';
export { weightedSummary } from './weighted-summary.js';
export type { WeightedSummary } from './weighted-summary.js';
export { weightedQuantiles } from './weighted-quantiles.js';
export { cornerPlotSvg, diagnosticsPlotSvg } from './plots/index.js';
export type { CornerPlotInput, DiagnosticsPlotOptions } from './plots/index.js';
export type { RunSummary } from './run-summary.js';
export type { RunRecord } from './run-record.js';
export type { CommandIO } from './execute-run.js';
