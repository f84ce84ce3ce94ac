import { createHash } from 'node:crypto';

/**
 * SHA-256 of a string's UTF-8 bytes, in hexadecimal (Node's own hash; `sha256-hex.browser.ts`
 * gives the same digest in browsers).
 * @param text - the text
 * @returns 64 hexadecimal digits
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
