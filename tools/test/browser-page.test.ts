// The page in examples/browser, built with Vite and served from a static server, in headless
// Chromium (playwright-core with the system's browser): a model with a known log Z run on Web
// Workers (the answer within 4 reported errors; by value and by module URL, both bit for bit the
// serial run); stopped, its state file (with blobs) read by `tempest info`, decoded and re-encoded
// by Node and resumed in a fresh page to the very run the first page finishes, and resumed in Node;
// and a state file written by Node resumed in the page. Runs in Node and in Chromium agree in
// their answer, not bit for bit: the two engines' Math.exp, Math.log, … differ in the last bit for
// some arguments (docs/guide/browser.md). The screenshot is checked for content;
// TEMPEST_SAVE_SCREENSHOTS=1 also writes it to docs/images/browser-page.png.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRunState, encodeRunState, Sampler } from '@tempest/core';
import { EXAMPLES } from '../../examples/browser/src/models.js';
import { buildPage, chromiumForTests, launchChromium, serveFolder } from '../browser/chromium.js';
import { runCommand } from '../run-command.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const chromium = chromiumForTests('the 3 browser page tests (tools/test/browser-page.test.ts)');
const SEED = 7;
const N_TOTAL = 1024;
const model = EXAMPLES['gaussian-3d'];

/** What the page keeps of its last run (see examples/browser/src/main.ts). */
interface PageResult {
  logz: number;
  logzErr: number;
  exactLogZ: number;
  iterations: number;
  calls: number;
  fingerprint: string;
}

/** The page's model, compiled as the page compiles it. */
const compile = <F>(source: string) => new Function(`'use strict';\nreturn (${source}\n);`)() as F;
const prior = compile<(u: Float64Array) => Float64Array>(model.prior);
const nodeOptions = {
  nDim: model.nDim, parameterNames: [...model.names], randomState: SEED,
  priorTransform: (u: Float64Array) => Float64Array.from(prior(u)),
  logLikelihood: compile<(x: Float64Array) => number>(model.likelihood),
};

/** A run's answer within 4 of its reported errors of the exact log Z. */
function expectExact(logz: number, logzErr: number): void {
  expect(Math.abs(logz - model.exactLogZ!)).toBeLessThan(4 * logzErr);
}

