// What pool workers import instead of the model file itself: `model-proxy.js?model=<file URL>`
// imports the model and re-exports its logLikelihood, wherever the model keeps it (a named export,
// or a field of the default export; see model-exports.ts for the CommonJS layers). One module
// instance per model URL, since the query is part of the URL.
import { modelExports } from './model-exports.js';

const model = new URL(import.meta.url).searchParams.get('model');
// Only a model file: never a data: URL (code in the URL itself), a built-in or a package.
if (model === null || !model.startsWith('file:')) throw new Error(`${import.meta.url} must be imported with ?model=<file: URL of a model>; got ${String(model)}.`);
const found = modelExports((await import(model)) as Record<string, unknown>).logLikelihood;
if (typeof found !== 'function') throw new Error(`${model} does not export a logLikelihood function.`);

/** The model's log-likelihood, as the model file defines it. */
export const logLikelihood = found as (...args: unknown[]) => unknown;

/**
 * Does nothing: mapping it on a pool makes each worker import this module, and so the model,
 * without evaluating anything (how the CLI checks that a model loads in a worker thread).
 * @returns true
 */
export function loaded(): true {
  return true;
}
