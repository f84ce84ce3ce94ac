import { loadTaskFunction } from '@tempest/pool';
import { describe, expect, it } from 'vitest';
import { ParameterMatrix } from './parameter-matrix.js';
import { batchAdapter, shipLikelihood } from './ship-likelihood.js';

describe('the batch a vectorized likelihood receives in a worker', () => {
  it('has every field and method of ParameterMatrix, with the same values', async () => {
    const data = Float64Array.from({ length: 12 }, (_, i) => i * 0.5 - 2);
    const expected = new ParameterMatrix(data, 4, 3);
    let seen: ParameterMatrix | undefined;
    batchAdapter((b: ParameterMatrix) => (seen = b), [3])(data);
    const methods = Object.getOwnPropertyNames(ParameterMatrix.prototype).filter((m) => m !== 'constructor');
    for (const m of methods) expect(typeof (seen as unknown as Record<string, unknown>)[m], m).toBe('function');
    expect([seen!.n, seen!.d, seen!.data]).toEqual([4, 3, data]);
    expect(seen!.row(2)).toEqual(expected.row(2));
    expect(seen!.rows()).toEqual(expected.rows());
    expect(seen!.column(1)).toEqual(expected.column(1));
    expect(seen!.columns()).toEqual(expected.columns());
    expect(seen!.get(3, 2)).toBe(expected.get(3, 2));
    expect(seen!.toArrays()).toEqual(expected.toArrays());
  });

  it('survives shipping: a worker calls the likelihood with the batch and the extra arguments', async () => {
    const shipped = shipLikelihood({
      logLikelihood: (b: ParameterMatrix, k: number) => b.rows().map((x) => k * x[0]),
      logLikelihoodArgs: [2],
      logLikelihoodCaptures: undefined,
      vectorize: true,
      nDim: 2,
    });
    const run = await loadTaskFunction(shipped.wire, { allowCode: true }); // as a worker of a pool that ships code
    expect(await run(new Float64Array([1, 0, 3, 0]))).toEqual([2, 6]);
  });
});
