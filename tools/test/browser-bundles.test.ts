// The browser builds of the packages: each bundles for a browser with no `node:` module (esbuild,
// platform browser, from the TypeScript sources), @tempest/core's stays within its size budget
// (BENCHMARKS.md, "@tempest/core in the browser"), and each browser entry exports what its Node
// entry exports, less what needs Node (files, threads, processes, PNG) and plus WebWorkerPool.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Minified ES module of an entry for browsers, and the files it holds. */
async function bundle(entry: string): Promise<{ minified: Uint8Array; inputs: string[] }> {
  const result = await build({
    entryPoints: [`${root}${entry}`], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022',
    conditions: ['@tempest/source'], write: false, metafile: true, logLevel: 'silent',
  });
  return { minified: result.outputFiles[0].contents, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * @tempest/core's browser bundle, minified and gzipped, measured at 181,071 bytes (580,927 minified;
 * 2026-12-05): the budget leaves about 20% for growth. Acorn (function shipping) is 122 kB of it,
 * jstat 52 kB.
 */
const CORE_GZIP_BUDGET = 220_000;
const CORE_MINIFIED_BUDGET = 700_000;

describe('the browser builds', () => {
  it.each([
    ['@tempest/core', 'packages/core/src/browser.ts'],
    ['@tempest/pool', 'packages/pool/src/browser.ts'],
    ['@tempest/pool (its Web Worker)', 'packages/pool/src/web-worker.ts'],
    ['@tempest/serialize', 'packages/serialize/src/index.ts'],
    ['@tempest/plot', 'packages/plot/src/browser.ts'],
  ])('%s bundles for a browser without a Node module', async (_, entry) => {
    const { inputs } = await bundle(entry);
    expect(inputs.filter((f) => f.startsWith('node:') || /(^|\/)node_modules\/(linkedom|@resvg)\//.test(f))).toEqual([]);
    // The browser's own modules, not Node's, where a package has both.
    expect(inputs.filter((f) => /\/src\/(structured-codec|serialize-value|sha256-hex|module-allowlist|module-policy|sampler-platform|plot-document)\.ts$/.test(f))).toEqual([]);
  }, 60_000);

  it('@tempest/core stays within its size budget (minified and gzipped)', async () => {
    const { minified } = await bundle('packages/core/src/browser.ts');
    const gzipped = gzipSync(minified, { level: 9 }).length;
    expect(minified.length).toBeLessThan(CORE_MINIFIED_BUDGET);
    expect(gzipped, `${gzipped} bytes gzipped; the budget is ${CORE_GZIP_BUDGET} (BENCHMARKS.md)`).toBeLessThan(CORE_GZIP_BUDGET);
  }, 60_000);

  it.each([
    ['core', ['readRunState', 'readStateInfo', 'writeFileAtomic', 'numberedStates'], []],
    ['pool', ['ThreadPool', 'ProcessPool'], ['WebWorkerPool']],
    ['plot', ['svgToPng'], []],
  ])('@tempest/%s: the browser entry exports the Node entry\'s, less what needs Node', async (name, nodeOnly, browserOnly) => {
    const node = Object.keys(await import(`../../packages/${name}/src/index.ts`)).sort();
    const browser = Object.keys(await import(`../../packages/${name}/src/browser.ts`)).sort();
    expect(browser).toEqual([...node.filter((k) => !nodeOnly.includes(k)), ...browserOnly].sort());
  });
});
