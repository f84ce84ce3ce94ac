import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedBatch } from './packed-batch.js';
import { fcParams } from './test-support/fast-check-settings.js';

describe('PackedBatch', () => {
  it('wraps a row-major matrix without copying', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6, 7]);
    const batch = PackedBatch.fromMatrix(data, 3, 2);
    expect(batch.data.buffer).toBe(data.buffer);
    expect(batch.data.length).toBe(6);
    expect(batch.width).toBe(2);
    expect(batch.offsets).toBeUndefined();
    expect(Array.from(batch.row(2))).toEqual([5, 6]);
    batch.row(0)[0] = 10;
    expect(data[0]).toBe(10);
  });

  it('wraps ragged rows without copying', () => {
    const data = new Float64Array([1, 2, 3, 4, 5]);
    const batch = PackedBatch.fromRagged(data, new Uint32Array([0, 1, 1, 5]));
    expect(batch.rows).toBe(3);
    expect(batch.width).toBeUndefined();
    expect(batch.toRows().map((r) => Array.from(r))).toEqual([[1], [], [2, 3, 4, 5]]);
    expect([0, 1, 2].map((i) => batch.rowLength(i))).toEqual([1, 0, 4]);
  });

  it('builds uniform or ragged batches from rows (fast-check)', () => {
    const rows = fc.array(fc.array(fc.double(), { maxLength: 6 }), { maxLength: 8 });
    fc.assert(
      fc.property(rows, (input) => {
        const batch = PackedBatch.fromRows(input);
        expect(batch.rows).toBe(input.length);
        expect(batch.width === undefined).toBe(new Set(input.map((r) => r.length)).size > 1);
        batch.toRows().forEach((row, i) => expect(Array.from(row)).toEqual(input[i]));
      }),
      fcParams(200),
    );
  });

  it('allocates zeroed batches and makes owning copies', () => {
    const batch = PackedBatch.allocateRagged([2, 0, 3]);
    expect(Array.from(batch.offsets ?? [])).toEqual([0, 2, 2, 5]);
    batch.data.set([1, 2, 3, 4, 5]);
    const copy = batch.copy();
    batch.data.fill(0);
    expect(copy.toRows().map((r) => Array.from(r))).toEqual([[1, 2], [], [3, 4, 5]]);
    expect(Array.from(PackedBatch.allocate(2, 3).data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it.each([
    ['data that is not a Float64Array', () => new PackedBatch([1, 2] as unknown as Float64Array, 1, 2, undefined), 'Float64Array'],
    ['a short matrix', () => PackedBatch.fromMatrix(new Float64Array(5), 2, 3), 'rows × width = 6'],
    ['a negative row count', () => PackedBatch.allocate(-1, 2), 'rows -1'],
    ['a fractional width', () => PackedBatch.allocate(2, 1.5), 'width 1.5'],
    ['decreasing offsets', () => PackedBatch.fromRagged(new Float64Array(3), new Uint32Array([0, 2, 1, 3])), 'must not decrease'],
    ['offsets not starting at 0', () => PackedBatch.fromRagged(new Float64Array(3), new Uint32Array([1, 3])), 'offsets[0] must be 0'],
    ['offsets past the data', () => PackedBatch.fromRagged(new Float64Array(3), new Uint32Array([0, 4])), 'must equal data.length'],
    ['a bad row length', () => PackedBatch.allocateRagged([1, -2]), 'lengths[1] is -2'],
    ['rows that are not arrays', () => PackedBatch.fromRows([1, 2] as unknown as number[][]), 'array of rows'],
    ['an out-of-range row', () => PackedBatch.allocate(2, 2).row(2), 'outside the batch'],
  ])('refuses %s', (_, make, says) => {
    expect(make).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(says) }));
  });
});
