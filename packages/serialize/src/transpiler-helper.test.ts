import { describe, expect, it } from 'vitest';
import { transpilerHelper } from './transpiler-helper.js';

describe('transpilerHelper', () => {
  it.each([
    ['__awaiter', true],
    ['__name', true],
    ['__publicField', true],
    ['__vite_ssr_import_3__', true],
    ['__vite_ssr_dynamic_import__', true],
    ['_lib__WEBPACK_IMPORTED_MODULE_0__', true],
    ['_asyncToGenerator2', false],
    ['math_1', false],
    ['import_math', false],
    ['cov_1x2y3z4q', false],
  ])('recognises %s (certain: %s)', (name, certain) => {
    expect(transpilerHelper(name)?.certain).toBe(certain);
  });

  it.each(['mu', 'sigma', 'cov_matrix', 'logLikelihood', '_private', 'x'])('leaves the ordinary name %s alone', (name) => {
    expect(transpilerHelper(name)).toBeUndefined();
  });
});
