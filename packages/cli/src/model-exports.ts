// Where a model's exports are in the namespace `import()` gives. An ES module has them as named
// exports (or as the fields of its default export). A TypeScript file that Node treats as CommonJS
// (outside a "type": "module" package, e.g. after `npm init`) is compiled by tsx to CommonJS, and
// Node's ESM wrapper of CommonJS puts module.exports at `default`: the named exports at
// `ns.default.x`, a default export at `ns.default.default.x` (wrapped twice).

/** Names a model file may export (see load-model.ts). */
export const MODEL_EXPORT_NAMES = [
  'nDim', 'priorTransform', 'logLikelihood', 'parameterNames', 'parameterLabels', 'periodic', 'reflective', 'vectorize', 'logLikelihoodArgs', 'options', 'truths',
] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => (typeof v === 'object' || typeof v === 'function') && v !== null;

/**
 * The objects that may hold a model's exports, outermost first: the namespace, its `default`,
 * and that object's `default` (a CommonJS-compiled default export).
 * @param namespace - what `import(model)` returned
 * @returns one to three objects
 */
export function exportLayers(namespace: Record<string, unknown>): Record<string, unknown>[] {
  const layers = [namespace];
  for (let i = 0; i < 2; i++) {
    const inner = layers[layers.length - 1].default;
    if (!isRecord(inner) || layers.includes(inner)) break;
    layers.push(inner);
  }
  return layers;
}

/**
 * The object holding a model's exports: the first layer (see {@link exportLayers}) with a
 * `logLikelihood`, else the first with any model export name, else the namespace itself.
 * @param namespace - what `import(model)` returned
 * @returns the object to read `nDim`, `priorTransform`, `logLikelihood`, … from
 * @example
 * ```ts
 * const { logLikelihood } = modelExports(await import(url));
 * ```
 */
export function modelExports(namespace: Record<string, unknown>): Record<string, unknown> {
  const layers = exportLayers(namespace);
  return (
    layers.find((layer) => typeof layer.logLikelihood === 'function') ??
    layers.find((layer) => MODEL_EXPORT_NAMES.some((name) => layer[name] !== undefined)) ??
    namespace
  );
}

/**
 * Every name the module exports, at any layer (for "did you mean" hints), except `default`.
 * @param namespace - what `import(model)` returned
 * @returns the names
 */
export function exportedNames(namespace: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const layer of exportLayers(namespace)) for (const key of Object.keys(layer)) if (key !== 'default' && key !== '__esModule') names.add(key);
  return [...names];
}
