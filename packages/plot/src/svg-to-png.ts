// PNG export through resvg (a Rust SVG renderer; @resvg/resvg-js ships it prebuilt inside its npm
// packages, one per platform, so nothing is downloaded or compiled at install time). Loaded on
// first use: drawing SVG never needs it.
import { createRequire } from 'node:module';
import { TempestError } from '@tempest/core';
import { PLOT_FONT_FAMILY } from './svg-markup.js';

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /**
   * Pixels per SVG pixel. Default 2: a 700 px wide corner plot becomes 1400 px, 300 dpi at
   * 12 cm wide, sharp on a slide or a page.
   */
  scale?: number;
  /** Font files to use besides the system's (`.ttf`, `.otf`): for a machine without DejaVu Sans, Helvetica or Arial. */
  fontFiles?: readonly string[];
}

/** The part of @resvg/resvg-js used here. */
interface ResvgModule {
  Resvg: new (svg: string, options: object) => { render(): { asPng(): Uint8Array } };
}

let resvg: ResvgModule | undefined;

/**
 * Renders an SVG document (a corner or diagnostics plot) to PNG bytes, with the system's fonts
 * (the plots ask for DejaVu Sans, then Helvetica, Arial, any sans-serif) on an opaque white
 * background.
 * @param svg - the SVG document text, e.g. from `cornerPlotSvg`
 * @param options - scale and extra fonts
 * @returns the PNG file's bytes
 * @throws {TempestError} `INVALID_ARGUMENT` for a bad scale; `NOT_SUPPORTED` when the renderer
 *   has no build for this platform, naming it and the fix
 * @example
 * ```ts
 * writeFileSync('corner.png', svgToPng(cornerPlotSvg({ names, columns, weights })));
 * ```
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const { scale = 2, fontFiles = [] } = options;
  if (!(typeof scale === 'number' && scale > 0 && scale <= 16)) {
    throw new TempestError('INVALID_ARGUMENT', `svgToPng: scale must be a number in (0, 16]; got ${String(scale)}. 2 gives print quality.`, { option: 'scale', value: scale });
  }
  const { Resvg } = loadResvg();
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, fontFiles: [...fontFiles], defaultFontFamily: PLOT_FONT_FAMILY.split(',')[0].trim(), sansSerifFamily: 'DejaVu Sans' },
  });
  return renderer.render().asPng();
}

function loadResvg(): ResvgModule {
  if (resvg !== undefined) return resvg;
  try {
    resvg = createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
    return resvg;
  } catch (cause) {
    throw new TempestError(
      'NOT_SUPPORTED',
      `PNG export needs @resvg/resvg-js with its build for ${process.platform}-${process.arch}, which could not be loaded (${(cause as Error).message.split('\n')[0]}). Reinstall with optional dependencies (npm install --include=optional), or write SVG only.`,
      { cause },
    );
  }
}
