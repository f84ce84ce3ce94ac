/**
 * The transfer list that moves an envelope to a worker without copying:
 * `port.postMessage(bytes, transferList(bytes))`. Empty when `bytes` is only part of a larger
 * buffer (transferring would take the rest away from the sender too) or lives in shared memory.
 * After the transfer, `bytes` (and a batch living in it) is empty on the sending side.
 *
 * @param bytes - an envelope
 * @returns `[bytes.buffer]` or `[]`
 */
export function transferList(bytes: Uint8Array): ArrayBuffer[] {
  const { buffer } = bytes;
  if (!(buffer instanceof ArrayBuffer) || bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength || buffer.byteLength === 0) return [];
  return [buffer];
}
