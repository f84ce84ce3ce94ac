// WebWorkerPool in headless Chromium (the system's, driven by playwright-core): the Pool conformance
// suite (`@tempest/pool/conformance`, unchanged: test/browser/vitest-shim.ts stands in for vitest in
// the page) and the pool's own tests (module URLs, allowModules, shipCode, per-task timeouts, bit
// identity with a serial loop), in a cross-origin-isolated page built by Vite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPage, chromiumForTests, launchChromium, serveFolder } from '../../../tools/browser/chromium.js';

const chromium = chromiumForTests('the WebWorkerPool conformance tests (packages/pool/test/web-worker-pool.test.ts)');

interface TestOutcome {
  name: string;
  ok: boolean;
  error?: string;
}

describe.skipIf(chromium === undefined)('WebWorkerPool in Chromium', () => {
  let work: string;
  let outcomes: TestOutcome[];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tempest-web-pool-'));
    const site = join(work, 'site');
    await buildPage(fileURLToPath(new URL('./browser/vite.config.ts', import.meta.url)), site);
    // Cross-origin isolation gives the page SharedArrayBuffer, so each task is timed on its own.
    const { server, url } = await serveFolder(site, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    const browser = await launchChromium(chromium!);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForFunction(() => (globalThis as { conformance?: unknown }).conformance !== undefined, undefined, { timeout: 150_000, polling: 200 });
      outcomes = await page.evaluate(() => (globalThis as unknown as { conformance: TestOutcome[] }).conformance);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 180_000);

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('passes every test of the conformance suite and of its own', () => {
    const failed = outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.error}`);
    expect(failed).toEqual([]);
    expect(outcomes.filter((o) => o.name.startsWith('WebWorkerPool conforms') || o.name.startsWith('WebWorkerPool closes')).length).toBeGreaterThanOrEqual(13);
    expect(outcomes.filter((o) => o.name.startsWith('WebWorkerPool in a page')).length).toBe(7);
  });
});
