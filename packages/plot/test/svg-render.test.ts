// The corner and diagnostics SVGs parse as XML, contain the expected panels, and render to a
// non-blank picture in headless Chromium (Debian's `chromium`, installed in CI by
// tools/ci/install-chromium.sh). A 10-parameter plot with TeX and long names stays print-sized (no
// text under 8 px, no `$` left). Set TEMPEST_KEEP_RENDERS=<dir> to keep the SVGs and screenshots.
// Without Chromium the render tests are skipped with one loud line, except in CI (CI set), where
// the file fails instead. TEMPEST_CHROMIUM=<path> names the browser to use (a path that is not an
// executable, e.g. `none`, acts as a machine without Chromium).
import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type IterationInfo, RandomGenerator, Sampler } from '@tempest/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';
import { runCommand } from '../../../tools/run-command.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cornerPlotSvg, diagnosticsPlotSvg } from '../src/index.js';
import { escapeXml } from '../src/svg-markup.js';

const NAMES = ['amplitude', 'log10 σ', 'a<b & "c"', 'offset'];
/** Ten names as a paper would have them: TeX from corner.py labels and long identifiers. */
const WIDE_NAMES = [
  '$\\alpha$', '$H_0$ [km/s/Mpc]', '$\\Omega_{m}$', 'very_long_parameter_name_w', '$\\sigma_{\\rm eff}^2$',
  'another_very_long_parameter_name_with_units [erg/s]', '$M_\\odot$', 'x7', '$\\log_{10} g$', 'x9',
];
const RENDER_TIMEOUT_MS = 60_000;

let work: string;
let corner: string;
let diagnostics: string;
let wide: string;

/** 20,000 weighted draws of a correlated Gaussian with different scales per parameter. */
function cornerInput(names = NAMES) {
  const rng = new RandomGenerator(20240611);
  const n = 20_000;
  const columns = names.map(() => new Float64Array(n));
  const weights = new Float64Array(n);
  const scales = [1, 0.05, 30, 2e-3];
  const means = [2, -1.3, 100, 0];
  for (let i = 0; i < n; i++) {
    let z = rng.normal();
    for (let j = 0; j < names.length; j++) {
      z = 0.7 * z + Math.sqrt(1 - 0.49) * rng.normal();
      columns[j][i] = means[j % 4] + scales[j % 4] * z;
    }
    weights[i] = rng.uniform() + 0.1;
  }
  return { names, columns, weights };
}

/** A real run: a 2-D correlated Gaussian likelihood on a uniform prior, about a second. */
async function shortRun(): Promise<IterationInfo[]> {
  const sampler = new Sampler({
    nDim: 2,
    priorTransform: (u: Float64Array) => [20 * u[0] - 10, 20 * u[1] - 10],
    logLikelihood: (x: Float64Array) => -0.5 * ((x[0] - 1) ** 2 + (x[1] - 0.8 * x[0]) ** 2 / 0.1),
    nParticles: 128,
    randomState: 7,
  });
  await sampler.run({ nTotal: 1024 });
  return [...sampler.diagnostics];
}

/** Every value of attribute `name` in a fast-xml-parser tree. */
function attributeValues(node: unknown, name: string, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) attributeValues(child, name, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === `@_${name}`) out.push(String(value));
      else attributeValues(value, name, out);
    }
  }
  return out;
}

/** Text of every `<text class="axis-label">`. */
function axisLabels(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) axisLabels(child, out);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record['@_class'] === 'axis-label') out.push(String(record['#text']));
    for (const value of Object.values(record)) if (typeof value === 'object') axisLabels(value, out);
  }
  return out;
}

