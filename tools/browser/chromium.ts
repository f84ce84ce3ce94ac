// Headless Chromium for the browser tests: Debian's `chromium` (tools/ci/install-chromium.sh puts it
// there in CI) driven by playwright-core, which downloads no browser of its own; Vite builds the
// pages and serves the built folder.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser: TEMPEST_CHROMIUM when set, else `chromium` (or `chromium-browser`) on PATH.
 * @returns its path, or undefined when there is none
 */
export function findChromium(): string | undefined {
  const chosen = process.env.TEMPEST_CHROMIUM;
  if (chosen !== undefined && chosen !== '') return isExecutable(chosen) ? chosen : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) if (isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The browser for a test file, or undefined (with one loud line) when there is none; in CI (`CI`
 * set) its absence is an error instead.
 * @param what - the tests that need it, for the message
 * @returns the browser's path
 * @throws {Error} in CI when there is no browser
 */
export function chromiumForTests(what: string): string | undefined {
  const path = findChromium();
  if (path !== undefined) return path;
  const where = process.env.TEMPEST_CHROMIUM ? `TEMPEST_CHROMIUM=${process.env.TEMPEST_CHROMIUM} is not an executable` : 'neither `chromium` nor `chromium-browser` is on PATH';
  const message = `Chromium not found (${where}); ${what} are SKIPPED. Install it with: bash tools/ci/install-chromium.sh`;
  if (process.env.CI) throw new Error(`${message}. In CI this is an error.`);
  console.warn(`\n*** ${message} ***\n`);
  return undefined;
}

/**
 * Starts headless Chromium.
 * @param executablePath - from {@link findChromium}
 * @returns the browser (close it)
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/**
 * Builds a page with Vite.
 * @param configFile - the page's vite.config.ts
 * @param outDir - where the built folder goes
 */
export async function buildPage(configFile: string, outDir: string): Promise<void> {
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
}

/**
 * Serves a built folder as any static server would (Vite's preview server), on a free port of
 * 127.0.0.1.
 * @param folder - the built folder
 * @param headers - response headers (e.g. those of cross-origin isolation)
 * @returns the server and its URL (close the server)
 */
export async function serveFolder(folder: string, headers: Record<string, string> = {}): Promise<{ server: PreviewServer; url: string }> {
  const server = await preview({ configFile: false, root: folder, logLevel: 'error', build: { outDir: folder }, preview: { host: '127.0.0.1', port: 0, strictPort: false, headers, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('the preview server did not say where it listens');
  return { server, url };
}
