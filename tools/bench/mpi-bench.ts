// MPIPool benchmark: launches real mpirun jobs and prints markdown tables.
//   - per-task round-trip latency and map throughput, small (10-D vector) and large (1 MB) tasks,
//     at 2 and 4 ranks;
//   - the speedup of a full sampler run with a ~10 ms likelihood at 1 vs 2 workers.
// `mpiBench()` is the entry point (for bench/run.ts). This file is also the script every rank of
// those jobs runs: `node … mpi-bench.ts --rank-job <kind> …`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Sampler } from '@tempest/core';
import { MPIPool } from '@tempest/mpi';

const self = fileURLToPath(import.meta.url);
const SMALL = 10;
const LARGE = (1 << 20) / 8; // 1 MiB of doubles

interface TransportFigures {
  ranks: number;
  kind: 'small' | 'large';
  latencyUs: { median: number; p90: number };
  chunked: number; // tasks per second, default chunking
  single: number; // tasks per second, one task per message (mpi4py's way)
}

interface SamplerFigures {
  workers: number;
  seconds: number;
  calls: number;
  logz: number;
}

/** Runs one mpirun job of this script and returns its last JSON line. Hard timeout kills the group. */
function job(ranks: number, args: string[], timeoutMs = 300_000): Promise<any> {
  const argv = ['-n', String(ranks), process.execPath, '--conditions=@tempest/source', '--import', 'tsx', self, '--rank-job', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('mpirun', argv, {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1', OMPI_MCA_rmaps_base_oversubscribe: '1', OMPI_MCA_hwloc_base_binding_policy: 'none' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    };
    const timer = setTimeout(kill, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      kill();
      const line = out.split('\n').filter((l) => l.startsWith('{')).at(-1);
      if (code !== 0 || line === undefined) reject(new Error(`mpirun ${argv.join(' ')} exited with ${code}:\n${out}`));
      else resolve(JSON.parse(line));
    });
  });
}

/** Prints the MPIPool tables (markdown). */
export async function mpiBench(): Promise<void> {
  const transport: TransportFigures[] = [];
  for (const ranks of [2, 4]) for (const kind of ['small', 'large'] as const) transport.push(await job(ranks, ['transport', kind]));
  console.log('### MPIPool transport (OpenMPI, one machine, shared memory)');
  console.log('| ranks (workers) | task | round trip, median | round trip, p90 | map throughput (chunked) | map throughput (1 task per message) |');
  console.log('|---:|---|---:|---:|---:|---:|');
  for (const t of transport) {
    const what = t.kind === 'small' ? '10-D vector' : '1 MB vector';
    console.log(`| ${t.ranks} (${t.ranks - 1}) | ${what} | ${t.latencyUs.median.toFixed(0)} µs | ${t.latencyUs.p90.toFixed(0)} µs | ${Math.round(t.chunked).toLocaleString('en')} tasks/s | ${Math.round(t.single).toLocaleString('en')} tasks/s |`);
  }
  const serial: SamplerFigures = await job(2, ['sampler', 'serial']);
  const one: SamplerFigures = await job(2, ['sampler', 'mpi']);
  const two: SamplerFigures = await job(3, ['sampler', 'mpi']);
  console.log('\n### Sampler with a ~10 ms likelihood (2-D Gaussian, 64 particles, nTotal 256)');
  console.log('| pool | wall time | likelihood calls | speedup vs 1 worker | log Z |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| none (serial, in the master) | ${serial.seconds.toFixed(2)} s | ${serial.calls} | ${(one.seconds / serial.seconds).toFixed(2)}x | ${serial.logz.toFixed(3)} |`);
  console.log(`| MPIPool, 1 worker (2 ranks) | ${one.seconds.toFixed(2)} s | ${one.calls} | 1.00x | ${one.logz.toFixed(3)} |`);
  console.log(`| MPIPool, 2 workers (3 ranks) | ${two.seconds.toFixed(2)} s | ${two.calls} | ${(one.seconds / two.seconds).toFixed(2)}x | ${two.logz.toFixed(3)} |`);
}

// ---- what the ranks run ----

const echoFirst = (x: Float64Array) => x[0];

async function transportJob(kind: 'small' | 'large'): Promise<void> {
  const width = kind === 'small' ? SMALL : LARGE;
  const pool = new MPIPool();
  const single = new MPIPool({ chunkSize: 1 });
  if (pool.isMaster()) {
    const task = new Float64Array(width).fill(1.5);
    // Round trip of one task: one worker receives it, answers, the master resolves.
    const rounds = kind === 'small' ? 2000 : 200;
    for (let i = 0; i < 50; i++) await pool.map(echoFirst, [task]);
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await pool.map(echoFirst, [task]);
      times.push((performance.now() - t0) * 1000);
    }
    times.sort((a, b) => a - b);
    const n = kind === 'small' ? 100_000 : 400;
    const tasks = Array.from({ length: n }, () => task);
    const rate = async (p: MPIPool, m: number) => {
      await p.map(echoFirst, tasks.slice(0, Math.min(m, 100)));
      const t0 = performance.now();
      await p.map(echoFirst, tasks.slice(0, m));
      return m / ((performance.now() - t0) / 1000);
    };
    const chunked = await rate(pool, n);
    const one = await rate(single, kind === 'small' ? 20_000 : n);
    console.log(JSON.stringify({ ranks: pool.size + 1, kind, latencyUs: { median: times[times.length >> 1], p90: times[Math.floor(times.length * 0.9)] }, chunked, single: one }));
  }
  await single.close();
  await pool.close();
}

// ~10 ms of work per call (a busy wait, so the time is the same on every rank).
const slowLogLikelihood = (x: Float64Array) => {
  const end = performance.now() + 10;
  while (performance.now() < end);
  return -0.5 * (x[0] * x[0] + x[1] * x[1]);
};

async function samplerJob(mode: 'serial' | 'mpi'): Promise<void> {
  const pool = new MPIPool();
  try {
    if (pool.isMaster()) {
      const sampler = new Sampler({
        nDim: 2,
        priorTransform: (u) => u.map((v) => 10 * v - 5),
        logLikelihood: slowLogLikelihood,
        nParticles: 64,
        randomState: 3,
        ...(mode === 'mpi' ? { pool } : {}),
      });
      const t0 = performance.now();
      await sampler.run({ nTotal: 256 });
      console.log(JSON.stringify({ workers: mode === 'mpi' ? pool.size : 0, seconds: (performance.now() - t0) / 1000, calls: sampler.calls, logz: sampler.evidence().logz }));
    }
  } finally {
    await pool.close();
  }
}

if (process.argv[1] === self && process.argv[2] === '--rank-job') {
  const [kind, arg] = process.argv.slice(3);
  if (kind === 'transport') await transportJob(arg as 'small' | 'large');
  else await samplerJob(arg as 'serial' | 'mpi');
} else if (process.argv[1] === self) {
  await mpiBench();
}