const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: false });

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The browser: TEMPEST_CHROMIUM when set, else Debian's `chromium` (or `chromium-browser`) on PATH; undefined when there is none. */
function findChromium(): string | undefined {
  const chosen = process.env.TEMPEST_CHROMIUM;
  if (chosen !== undefined && chosen !== '') return isExecutable(chosen) ? chosen : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) if (isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

const chromium = findChromium();
if (chromium === undefined) {
  const where = process.env.TEMPEST_CHROMIUM ? `TEMPEST_CHROMIUM=${process.env.TEMPEST_CHROMIUM} is not an executable` : 'neither `chromium` nor `chromium-browser` is on PATH';
  const message = `@tempest/cli: Chromium not found (${where}); the 3 SVG render tests are SKIPPED. Install it with: bash tools/ci/install-chromium.sh`;
  if (process.env.CI) throw new Error(`${message}. In CI this is an error.`);
  console.warn(`\n*** ${message} ***\n`);
}

/** Screenshots an SVG file with headless Chromium; kills the whole browser process group on timeout. */
async function screenshot(svgPath: string, width: number, height: number): Promise<PNG> {
  if (chromium === undefined) throw new Error('unreachable: the render tests are skipped without Chromium');
  const shot = `${svgPath}.png`;
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars',
    '--no-first-run', '--no-default-browser-check', `--user-data-dir=${join(work, 'profile')}`,
    `--screenshot=${shot}`, `--window-size=${width},${height}`, pathToFileURL(svgPath).href,
  ];
  // Own process group, killed as a whole after the render or at the timeout (the browser's helpers too).
  const result = await runCommand(chromium, args, { cwd: work, timeoutMs: RENDER_TIMEOUT_MS });
  const stderr = result.stderr.slice(-4000);
  if (result.timedOut) throw new Error(`Chromium did not finish within ${RENDER_TIMEOUT_MS / 1000} s; stderr:\n${stderr}`);
  const code = result.code ?? result.signal;
  let png: Buffer;
  try {
    png = readFileSync(shot);
  } catch {
    throw new Error(`Chromium exited with ${code} and wrote no screenshot; stderr:\n${stderr}`);
  }
  return PNG.sync.read(png);
}

/** Every font size set in an SVG, as numbers. */
function fontSizes(svg: string): number[] {
  return [...svg.matchAll(/font-size="([^"]*)"/g)].map((m) => Number(m[1]));
}

/** Counts dark (contour) pixels inside the lower-left panel of a corner plot, away from its frame. */
function lowerLeftDarkPixels(svg: string, names: readonly string[], png: PNG): number {
  // Locate the lower-left panel (last row, first column) from its translate and frame size.
  const tag = `data-panel="${escapeXml(`pair:${names[names.length - 1]}:${names[0]}`)}"`;
  const at = svg.indexOf(tag);
  expect(at, 'lower-left panel not found').toBeGreaterThan(0);
  const place = /transform="translate\(([\d.]+),([\d.]+)\)"/.exec(svg.slice(at, at + 300));
  const frameTag = /<rect[^>]*aria-label="frame"[^>]*>/.exec(svg.slice(at))?.[0] ?? '';
  const x0 = Number(place?.[1]);
  const y0 = Number(place?.[2]);
  const size = Number(/\swidth="([\d.]+)"/.exec(frameTag)?.[1]);
  expect(size, 'panel frame size').toBeGreaterThan(20);
  // Inside the frame, away from its edge (frame line and inward ticks): dark pixels can only be
  // the contour lines.
  let dark = 0;
  for (let y = Math.ceil(y0 + 6); y < y0 + size - 6; y++) {
    for (let x = Math.ceil(x0 + 6); x < x0 + size - 6; x++) if (luminance(png, 4 * (y * png.width + x)) < 110) dark++;
  }
  return dark;
}

/** Size of a standalone SVG from its root attributes. */
function svgSize(svg: string): { width: number; height: number } {
  const root = parser.parse(svg).svg;
  return { width: Math.ceil(Number(root['@_width'])), height: Math.ceil(Number(root['@_height'])) };
}

const luminance = (png: PNG, i: number) => 0.2126 * png.data[i] + 0.7152 * png.data[i + 1] + 0.0722 * png.data[i + 2];

/** Asserts the screenshot is a picture: varied pixels and a meaningful share of non-white ones. */
function expectNotBlank(png: PNG): void {
  let nonWhite = 0;
  let varied = false;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i] < 245 || png.data[i + 1] < 245 || png.data[i + 2] < 245) nonWhite++;
    if (!varied && (png.data[i] !== png.data[0] || png.data[i + 1] !== png.data[1] || png.data[i + 2] !== png.data[2])) varied = true;
  }
  expect(varied, 'every pixel of the screenshot has the same colour').toBe(true);
  expect(nonWhite / (png.width * png.height), 'share of non-white pixels').toBeGreaterThan(0.01);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tempest-svg-render-'));
  corner = cornerPlotSvg(cornerInput());
  diagnostics = diagnosticsPlotSvg(await shortRun(), { title: 'correlated Gaussian <2-D>', essTarget: 1024 });
  wide = cornerPlotSvg(cornerInput(WIDE_NAMES));
  writeFileSync(join(work, 'corner.svg'), corner);
  writeFileSync(join(work, 'diagnostics.svg'), diagnostics);
  writeFileSync(join(work, 'wide.svg'), wide);
});

