// Sizing and markup of text made of runs (see tex-label.ts): the estimated width from character
// counts, a font size that fits a width without dropping below a readable floor, a middle ellipsis
// when even the floor is too big, and SVG `<tspan>`s for sub- and superscripts.
import { escapeXml, px } from './svg-markup.js';
import { runsLength, type TextRun } from './tex-label.js';

/** Smallest font size any plot text is drawn at, in pixels: below it print is unreadable. */
export const MIN_FONT_SIZE = 8;

/** Size of sub/superscripts relative to the text they follow (before the {@link MIN_FONT_SIZE} floor). */
export const INDEX_SCALE = 0.72;

/** Approximate advance of DejaVu Sans characters, in em (digits are 0.64, letters 0.55–0.7). */
export const CHAR_EM = 0.62;

/** Baseline offsets of subscripts (down) and superscripts (up), in em of the main text. */
const SUB_SHIFT = 0.28;
const SUPER_SHIFT = 0.4;

/**
 * Font size of the sub/superscripts of text drawn at `font`.
 * @param font - main font size in pixels
 * @returns index font size, never below {@link MIN_FONT_SIZE}
 */
export function indexFontSize(font: number): number {
  return Math.max(MIN_FONT_SIZE, INDEX_SCALE * font);
}

/**
 * Estimated width of runs drawn at `font`, from their character counts.
 * @param runs - the text
 * @param font - main font size in pixels
 * @returns width in pixels
 */
export function runsWidth(runs: readonly TextRun[], font: number): number {
  return runsLength(runs, indexFontSize(font) / font) * CHAR_EM * font;
}

/** Text fitted to a width by {@link fitRuns}. */
export interface FittedRuns {
  font: number;
  runs: TextRun[];
  /** Whether characters were replaced by an ellipsis. */
  truncated: boolean;
}

/**
 * Fits text to a width: the preferred size when it fits, else the size at which it fits, but never
 * below `minFont`; text that does not fit even then loses characters from its middle (replaced by
 * `…`), so both the start and the distinguishing end of a long parameter name stay visible.
 *
 * @param runs - the text
 * @param width - room in pixels
 * @param maxFont - preferred size
 * @param minFont - smallest size (at least {@link MIN_FONT_SIZE})
 * @returns the size and the (possibly shortened) runs
 */
export function fitRuns(runs: readonly TextRun[], width: number, maxFont: number, minFont = MIN_FONT_SIZE): FittedRuns {
  const floor = Math.max(MIN_FONT_SIZE, minFont);
  const atMax = runsWidth(runs, maxFont);
  if (atMax <= width) return { font: maxFont, runs: [...runs], truncated: false };
  const font = Math.max(floor, Math.min(maxFont, (maxFont * width) / atMax));
  if (runsWidth(runs, font) <= width * 1.001) return { font, runs: [...runs], truncated: false };
  const chars = flatten(runs);
  let keep = chars.length - 1;
  let shortened = ellipsize(chars, keep);
  while (keep > 2 && runsWidth(shortened, font) > width) shortened = ellipsize(chars, --keep);
  return { font, runs: shortened, truncated: true };
}

/**
 * SVG character data for runs: plain text, with each sub/superscript in a `<tspan>` at the index
 * font size moved down or up by `dy` (relative shifts, which every SVG renderer supports; Firefox
 * ignores `baseline-shift`), and italic runs in a `<tspan font-style="italic">`.
 *
 * @param runs - the text
 * @param font - main font size in pixels
 * @returns escaped markup to place inside a `<text>` element
 */
export function runsMarkup(runs: readonly TextRun[], font: number): string {
  let out = '';
  let offset = 0;
  for (const run of runs) {
    const target = run.shift === 'sub' ? SUB_SHIFT * font : run.shift === 'super' ? -SUPER_SHIFT * font : 0;
    const text = escapeXml(run.text);
    if (target === offset && run.shift === undefined && !run.italic) {
      out += text;
      continue;
    }
    const dy = target !== offset ? ` dy="${px(target - offset)}"` : '';
    const size = run.shift ? ` font-size="${px(indexFontSize(font))}"` : '';
    const style = run.italic ? ' font-style="italic"' : '';
    out += `<tspan${dy}${size}${style}>${text}</tspan>`;
    offset = target;
  }
  return out;
}

/** One character with the shift and style of the run it came from. */
interface ShiftedChar {
  c: string;
  shift?: TextRun['shift'];
  italic?: true;
}

function flatten(runs: readonly TextRun[]): ShiftedChar[] {
  return runs.flatMap((run) => [...run.text].map((c) => ({ c, shift: run.shift, italic: run.italic })));
}

/** Keeps `keep` characters, about two thirds from the start and the rest from the end, around `…`. */
function ellipsize(chars: readonly ShiftedChar[], keep: number): TextRun[] {
  const head = Math.ceil((2 * keep) / 3);
  const tail = keep - head;
  const kept = [...chars.slice(0, head), { c: '…' }, ...chars.slice(chars.length - tail)];
  const runs: TextRun[] = [];
  for (const { c, shift, italic } of kept) {
    const last = runs[runs.length - 1];
    if (last && last.shift === shift && last.italic === italic) last.text += c;
    else runs.push({ text: c, ...(shift ? { shift } : {}), ...(italic ? { italic } : {}) });
  }
  return runs;
}
