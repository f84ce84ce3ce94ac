import { describe, expect, it } from 'vitest';
import { encode } from './encode.js';
import { encodeFunction } from './encode-function.js';
import { encodePacked } from './encode-packed.js';
import { functionReference } from './function-reference.js';
import { loadFunction } from './load-function.js';
import { PackedBatch } from './packed-batch.js';

describe('loadFunction', () => {
  it('loads a function shipped by value, with allowCode', async () => {
    const k = 3;
    const bytes = encodeFunction((x: number) => k * x, { captures: { k } });
    await expect(loadFunction(bytes)).rejects.toMatchObject({ code: 'CODE_NOT_ALLOWED' });
    const f = await loadFunction<(x: number) => number>(bytes, { allowCode: true });
    expect(f(2)).toBe(6);
  });

  it('loads a referenced function without allowCode', async () => {
    const bytes = encodeFunction(functionReference(import.meta.url, '../test/fixtures/models.ts', 'gaussianLogLikelihood'));
    const f = await loadFunction<(x: Float64Array) => number>(bytes);
    expect(f(new Float64Array([1, 2, 3]))).toBe(-0);
  });

  it.each([
    ['a packed batch', () => encodePacked(PackedBatch.fromRows([[1]])), 'a packed batch'],
    ['other data', () => encode({ not: 'a reference' }), 'not a function reference'],
  ])('refuses %s with DECODE_FAILED', async (_, make, says) => {
    await expect(loadFunction(make())).rejects.toMatchObject({ code: 'DECODE_FAILED', message: expect.stringContaining(says) });
  });
});
