import type { QuantileTitle } from './quantile-title.js';
import { escapeXml, px } from './svg-markup.js';

/** Approximate advance of DejaVu Sans characters, in em (digits are 0.64, letters 0.55–0.7). */
const CHAR_EM = 0.62;

/**
 * Font size at which a line of text fits a width, estimated from the character count.
 * @param chars - characters in the line
 * @param width - room in pixels
 * @param max - preferred (largest) size
 * @param min - smallest size; below it text overflows rather than becoming unreadable
 * @returns a size in pixels
 */
export function fittedFontSize(chars: number, width: number, max: number, min = 6): number {
  return Math.max(min, Math.min(max, width / Math.max(1, chars * CHAR_EM)));
}

/**
 * SVG markup of a diagonal panel's title, `name = median` with the `+up` and `−down` errors
 * stacked after it as super- and subscript (the way papers typeset them).
 *
 * The main text is anchored at its end and the errors at their start at the same x, so the
 * pieces never overlap whatever the real glyph widths; only the centring over the panel uses the
 * estimated widths.
 *
 * @param title - pieces from `quantileTitle`
 * @param centerX - centre of the panel
 * @param baseline - baseline of the main text
 * @param width - room available, in pixels (the font shrinks to fit)
 * @param maxFont - preferred font size
 * @returns a `<g class="panel-title">` element
 */
export function titleMarkup(title: QuantileTitle, centerX: number, baseline: number, width: number, maxFont: number): string {
  const errorChars = Math.max(title.upper.length, title.lower.length);
  const font = fittedFontSize(title.main.length + 0.72 * errorChars + 0.5, width, maxFont, 5.5);
  const mainWidth = title.main.length * CHAR_EM * font;
  const errorWidth = errorChars * CHAR_EM * 0.72 * font;
  const split = centerX - (mainWidth + errorWidth + 0.2 * font) / 2 + mainWidth;
  let out = `<g class="panel-title" font-size="${px(font)}" fill="currentColor">`;
  out += `<text x="${px(split)}" y="${px(baseline)}" text-anchor="end">${escapeXml(title.main)}</text>`;
  if (errorChars > 0) {
    const small = px(0.72 * font);
    const at = px(split + 0.2 * font);
    out += `<text x="${at}" y="${px(baseline - 0.42 * font)}" font-size="${small}">${escapeXml(title.upper)}</text>`;
    out += `<text x="${at}" y="${px(baseline + 0.3 * font)}" font-size="${small}">${escapeXml(title.lower)}</text>`;
  }
  return out + '</g>';
}

/**
 * SVG markup of an axis name: horizontal and centred under a column, or rotated to read upwards
 * beside a row.
 *
 * @param name - parameter name (plain text; escaped here)
 * @param x - centre (horizontal) or baseline x (vertical)
 * @param y - baseline (horizontal) or centre (vertical)
 * @param vertical - rotate by −90°
 * @param font - font size in pixels
 * @returns a `<text class="axis-label">` element
 */
export function axisLabelMarkup(name: string, x: number, y: number, vertical: boolean, font: number): string {
  const place = vertical ? `transform="translate(${px(x)},${px(y)}) rotate(-90)"` : `x="${px(x)}" y="${px(y)}"`;
  return `<text class="axis-label" ${place} text-anchor="middle" font-size="${px(font)}" fill="currentColor">${escapeXml(name)}</text>`;
}