describe.skipIf(chromium === undefined)('the browser page (examples/browser)', () => {
  let work: string;
  let close: () => Promise<void>;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tempest-page-'));
    const site = join(work, 'site');
    await buildPage(join(root, 'examples/browser/vite.config.ts'), site);
    const served = await serveFolder(site);
    url = served.url;
    close = () => served.server.close();
    browser = await launchChromium(chromium!);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  /** A fresh page with the 3-D Gaussian, the seed, nTotal and where to evaluate set. */
  async function open(pool: 'workers' | 'serial', ship: 'value' | 'url' = 'value'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.selectOption('#example', 'gaussian-3d');
    await page.fill('#seed', String(SEED));
    await page.fill('#nTotal', String(N_TOTAL));
    await page.selectOption('#pool', pool);
    await page.fill('#workers', '2');
    await page.selectOption('#ship', ship);
    expect(errors).toEqual([]);
    return page;
  }

  /** Waits for the page's run to end; its result, or the error it shows. */
  async function result(page: Page): Promise<PageResult> {
    await page.waitForFunction(() => {
      const s = (globalThis as { tempestPage?: { running: boolean; result?: unknown; error?: string } }).tempestPage!;
      return !s.running && (s.result !== undefined || s.error !== undefined);
    }, undefined, { timeout: 60_000 });
    const outcome = await page.evaluate(() => {
      const s = (globalThis as { tempestPage?: { result?: unknown; error?: string } }).tempestPage!;
      return { result: s.result, error: s.error };
    });
    if (outcome.error !== undefined) throw new Error(`the page's run failed: ${outcome.error}`);
    return outcome.result as PageResult;
  }

  async function run(pool: 'workers' | 'serial', ship: 'value' | 'url' = 'value'): Promise<{ page: Page; result: PageResult }> {
    const page = await open(pool, ship);
    await page.click('#run');
    return { page, result: await result(page) };
  }

  let straight: PageResult;

  it('finds the exact log Z on Web Workers, and the serial run and the run by module URL give the same result bit for bit', async () => {
    const workers = await run('workers');
    straight = workers.result;
    // The 3-D Gaussian's log Z is -3 ln 20; a seeded run lies within 4 of its reported errors.
    expect(straight.exactLogZ).toBeCloseTo(-3 * Math.log(20), 12);
    expect(Math.abs(straight.logz - straight.exactLogZ)).toBeLessThan(4 * straight.logzErr);
    // The closing sample's error on 4,096 draws (about 0.005 here), or the anneal's (0.05-0.2) where it is kept out.
    expect(straight.logzErr).toBeGreaterThan(0.001);
    expect(straight.logzErr).toBeLessThan(0.3);
    // What the page shows: the plots in the DOM, and the samples as CSV.
    expect(await workers.page.locator('#corner svg [data-panel]').count()).toBeGreaterThan(5);
    expect(await workers.page.locator('#diagnostics svg').count()).toBe(1);
    const [csvDownload] = await Promise.all([workers.page.waitForEvent('download'), workers.page.click('#download-csv')]);
    const rows = parseCsv(readFileSync(await csvDownload.path()), { columns: true, cast: true }) as Record<string, number>[];
    expect(Object.keys(rows[0])).toEqual(['a', 'b', 'c', 'weight', 'logl']);
    expect(rows.reduce((s, r) => s + r.weight, 0)).toBeCloseTo(1, 9);
    const shot = join(work, 'browser-page.png');
    await workers.page.screenshot({ path: shot, fullPage: true });
    const png = PNG.sync.read(readFileSync(shot));
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(20);
    if (process.env.TEMPEST_SAVE_SCREENSHOTS === '1') copyFileSync(shot, join(root, 'docs/images/browser-page.png'));
    await workers.page.close();

    const serial = await run('serial');
    expect(serial.result).toEqual(straight);
    await serial.page.close();
    const byUrl = await run('workers', 'url');
    expect(byUrl.result).toEqual(straight);
    await byUrl.page.close();
    // Node's sampler, the same model and seed, finds the same answer (not bit for bit: another engine's Math).
    const node = new Sampler(nodeOptions);
    await node.run({ nTotal: N_TOTAL });
    expectExact(node.evidence().logz, node.evidence().logzErr);
  }, 90_000);

  it('stops; its state file is read by `tempest info`, re-encoded by Node and resumed by a fresh page to the run the first page finishes, and resumed by Node', async () => {
    const page = await open('workers');
    // Stop from inside the page as soon as iteration 4 is shown: Playwright's own polling can come
    // after a short run has ended when the machine is busy (the Stop button is then disabled).
    await page.evaluate(() => {
      const shown = document.getElementById('p-iteration')!;
      new MutationObserver((_, observer) => {
        if (Number(shown.textContent) < 4) return;
        observer.disconnect();
        document.getElementById('stop')!.click();
      }).observe(shown, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#run');
    await page.waitForFunction(() => /^Stopped after iteration/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-state')]);
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    const stoppedAt = Number(/tempest_(\d+)\.state/.exec(file)![1]);
    expect(stoppedAt).toBeGreaterThanOrEqual(4);
    await page.click('#resume');
    expect(await result(page)).toEqual(straight);
    await page.close();

    const info = await runCommand(process.execPath, ['--conditions=@tempest/source', '--import', 'tsx', join(root, 'packages/cli/src/bin.ts'), 'info', file, '--json'], { cwd: root, timeoutMs: 60_000 });
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ iteration: stoppedAt, nDim: 3, seed: SEED, nParticles: 256, blobs: true });

    // Node reads every value the page wrote (blobs through node:v8) and writes them back; a fresh page resumes that.
    const state = decodeRunState(readFileSync(file), file);
    expect(state.history.blobs?.[0]).toEqual({ r: expect.any(Number) });
    const again = join(work, 'rewritten-by-node.state');
    writeFileSync(again, encodeRunState(state));
    const fresh = await open('workers');
    await fresh.setInputFiles('#load-state', again);
    await fresh.waitForFunction((k) => document.getElementById('status')!.textContent!.startsWith(`Loaded rewritten-by-node.state: iteration ${k}`), stoppedAt, { timeout: 30_000 });
    await fresh.click('#resume');
    expect(await result(fresh)).toEqual(straight);
    await fresh.close();

    const resumed = new Sampler({ ...nodeOptions, randomState: SEED + 1 });
    await resumed.run({ nTotal: N_TOTAL, resumeStatePath: file });
    expect(resumed.diagnostics.slice(0, stoppedAt)).toEqual(state.iterations);
    expectExact(resumed.evidence().logz, resumed.evidence().logzErr);
  }, 90_000);

  it('resumes in the page a state file that Node wrote', async () => {
    const node = new Sampler(nodeOptions);
    for (let i = 0; i < 5; i++) await node.sample();
    const file = join(work, 'from-node.state');
    await node.saveState(file);
    const page = await open('workers');
    await page.setInputFiles('#load-state', file);
    await page.waitForFunction(() => /^Loaded from-node\.state: iteration 5/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 30_000 });
    await page.click('#resume');
    const resumed = await result(page);
    expect(resumed.iterations).toBeGreaterThan(5);
    expectExact(resumed.logz, resumed.logzErr);
    // The page continued Node's run: its first iterations are Node's, blobs and all.
    const first = await page.evaluate(() => JSON.stringify((globalThis as { tempestPage?: { sampler: { diagnostics: unknown[]; posterior(o: object): { blobs?: unknown[] } } } }).tempestPage!.sampler.diagnostics.slice(0, 5)));
    expect(JSON.parse(first)).toEqual(JSON.parse(JSON.stringify(node.diagnostics)));
    await page.close();
  }, 90_000);
});
