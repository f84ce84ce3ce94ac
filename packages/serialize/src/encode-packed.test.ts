import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePacked } from './decode-packed.js';
import { encodePacked } from './encode-packed.js';
import { encode } from './encode.js';
import { PackedBatch } from './packed-batch.js';
import { fcParams } from './test-support/fast-check-settings.js';
import { transferList } from './transfer-list.js';

const bitsOf = (a: Float64Array): number[] => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

describe('encodePacked / decodePacked', () => {
  it('round-trips uniform and ragged batches bit for bit (fast-check)', () => {
    const rows = fc.array(fc.float64Array({ maxLength: 12 }), { maxLength: 10 });
    fc.assert(
      fc.property(rows, fc.boolean(), (input, viaMatrix) => {
        const uniform = new Set(input.map((r) => r.length)).size <= 1;
        const flat = new Float64Array(input.reduce((n, r) => n + r.length, 0));
        input.reduce((at, r) => (flat.set(r, at), at + r.length), 0);
        const batch = viaMatrix && uniform ? PackedBatch.fromMatrix(flat, input.length, input[0]?.length ?? 0) : PackedBatch.fromRows(input);
        const decoded = decodePacked(encodePacked(batch));
        expect(decoded.rows).toBe(input.length);
        expect(bitsOf(decoded.data)).toEqual(bitsOf(flat));
        decoded.toRows().forEach((row, i) => expect(bitsOf(row)).toEqual(bitsOf(input[i])));
      }),
      fcParams(200),
    );
  });

  it('copies nothing end to end for batches that live in their envelope', () => {
    const batch = PackedBatch.allocate(4, 3);
    batch.data.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const bytes = encodePacked(batch);
    expect(bytes.buffer).toBe(batch.data.buffer);
    expect(encodePacked(batch)).toBe(bytes);
    const decoded = decodePacked(bytes);
    expect(decoded.data.buffer).toBe(bytes.buffer);
    decoded.row(0)[0] = -1; // edit in place, then re-encode for free
    expect(encodePacked(decoded)).toBe(bytes);
    expect(decodePacked(bytes).data[0]).toBe(-1);
  });

  it('moves the bytes to another thread without copying', () => {
    const batch = PackedBatch.fromRows([[1, 2], [3]]);
    const bytes = encodePacked(batch);
    const { port1, port2 } = new MessageChannel();
    try {
      port1.postMessage(bytes, transferList(bytes));
      expect(bytes.byteLength).toBe(0); // detached here: it was moved, not copied
      expect(() => encodePacked(batch)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('transferred') }));
      const received = receiveMessageOnPort(port2)?.message as Uint8Array;
      expect(decodePacked(received).toRows().map((r) => Array.from(r))).toEqual([[1, 2], [3]]);
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('copies when the bytes are misaligned, and byte-swaps a batch from the other byte order', () => {
    const bytes = encodePacked(PackedBatch.fromRows([[1.5, -0], [NaN, 2 ** -1074]]));
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const misaligned = decodePacked(shifted);
    expect(misaligned.data.buffer).not.toBe(shifted.buffer);
    expect(bitsOf(misaligned.data)).toEqual(bitsOf(decodePacked(bytes).data));

    const swapped = bytes.slice();
    swapped[6] ^= 1;
    const view = new DataView(swapped.buffer);
    for (let at = 24; at < swapped.length; at += 8) view.setFloat64(at, view.getFloat64(at, true), false);
    const foreign = decodePacked(swapped);
    expect(bitsOf(foreign.data)).toEqual(bitsOf(decodePacked(bytes).data));
  });

  it.each([
    ['a data envelope', () => encode([1, 2]), 'holds data'],
    ['a payload too short for its sizes', () => edit(encodePacked(PackedBatch.allocate(2, 2)), (v) => v.setUint32(16, 3, true)), 'rows × 2 = 6 values'],
    ['impossible offsets', () => edit(encodePacked(PackedBatch.allocateRagged([1, 2])), (v) => v.setUint32(28, 5, true)), 'not a nondecreasing sequence'],
    ['a ragged row count the payload cannot hold', () => edit(encodePacked(PackedBatch.allocateRagged([1])), (v) => v.setUint32(16, 1e6, true)), 'cannot hold'],
  ])('refuses %s with DECODE_FAILED', (_, make, says) => {
    expect(() => decodePacked(make())).toThrow(expect.objectContaining({ code: 'DECODE_FAILED', message: expect.stringContaining(says) }));
  });

  it('returns [] as the transfer list of bytes that share a buffer', () => {
    const bytes = encodePacked(PackedBatch.fromRows([[1]]));
    expect(transferList(bytes)).toEqual([bytes.buffer]);
    expect(transferList(bytes.subarray(1))).toEqual([]);
  });
});

function edit(bytes: Uint8Array, change: (view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  change(new DataView(copy.buffer));
  return copy;
}
