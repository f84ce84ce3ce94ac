// Helpers for writing SVG by hand around the fragments Observable Plot renders: the plots are
// composed as strings, so every piece of user text must be escaped here before it lands in markup.

/** Font stack written on every plot; DejaVu Sans is what Debian's Chromium and most Linux boxes have. */
export const PLOT_FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/**
 * Escapes text for use in XML character data or a double-quoted attribute value.
 *
 * Characters XML 1.0 forbids outright (C0 controls other than tab, newline and carriage return, lone
 * surrogates, U+FFFE/U+FFFF) are replaced by U+FFFD so the document stays well-formed whatever a
 * parameter name contains.
 *
 * @param text - any string
 * @returns the string with `&`, `<`, `>`, `"` and `'` replaced by entities
 * @example
 * ```ts
 * escapeXml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 * ```
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Formats a coordinate or length for markup: at most 2 decimals, no trailing zeros, no `-0`.
 * @param value - a finite number of pixels
 * @returns the shortest readable decimal text
 */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** What {@link svgDocument} needs to wrap a plot body. */
export interface SvgDocumentOptions {
  /** Width in pixels (also the viewBox width). */
  width: number;
  /** Height in pixels (also the viewBox height). */
  height: number;
  /** Accessible title (`<title>`); plain text, escaped here. */
  title: string;
  /** Already-escaped SVG markup drawn on the white background. */
  body: string;
  /** Base font size in pixels inherited by all text. */
  fontSize?: number;
}

/**
 * Wraps SVG markup in a standalone SVG document: XML declaration, SVG namespace, `viewBox`,
 * explicit fonts and an opaque white background, so the file opens the same in any browser or
 * vector editor.
 *
 * @param options - size, title and body
 * @returns the complete document text
 */
export function svgDocument(options: SvgDocumentOptions): string {
  const { width, height, title, body, fontSize = 10 } = options;
  const w = px(width);
  const h = px(height);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
    `font-family="${PLOT_FONT_FAMILY}" font-size="${px(fontSize)}" color="#1a1a1a" role="img" aria-label="${escapeXml(title)}">\n` +
    `<title>${escapeXml(title)}</title>\n` +
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#ffffff"/>\n` +
    body +
    '\n</svg>\n'
  );
}