afterAll(() => {
  const keep = process.env.TEMPEST_KEEP_RENDERS;
  if (keep && work) {
    mkdirSync(keep, { recursive: true });
    for (const file of ['corner.svg', 'corner.svg.png', 'diagnostics.svg', 'diagnostics.svg.png', 'wide.svg', 'wide.svg.png']) {
      try {
        copyFileSync(join(work, file), join(keep, file.replace('.svg.png', '.png')));
      } catch {
        // not rendered
      }
    }
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('SVG plots', () => {
  it('the corner plot is valid XML with n(n+1)/2 named panels and the parameter names as axis labels', () => {
    expect(XMLValidator.validate(corner)).toBe(true);
    const root = parser.parse(corner).svg;
    expect(root['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    const panels = attributeValues(root, 'data-panel');
    const expected: string[] = [];
    for (let i = 0; i < NAMES.length; i++) {
      expected.push(`hist:${NAMES[i]}`);
      for (let j = 0; j < i; j++) expected.push(`pair:${NAMES[i]}:${NAMES[j]}`);
    }
    expect(panels).toHaveLength((NAMES.length * (NAMES.length + 1)) / 2);
    expect(panels.sort()).toEqual(expected.sort());
    const labels = axisLabels(root);
    for (const name of NAMES) expect(labels).toContain(name);
  });

  it('the diagnostics plot from a real run is valid XML with its panels', () => {
    expect(XMLValidator.validate(diagnostics)).toBe(true);
    const root = parser.parse(diagnostics).svg;
    const panels = attributeValues(root, 'data-panel');
    for (const panel of ['beta', 'ess', 'logz', 'logl', 'acceptance', 'steps']) expect(panels).toContain(panel);
    expect(axisLabels(root)).toContain('iteration');
  });

  it.skipIf(chromium === undefined)('the corner plot renders in headless Chromium, with contours in the lower-left panel', async () => {
    const { width, height } = svgSize(corner);
    const png = await screenshot(join(work, 'corner.svg'), width, height);
    expect(png.width).toBe(width);
    expectNotBlank(png);

    expect(lowerLeftDarkPixels(corner, NAMES, png), 'dark (contour) pixels inside the lower-left panel').toBeGreaterThan(50);
  });

  it('a 10-parameter corner plot with TeX and long names is print-sized: no text below 8 px, no $ left', () => {
    expect(XMLValidator.validate(wide)).toBe(true);
    const sizes = fontSizes(wide);
    expect(sizes.length).toBeGreaterThan(50);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(8);
    for (const size of fontSizes(diagnostics)) expect(size).toBeGreaterThanOrEqual(8);
    // Panels keep their size, so the figure is wide enough for a page (corner.py's rule).
    const { width } = svgSize(wide);
    expect(width).toBeGreaterThan(10 * 160);
    // The TeX is rendered: Greek letters, indices as tspans, and no dollar or backslash in the text.
    const text = wide.replace(/<[^>]*>/g, ' ');
    expect(text).not.toMatch(/[$\\]/);
    for (const letter of ['α', 'Ω', 'σ', '⊙']) expect(text).toContain(letter);
    expect(wide).toMatch(/<tspan dy="[\d.]+" font-size="[\d.]+">0<\/tspan>/);
    // A name too long for its panel is shortened in the middle, with the full name as a tooltip.
    expect(text).toContain('another_very_lo');
    expect(wide).toContain('<title>another_very_long_parameter_name_with_units [erg/s]</title>');
    expect(attributeValues(parser.parse(wide).svg, 'data-panel')).toHaveLength(55);
  });

  it.skipIf(chromium === undefined)('the 10-parameter corner plot renders in headless Chromium, with contours in the lower-left panel', async () => {
    const { width, height } = svgSize(wide);
    const png = await screenshot(join(work, 'wide.svg'), width, height);
    expect(png.width).toBe(width);
    expectNotBlank(png);
    expect(lowerLeftDarkPixels(wide, WIDE_NAMES, png), 'dark (contour) pixels inside the lower-left panel').toBeGreaterThan(50);
  });

  it('the diagnostics plot marks the ESS target', () => {
    const essPanel = diagnostics.slice(diagnostics.indexOf('data-panel="ess"'), diagnostics.indexOf('data-panel="logz"'));
    expect(essPanel).toContain('stroke-dasharray="5,3"');
    expect(essPanel).toContain('target 1024');
  });

  it.skipIf(chromium === undefined)('the diagnostics plot renders in headless Chromium', async () => {
    const { width, height } = svgSize(diagnostics);
    expectNotBlank(await screenshot(join(work, 'diagnostics.svg'), width, height));
  });
});
