// What pool workers import instead of the model file itself: `model-proxy.js?model=<file URL>`
// imports the model and re-exports its logLikelihood, wherever the model keeps it (a named export,
// or a field of the default export, which is where Node puts the exports of a TypeScript file
// compiled as CommonJS). One module instance per model URL, since the query is part of the URL.
const model = new URL(import.meta.url).searchParams.get('model');
if (model === null) throw new Error(`${import.meta.url} must be imported with ?model=<file URL of a model>.`);
const exports = (await import(model)) as Record<string, unknown>;
const fallback = exports.default as Record<string, unknown> | undefined;
const found = typeof exports.logLikelihood === 'function' ? exports.logLikelihood : fallback?.logLikelihood;
if (typeof found !== 'function') throw new Error(`${model} does not export a logLikelihood function.`);

/** The model's log-likelihood, as the model file defines it. */
export const logLikelihood = found as (...args: unknown[]) => unknown;
