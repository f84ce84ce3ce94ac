import { PackedBatch } from './packed-batch.js';
import { allocatePackedEnvelope, attachedEnvelopes, packedLayout } from './packed-layout.js';
import { TempestError } from './tempest-error.js';

/**
 * Encodes a batch of float64 rows as a `packed` envelope: the sampler's fast path for parameter
 * vectors and log-likelihoods. A batch made by `PackedBatch.allocate`, `allocateRagged`,
 * `fromRows` or by decoding already lives in its envelope, which is returned as is (no copy);
 * any other batch is copied once. Pass `[bytes.buffer]` as the transfer list of `postMessage` to
 * move the bytes to a worker without copying.
 *
 * @param batch - the rows
 * @returns the envelope (for a batch living in its envelope, the same memory as `batch.data`)
 * @throws {TempestError} INVALID_ARGUMENT when `batch` is not a PackedBatch or its memory was
 *   transferred away
 * @example
 * ```ts
 * const bytes = encodePacked(PackedBatch.fromMatrix(matrix.data, matrix.n, matrix.d));
 * port.postMessage(bytes, [bytes.buffer]);
 * ```
 */
export function encodePacked(batch: PackedBatch): Uint8Array {
  if (!(batch instanceof PackedBatch)) {
    throw new TempestError(
      'INVALID_ARGUMENT',
      'encodePacked needs a PackedBatch; build one with PackedBatch.fromMatrix(data, rows, width) or PackedBatch.fromRows(rows).',
      { option: 'batch', value: batch },
    );
  }
  const attached = attachedEnvelopes.get(batch);
  if (attached !== undefined) {
    if (attached.buffer.byteLength === 0) {
      throw new TempestError(
        'INVALID_ARGUMENT',
        "This batch's memory was transferred to another thread (postMessage with a transfer list), so it no longer holds values. Allocate a new batch for the next message.",
        { option: 'batch' },
      );
    }
    return attached;
  }
  const layout = packedLayout(batch.rows, batch.width, batch.data.length);
  const envelope = allocatePackedEnvelope(layout);
  if (batch.offsets !== undefined) new Uint32Array(envelope.buffer, layout.offsetsAt, batch.rows + 1).set(batch.offsets);
  new Float64Array(envelope.buffer, layout.dataAt, layout.total).set(batch.data);
  return envelope;
}
