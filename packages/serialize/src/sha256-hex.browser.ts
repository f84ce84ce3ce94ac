import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';

/**
 * SHA-256 of a string's UTF-8 bytes, in hexadecimal, synchronously (Web Crypto's digest is
 * asynchronous): `@noble/hashes`, the digest Node's `createHash` gives.
 * @param text - the text
 * @returns 64 hexadecimal digits
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(text)));
}
