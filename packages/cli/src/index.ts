// @tempest/cli's public face: the command as a function (for scripts and tests), the model-file
// loader, and the shapes of its JSON files. The plots are @tempest/plot's; the summaries @tempest/core's.
export { main, createProgram } from './main.js';
export { CliError, EXIT } from './cli-error.js';
export { loadModel } from './load-model.js';
export type { LoadedModel } from './load-model.js';
export type { RunSummary } from './run-summary.js';
export type { RunRecord } from './run-record.js';
export type { CommandIO } from './execute-run.js';
