import { describe, expect, it } from 'vitest';
import { exportedNames, modelExports } from './model-exports.js';

const model = { nDim: 1, priorTransform: (u: Float64Array) => u, logLikelihood: () => 0 };

describe('modelExports', () => {
  it('finds the exports as named exports, fields of the default export, or of default.default', () => {
    // The last is what Node gives for `export default {...}` in a .ts file loaded as CommonJS
    // through tsx (a "type": "commonjs" package): module.exports = { default: {...} } at `default`.
    const layouts = [{ ...model }, { default: model }, { default: { default: model } }, { default: Object.assign(Object.create(null), { __esModule: true, default: model }) }];
    for (const namespace of layouts) expect(modelExports(namespace).logLikelihood).toBe(model.logLikelihood);
  });

  it('prefers the layer that has logLikelihood, then one with any model export, then the namespace', () => {
    const partial = { default: { default: { nDim: 2 } } };
    expect(modelExports(partial)).toEqual({ nDim: 2 });
    expect(modelExports({ helper: 1 })).toEqual({ helper: 1 });
  });

  it('lists the names exported at every layer, for hints', () => {
    expect(exportedNames({ default: { __esModule: true, default: { logLikelyhood: 1, ndim: 1 } } }).sort()).toEqual(['logLikelyhood', 'ndim']);
  });
});
