import { HOST_LITTLE_ENDIAN, asBytes, readEnvelopeHeader, type EnvelopeHeader } from './envelope-header.js';
import { readPackedPayload } from './decode-packed.js';
import { reviveBundle } from './revive-bundle.js';
import { deserializeEnvelope } from '#structured-codec';
import { TempestError } from './tempest-error.js';

/** Options for {@link decode} and `loadFunction`. */
export interface DecodeOptions {
  /**
   * Accept `code` envelopes, whose decoding compiles and so runs what the sender sent. Off by
   * default. Turn it on only for bytes from your own job (its worker threads, child processes or
   * MPI ranks), never for bytes from a network peer or a file someone else could write.
   */
  readonly allowCode?: boolean;
}

/**
 * Decodes any envelope: a `data` envelope gives its value (with its own copies of typed arrays),
 * a `packed` one a `PackedBatch` viewing the bytes, and a `code` one, only with
 * `{ allowCode: true }`, the shipped function. Decoding data or packed envelopes never runs code:
 * it only creates plain objects, arrays, Maps, Sets, typed arrays and the like.
 *
 * @param bytes - an envelope
 * @param options - `allowCode` to accept shipped functions
 * @returns the value, batch or function
 * @throws {TempestError} DECODE_FAILED for truncated, corrupted or foreign bytes and unknown
 *   versions; CODE_NOT_ALLOWED for a code envelope without `allowCode`
 * @example
 * ```ts
 * const task = decode(bytes);                                 // data: never runs code
 * const logLikelihood = decode(fnBytes, { allowCode: true }); // only from your own job
 * ```
 */
export function decode(bytes: Uint8Array | ArrayBuffer, options: DecodeOptions = {}): unknown {
  const b = asBytes(bytes);
  const header = readEnvelopeHeader(b);
  switch (header.kind) {
    case 'packed':
      return readPackedPayload(b, header);
    case 'data':
      return readStructured(b, header);
    case 'code':
      if (options.allowCode !== true) {
        throw new TempestError(
          'CODE_NOT_ALLOWED',
          'This envelope carries code (a function shipped by value), which runs when decoded, so it is refused by default. A receiver that trusts the sender opts in with decode(bytes, { allowCode: true }) or loadFunction(bytes, { allowCode: true }): do that only for bytes from your own job (its workers, child processes or MPI ranks), never for bytes from a network peer or a file someone else could write.',
          { option: 'allowCode', value: options.allowCode },
        );
      }
      return reviveBundle(readStructured(b, header));
  }
}

function readStructured(b: Uint8Array, header: EnvelopeHeader): unknown {
  if (header.littleEndian !== HOST_LITTLE_ENDIAN) {
    throw new TempestError(
      'DECODE_FAILED',
      `The envelope was written on a ${header.littleEndian ? 'little' : 'big'}-endian machine and this one is ${HOST_LITTLE_ENDIAN ? 'little' : 'big'}-endian; structured-clone payloads do not cross byte orders. Send numbers as packed batches (encodePacked), which do.`,
      { value: header.littleEndian, index: 6 },
    );
  }
  let result: { value: unknown; unread: number };
  try {
    result = deserializeEnvelope(b);
  } catch (error) {
    throw new TempestError(
      'DECODE_FAILED',
      `The ${header.kind} envelope's payload is corrupted: ${(error as Error)?.message ?? String(error)}. Pass the bytes exactly as they were encoded, with the same @tempest/serialize and Node major version on both sides.`,
      { cause: error },
    );
  }
  if (result.unread !== 0) {
    throw new TempestError(
      'DECODE_FAILED',
      `The ${header.kind} envelope's payload is corrupted: ${result.unread} bytes are left after its value. Pass the bytes exactly as they were encoded.`,
      { value: result.unread },
    );
  }
  return result.value;
}
