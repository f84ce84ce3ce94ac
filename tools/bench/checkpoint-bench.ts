// Checkpoint cost against the number of stored particles, and resident memory of a long run.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sampler } from '@tempest/core';

function gaussian(d: number) {
  return {
    nDim: d,
    vectorize: true,
    clustering: false,
    priorTransform: (u: Float64Array) => u.map((v) => 20 * v - 10),
    logLikelihood: (batch: { n: number; data: Float64Array }) => {
      const out = new Float64Array(batch.n);
      for (let i = 0; i < batch.n; i++) {
        let q = 0;
        for (let j = 0; j < d; j++) q += batch.data[i * d + j] ** 2;
        out[i] = -0.5 * q;
      }
      return out;
    },
  };
}

/**
 * Prints markdown tables: checkpoint write/read time and size as the history grows (10-D),
 * and memory while a long run stores more and more particles.
 */
export async function checkpointBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tempest-bench-'));
  try {
    await checkpointSizes(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nMemory of a long run (10-D Gaussian, 256 particles per iteration, one global proposal):\n');
  console.log('| iteration | stored particles | resident memory (MiB) | typed arrays (MiB) | typed-array bytes per stored particle |');
  console.log('|---:|---:|---:|---:|---:|');
  const long = new Sampler({ ...gaussian(10), randomState: 4 });
  for (let it = 1; it <= 600; it++) {
    await long.sample();
    if (it % 100 === 0) {
      const m = process.memoryUsage();
      console.log(`| ${it} | ${(it * 256).toLocaleString('en-US')} | ${(m.rss / 2 ** 20).toFixed(0)} | ${(m.arrayBuffers / 2 ** 20).toFixed(1)} | ${(m.arrayBuffers / (it * 256)).toFixed(0)} |`);
    }
  }
}

async function checkpointSizes(dir: string): Promise<void> {
  console.log('| stored particles | file size | bytes per particle | write ms | read ms |');
  console.log('|---:|---:|---:|---:|---:|');
  const sampler = new Sampler({ ...gaussian(10), randomState: 3 });
  const marks = [5_000, 20_000, 50_000, 100_000];
  let next = 0;
  while (next < marks.length) {
    await sampler.sample();
    const stored = sampler.iteration * sampler.options.nParticles; // every iteration stores nParticles
    if (stored < marks[next]) continue;
    const path = join(dir, `s${next}.state`);
    let t0 = performance.now();
    await sampler.saveState(path);
    const write = performance.now() - t0;
    const size = statSync(path).size;
    const fresh = new Sampler({ ...gaussian(10), randomState: 3 });
    t0 = performance.now();
    await fresh.loadState(path);
    const read = performance.now() - t0;
    console.log(`| ${stored.toLocaleString('en-US')} | ${(size / 2 ** 20).toFixed(1)} MiB | ${(size / stored).toFixed(0)} | ${write.toFixed(1)} | ${read.toFixed(1)} |`);
    next++;
  }
}
