// What parallel evaluation with @tempest/pool costs and gains: per-map and per-task overhead and
// throughput for cheap tasks, and the speedup of a full sampler run with a likelihood costing
// about 10 ms, at 1 and 2 workers. Not a test: timings depend on the machine (2 cores here, so 2x
// is the limit).
import { loadavg } from 'node:os';
import { Sampler } from '@tempest/core';
import { ProcessPool, SerialPool, ThreadPool, type Pool } from '@tempest/pool';
import { medianMs } from './median-ms.js';

const cheapNumber = (x: number) => x + 1;
const cheapVector = (x: Float64Array) => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j] * x[j];
  return -0.5 * s;
};

const pools: [string, () => Pool][] = [
  ['SerialPool', () => new SerialPool()],
  ['ThreadPool, 1 worker', () => new ThreadPool({ size: 1 })],
  ['ThreadPool, 2 workers', () => new ThreadPool({ size: 2 })],
  ['ProcessPool, 2 workers', () => new ProcessPool({ size: 2 })],
];

/** Prints the overhead and throughput table. */
export async function poolOverheadBench(): Promise<void> {
  console.log('\n### Overhead and throughput of `map` for cheap tasks\n');
  console.log('Median of 15 calls after warm-up. "1 task" is the round trip of a map with one task (per-map');
  console.log('overhead); µs/task is the time of a large map divided by its tasks (per-task overhead, since the');
  console.log('tasks themselves cost well under 0.1 µs); vectors are `Float64Array(10)` rows, sent packed.\n');
  console.log('| pool | 1 task (ms) | 256 numbers (ms) | 65 536 numbers (ms) | µs/task | tasks/s | 256 vectors (ms) | 65 536 vectors (ms) | µs/vector |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const numbers = (n: number) => Array.from({ length: n }, (_, i) => i);
  const vectors = (n: number) => Array.from({ length: n }, (_, i) => Float64Array.from({ length: 10 }, (_, j) => Math.sin(i + j)));
  for (const [name, make] of pools) {
    const pool = make();
    try {
      const one = await medianMs(() => pool.map(cheapNumber, [1]), 15, 2);
      const small = await medianMs(() => pool.map(cheapNumber, numbers(256)), 15, 2);
      const bigTasks = numbers(65_536);
      const big = await medianMs(() => pool.map(cheapNumber, bigTasks), 15, 2);
      const smallV = vectors(256);
      const vSmall = await medianMs(() => pool.map(cheapVector, smallV), 15, 2);
      const bigV = vectors(65_536);
      const vBig = await medianMs(() => pool.map(cheapVector, bigV), 15, 2);
      const perTask = (1000 * big) / 65_536;
      console.log(`| ${name} | ${one.toFixed(3)} | ${small.toFixed(3)} | ${big.toFixed(2)} | ${perTask.toFixed(3)} | ${Math.round(65_536 / (big / 1000)).toLocaleString('en-US')} | ${vSmall.toFixed(3)} | ${vBig.toFixed(2)} | ${((1000 * vBig) / 65_536).toFixed(3)} |`);
    } finally {
      await pool.close();
    }
  }
}

// About 10 ms of work per call, as a costly model would take; the value is a 2-D Gaussian.
const costly = (x: Float64Array) => {
  const end = performance.now() + 10;
  let spin = 0;
  while (performance.now() < end) spin++;
  return -0.5 * (x[0] * x[0] + x[1] * x[1]) - Math.log(2 * Math.PI) + 0 * spin;
};

async function samplerRun(pool: number | Pool | undefined): Promise<{ ms: number; calls: number; logz: number }> {
  const sampler = new Sampler({
    nDim: 2,
    nParticles: 64,
    priorTransform: (u) => u.map((v) => 20 * v - 10),
    logLikelihood: costly,
    randomState: 1,
    ...(pool === undefined ? {} : { pool }),
  });
  const t0 = performance.now();
  await sampler.run({ nTotal: 128 });
  return { ms: performance.now() - t0, calls: sampler.calls, logz: sampler.evidence().logz };
}

/** Prints the sampler speedup table (about a minute: ~2000 calls of 10 ms at 1 and 2 workers). */
export async function poolSpeedupBench(): Promise<void> {
  console.log('\n### Speedup of a sampler run with a ~10 ms likelihood\n');
  console.log('2-D Gaussian, nParticles 64, nTotal 128, seed 1; the likelihood busy-waits 10 ms per call.');
  console.log('`pool: n` is a worker-thread pool the sampler creates (start-up included). Every run gives the');
  console.log('same log Z bit for bit. A serial ms/call above 10 means other processes competed for the');
  console.log('cores (the 1-minute load average before each run is shown): the speedup is then understated.\n');
  console.log('| pool | calls | wall time (s) | ms/call | speedup vs 1 worker | log Z | load before |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const runs: [string, number | (() => Pool) | undefined][] = [
    ['none (serial, in the main thread)', undefined],
    ['`pool: 1` (1 worker thread)', 1],
    ['`pool: 2` (2 worker threads)', 2],
    ['ProcessPool, 2 workers (started before timing)', () => new ProcessPool({ size: 2 })],
  ];
  let base = NaN;
  for (const [name, spec] of runs) {
    const load = loadavg()[0];
    const pool = typeof spec === 'function' ? spec() : spec;
    try {
      if (typeof pool === 'object') await pool.map((v: number) => v, [1, 2]); // children up and loaded
      const r = await samplerRun(pool);
      if (spec === 1) base = r.ms;
      const speedup = Number.isNaN(base) ? '' : `${(base / r.ms).toFixed(2)}x`;
      console.log(`| ${name} | ${r.calls} | ${(r.ms / 1000).toFixed(2)} | ${(r.ms / r.calls).toFixed(2)} | ${speedup} | ${r.logz.toFixed(6)} | ${load.toFixed(2)} |`);
    } finally {
      if (typeof pool === 'object') await pool.close();
    }
  }
}

/** Prints the pool benchmark as markdown tables. */
export async function poolBench(): Promise<void> {
  await poolOverheadBench();
  await poolSpeedupBench();
}

// Run alone: `tsx --conditions=@tempest/source bench/pool-bench.ts [--speedup | --overhead]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--speedup')) await poolSpeedupBench();
  else if (process.argv.includes('--overhead')) await poolOverheadBench();
  else await poolBench();
}
