import { readEnvelopeHeader } from '@tempest/serialize';
import { describe, expect, it } from 'vitest';
import { decodeResults, decodeTasks, encodeResults, encodeTasks, payloadTransfer } from './chunk-codec.js';

describe('chunk encoding', () => {
  it('packs equal-length vectors into one transferable envelope, and decodes them as views', () => {
    const tasks = [new Float64Array([1, 2]), new Float64Array([3, -Infinity]), new Float64Array([NaN, -0]), new Float64Array([9, 9])];
    const payload = encodeTasks(tasks, 1, 3);
    expect('packed' in payload && readEnvelopeHeader(payload.packed).kind).toBe('packed');
    expect(payloadTransfer(payload)).toHaveLength(1);
    const decoded = decodeTasks(payload) as Float64Array[];
    expect(decoded).toEqual([tasks[1], tasks[2]]);
    expect(Object.is(decoded[1][1], -0)).toBe(true);
    expect(decoded[0].buffer).toBe(decoded[1].buffer);
  });

  it('packs vectors of different lengths as a ragged batch', () => {
    const tasks = [new Float64Array([1]), new Float64Array([2, 3, 4]), new Float64Array([])];
    const payload = encodeTasks(tasks, 0, 3);
    expect('packed' in payload).toBe(true);
    expect(decodeTasks(payload)).toEqual(tasks);
  });

  it('sends anything else as values', () => {
    const tasks = [1, 'a', { b: 2 }, new Float32Array([1])];
    expect(encodeTasks(tasks, 0, 4)).toEqual({ values: tasks });
    expect(encodeTasks([new Float64Array([1]), 2], 0, 2)).toEqual({ values: [new Float64Array([1]), 2] });
    expect(payloadTransfer({ values: [] })).toEqual([]);
  });

  it('packs numeric results, keeping special values, and passes other results through', () => {
    const numbers = [-Infinity, NaN, -0, 1e-310, 3];
    const payload = encodeResults(numbers);
    expect('packed' in payload).toBe(true);
    expect(decodeResults(payload).map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual(['-Infinity', 'NaN', '-0', '1e-310', '3']);
    const mixed = [1, [2, { blob: true }]];
    expect(decodeResults(encodeResults(mixed))).toBe(mixed);
  });
});
