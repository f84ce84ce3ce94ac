// What the command line adds on top of the sampler: plot rendering time and size, start-up of the
// built binary, and the end-to-end overhead of `tempest run` (loading the model, writing the summary,
// CSV files and plots) over the sampler's own wall time. Not a test: timings depend on the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RandomGenerator, Sampler } from '@tempest/core';
import { cornerPlotSvg, diagnosticsPlotSvg } from '@tempest/plot';
import { medianMs } from './median-ms.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(repo, 'packages', 'cli', 'dist', 'bin.js');

/** n weighted samples of a d-dimensional Gaussian with correlation 0.5 between neighbours. */
function weightedSamples(d: number, n: number, rng: RandomGenerator) {
  const columns = Array.from({ length: d }, () => new Float64Array(n));
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let previous = rng.normal();
    columns[0][i] = previous;
    for (let j = 1; j < d; j++) {
      previous = 0.5 * previous + Math.sqrt(0.75) * rng.normal();
      columns[j][i] = previous;
    }
    weights[i] = rng.uniform();
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  for (let i = 0; i < n; i++) weights[i] /= total;
  return { names: columns.map((_, j) => `θ${j}`), columns, weights };
}

/** Prints the plot, start-up and end-to-end tables. */
export async function cliBench(): Promise<void> {
  const rng = new RandomGenerator(7);
  console.log('\n### Plot rendering (Observable Plot into linkedom, standalone SVG)\n');
  console.log('20,000 weighted samples; median of 5 renders after a warm-up.\n');
  console.log('| plot | ms | SVG size |');
  console.log('|---|---:|---:|');
  for (const d of [2, 5, 10, 20]) {
    const input = weightedSamples(d, 20_000, rng);
    let svg = '';
    const ms = await medianMs(() => (svg = cornerPlotSvg(input)), 5, 1);
    console.log(`| corner, ${d} parameters | ${ms.toFixed(0)} | ${(svg.length / 1024).toFixed(0)} KiB |`);
  }
  const sampler = new Sampler({ priorTransform: (u) => u.map((v) => 20 * v - 10), logLikelihood: (x) => -0.5 * (x[0] ** 2 + x[1] ** 2), nDim: 2, randomState: 3 });
  await sampler.run({ nTotal: 4096 });
  let diagnostics = '';
  const diagnosticsMs = await medianMs(() => (diagnostics = diagnosticsPlotSvg(sampler.diagnostics)), 5, 1);
  console.log(`| diagnostics, ${sampler.iteration} iterations | ${diagnosticsMs.toFixed(0)} | ${(diagnostics.length / 1024).toFixed(0)} KiB |`);

  if (!existsSync(bin)) {
    console.log(`\n(${bin} is missing: run \`npm run build\` for the start-up and end-to-end figures.)`);
    return;
  }
  console.log('\n### The built `tempest` binary\n');
  const versionMs = await medianMs(() => execFileSync(process.execPath, [bin, '--version']), 5, 1);
  console.log(`\`tempest --version\` start-up: ${versionMs.toFixed(0)} ms (median of 5)\n`);

  const dir = mkdtempSync(join(tmpdir(), 'tempest-cli-bench-'));
  try {
    console.log('`tempest run` on a model file against the sampler wall time it reports (summary.json `elapsedSeconds`):\n');
    console.log('| model | nTotal | run wall s | sampler s | overhead s | samples.csv | outputs |');
    console.log('|---|---:|---:|---:|---:|---:|---|');
    for (const [label, file, nDim] of [['2-D Gaussian', 'gaussian2.mjs', 2], ['10-D Gaussian', 'gaussian10.mjs', 10]] as const) {
      writeFileSync(join(dir, file), gaussianModel(nDim));
      for (const nTotal of [4096, 16384]) {
        const out = join(dir, `out-${nDim}-${nTotal}`);
        const t0 = performance.now();
        const result = spawnSync(process.execPath, [bin, 'run', join(dir, file), '--quiet', '--seed', '1', '--n-total', String(nTotal), '--out', out]);
        const wall = (performance.now() - t0) / 1000;
        if (result.status !== 0) throw new Error(`tempest run failed: ${result.stderr.toString()}`);
        const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { elapsedSeconds: number };
        const csv = statSync(join(out, 'samples.csv')).size;
        console.log(`| ${label} | ${nTotal} | ${wall.toFixed(2)} | ${summary.elapsedSeconds.toFixed(2)} | ${(wall - summary.elapsedSeconds).toFixed(2)} | ${(csv / 2 ** 20).toFixed(1)} MiB | summary, CSVs, run record, corner and diagnostics SVG |`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A model file: unit Gaussian likelihood in nDim dimensions under U(-10, 10)^nDim. */
function gaussianModel(nDim: number): string {
  return [
    `export const nDim = ${nDim};`,
    'export function priorTransform(u) { return u.map((v) => 20 * v - 10); }',
    'export function logLikelihood(x) { let s = 0; for (let j = 0; j < x.length; j++) s += x[j] * x[j]; return -0.5 * s - 0.5 * x.length * Math.log(2 * Math.PI); }',
    '',
  ].join('\n');
}
