import type { QuantileTitle } from './quantile-title.js';
import { CHAR_EM, fitRuns, indexFontSize, MIN_FONT_SIZE, runsMarkup, runsWidth } from './rich-text.js';
import { escapeXml, px } from './svg-markup.js';
import { texPlainText, texRuns, type TextRun } from './tex-label.js';

/** Smallest size of names and titles: a point above the absolute floor, so they stay above tick labels' floor. */
const MIN_LABEL_FONT = MIN_FONT_SIZE + 1;

/** Errors are drawn at about this fraction of the title size. */
const INDEX_EM = 0.75;


/** A diagonal panel's title laid out for its width by {@link fitTitle}. */
export interface FittedTitle {
  /** Size of the `= median` text (the errors are smaller). */
  font: number;
  /** The parameter name, possibly shortened with `…`. */
  name: TextRun[];
  /** Size of the name: `font` on one line, its own size when on a line of its own. */
  nameFont: number;
  /** The full name as plain text, when `name` was shortened (shown as a tooltip). */
  fullName?: string;
  /** `name` on a line of its own above `= median ±`. */
  twoLines: boolean;
  pieces: QuantileTitle;
}

/**
 * Lays out the title of a diagonal panel, `name = median` with stacked `+up`/`−down`: on one line
 * when it fits at a readable size, else with the name on a line of its own (shortened in the middle
 * only if it still does not fit), so no text is drawn below {@link MIN_FONT_SIZE} + 1 px.
 *
 * @param label - the parameter name (TeX between `$…$` is rendered)
 * @param pieces - from `quantileTitle`
 * @param width - room available, in pixels
 * @param maxFont - preferred font size
 * @returns the layout for {@link titleMarkup}
 */
export function fitTitle(label: string, pieces: QuantileTitle, width: number, maxFont: number): FittedTitle {
  const name = texRuns(label);
  const rest = valueWidthEm(pieces);
  const oneLine = (font: number) => runsWidth(name, font) + rest * CHAR_EM * font;
  const fits = Math.min(maxFont, (maxFont * width) / oneLine(maxFont));
  if (fits >= Math.max(MIN_LABEL_FONT, 0.8 * maxFont)) return { font: fits, name, nameFont: fits, twoLines: false, pieces };
  const valueFont = Math.max(MIN_LABEL_FONT, Math.min(maxFont, width / (rest * CHAR_EM)));
  const fitted = fitRuns(name, width, maxFont, MIN_LABEL_FONT);
  return {
    font: valueFont,
    name: fitted.runs,
    nameFont: fitted.font,
    ...(fitted.truncated ? { fullName: texPlainText(label) } : {}),
    twoLines: true,
    pieces,
  };
}

/**
 * Height a title of this layout needs above its baseline, in pixels (for the band above row 0).
 * @param title - from {@link fitTitle}
 * @returns pixels from the top of the text to the baseline of its last line
 */
export function titleHeight(title: FittedTitle): number {
  return title.twoLines ? nameLineOffset(title) + 0.8 * title.nameFont : 1.0 * title.font;
}

/** Height of a two-line title's name baseline above the value's: clear of the raised `+up`. */
function nameLineOffset(title: FittedTitle): number {
  return 0.96 * title.font + 0.25 * title.nameFont + 1;
}

/**
 * SVG markup of a diagonal panel's title, `name = median` with the `+up` and `−down` errors
 * stacked after it as super- and subscript (the way papers typeset them).
 *
 * The main text is anchored at its end and the errors at their start at the same x, so the
 * pieces never overlap whatever the real glyph widths; only the centring over the panel uses the
 * estimated widths.
 *
 * @param title - from {@link fitTitle}
 * @param centerX - centre of the panel
 * @param baseline - baseline of the `= median` line
 * @returns a `<g class="panel-title">` element
 */
export function titleMarkup(title: FittedTitle, centerX: number, baseline: number): string {
  const { font, name, pieces, twoLines } = title;
  const errorChars = Math.max(pieces.upper.length, pieces.lower.length);
  const small = indexFontSize(font);
  const value = [{ text: `${twoLines ? '' : ' '}= ${pieces.median}` }];
  const mainRuns = twoLines ? value : [...name, ...value];
  const mainWidth = runsWidth(mainRuns, font);
  const errorWidth = errorChars * CHAR_EM * small;
  const split = centerX - (mainWidth + errorWidth + 0.2 * font) / 2 + mainWidth;
  let out = `<g class="panel-title" font-size="${px(font)}" fill="currentColor">`;
  if (twoLines) {
    const tooltip = title.fullName === undefined ? '' : `<title>${escapeXml(title.fullName)}</title>`;
    const nameFont = title.nameFont;
    const size = nameFont === font ? '' : ` font-size="${px(nameFont)}"`;
    out += `<text x="${px(centerX)}" y="${px(baseline - nameLineOffset(title))}"${size} text-anchor="middle">${tooltip}${runsMarkup(name, nameFont)}</text>`;
  }
  out += `<text x="${px(split)}" y="${px(baseline)}" text-anchor="end">${runsMarkup(mainRuns, font)}</text>`;
  if (errorChars > 0) {
    const at = px(split + 0.2 * font);
    out += `<text x="${at}" y="${px(baseline - 0.42 * font)}" font-size="${px(small)}">${escapeXml(pieces.upper)}</text>`;
    out += `<text x="${at}" y="${px(baseline + 0.3 * font)}" font-size="${px(small)}">${escapeXml(pieces.lower)}</text>`;
  }
  return out + '</g>';
}

/**
 * SVG markup of an axis name: horizontal and centred under a column, or rotated to read upwards
 * beside a row. TeX between `$…$` is rendered; the font shrinks to fit `room` down to 9 px, and a
 * name still too long is shortened in the middle with `…` (the full name becomes a tooltip).
 *
 * @param label - parameter name (plain text or simple TeX; escaped here)
 * @param x - centre (horizontal) or baseline x (vertical)
 * @param y - baseline (horizontal) or centre (vertical)
 * @param vertical - rotate by −90°
 * @param font - preferred font size in pixels
 * @param room - length available along the text, in pixels
 * @returns a `<text class="axis-label">` element
 */
export function axisLabelMarkup(label: string, x: number, y: number, vertical: boolean, font: number, room = Infinity): string {
  const fitted = fitRuns(texRuns(label), room, font, Math.min(font, MIN_LABEL_FONT));
  const place = vertical ? `transform="translate(${px(x)},${px(y)}) rotate(-90)"` : `x="${px(x)}" y="${px(y)}"`;
  const tooltip = fitted.truncated ? `<title>${escapeXml(texPlainText(label))}</title>` : '';
  return `<text class="axis-label" ${place} text-anchor="middle" font-size="${px(fitted.font)}" fill="currentColor">${tooltip}${runsMarkup(fitted.runs, fitted.font)}</text>`;
}

/** Width of ` = median` and the stacked errors, in em of the title font. */
function valueWidthEm(pieces: QuantileTitle): number {
  const errorChars = Math.max(pieces.upper.length, pieces.lower.length);
  return pieces.median.length + 3 + INDEX_EM * errorChars + 0.3;
}
