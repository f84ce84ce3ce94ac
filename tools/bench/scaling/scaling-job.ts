// One job of the scaling benchmark (see run-scaling.ts): a ThreadPool of W threads in this
// process, or an MPIPool whose ranks all run this script under mpirun. The master runs the sampler
// on the sleeping likelihood for each requested (latency, cost) and prints one JSON line per run.
// Started with `node --import tsx` but without the @tempest/source condition, so the packages (and
// the pools' workers) run from their built dist/, as users run them: worker threads started from
// TypeScript source each register tsx, which costs more CPU than the pool itself.
import { Sampler, type IterationInfo } from '@tempest/core';
import { MPIPool } from '@tempest/mpi';
import { ThreadPool, type MapOptions, type Pool, type PoolFunction, type PoolStats } from '@tempest/pool';
import { costMs, priorTransform, sleepyLogLikelihood } from './sleepy-model.js';

/** What the job is asked to run. */
export interface JobSpec {
  readonly transport: 'threads' | 'mpi';
  /** Threads: the pool's size (MPI: the ranks decide). */
  readonly workers: number;
  readonly particles: number;
  readonly seed: number;
  readonly runs: readonly { readonly latency: number; readonly cost: 'uniform' | 'varying'; readonly iterations: number }[];
  /** The pool's chunking options; empty for its default. */
  readonly chunking: { readonly chunkSize?: number; readonly chunksPerWorker?: number };
}

/** Milliseconds of the master's time in one iteration, by part. */
export interface IterationSplit {
  reweight: number;
  train: number;
  /** Resampling, proposals and Metropolis–Hastings (the sampler's `mutate` time). */
  propose: number;
  /** Prior transforms and checking results, in the evaluator around the pool's maps. */
  evaluate: number;
  /** The pool's own time on the master: cutting, encoding, sending, receiving, decoding. */
  communication: number;
  /** Waiting for the workers (map wall time minus the master's own time in the pool). */
  waiting: number;
  /** Ideal time of the iteration's likelihood calls: their summed cost / workers. */
  ideal: number;
  /** The whole iteration. */
  total: number;
  calls: number;
  chunks: number;
}

/** One line of the job's output. */
export interface RunRecord {
  transport: 'threads' | 'mpi';
  workers: number;
  latency: number;
  cost: 'uniform' | 'varying';
  particles: number;
  iterations: number;
  calls: number;
  maps: number;
  wallMs: number;
  idealMs: number;
  /** Ideal time over wall time. */
  efficiency: number;
  /** The workers' own busy time (as they measured it, oversleeping included) over workers × wall. */
  utilisation: number;
  /** Per-iteration means. */
  split: IterationSplit;
  logz: number;
  cpuMs: number;
  /** Share of the maps that carried cost hints. */
  hintedShare: number;
  /** Mean over those maps of σ of log(measured / hinted cost) over their tasks (the hints' error). */
  hintError: number;
}

/** A pool that measures every map: nominal cost of its tasks, wall time. */
class MeteredPool implements Pool {
  maps = 0;
  costMs = 0;
  mapMs = 0;
  /** Maps that carried cost hints (the sampler's cost model advised). */
  hintedMaps = 0;
  /** Sum over hinted maps of the spread of the hints' errors: σ of log(measured / hinted) over the map's tasks. */
  hintError = 0;
  constructor(
    private readonly inner: Pool & { stats(): PoolStats },
    private readonly latency: number,
    private readonly varying: number,
  ) {}
  get size(): number {
    return this.inner.size;
  }
  async map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[], options?: MapOptions): Promise<R[]> {
    for (const t of tasks) this.costMs += costMs((t as Float64Array)[0], this.latency, this.varying);
    this.maps++;
    const t0 = performance.now();
    try {
      return await this.inner.map(fn, tasks, options);
    } finally {
      this.mapMs += performance.now() - t0;
      const { costHints: hints, durations } = options ?? {};
      if (hints !== undefined && durations !== undefined) {
        const r: number[] = [];
        for (let i = 0; i < tasks.length; i++) if (durations[i] > 0 && hints[i] > 0) r.push(Math.log(durations[i] / hints[i]));
        const mean = r.reduce((a, b) => a + b, 0) / r.length;
        this.hintedMaps++;
        this.hintError += Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, r.length - 1));
      }
    }
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  isMaster(): boolean {
    return true;
  }
  isWorker(): boolean {
    return false;
  }
  wait(): Promise<void> {
    return Promise.resolve();
  }
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

async function runOne(pool: Pool & { stats(): PoolStats }, spec: JobSpec, run: JobSpec['runs'][number]): Promise<RunRecord> {
  const varying = run.cost === 'varying' ? 1 : 0;
  const meter = new MeteredPool(pool, run.latency, varying);
  const sampler = new Sampler({
    nDim: 2,
    nParticles: spec.particles,
    randomState: spec.seed,
    priorTransform,
    logLikelihood: sleepyLogLikelihood,
    logLikelihoodArgs: [run.latency, varying],
    logLikelihoodCaptures: { costMs },
    pool: meter,
  });
  const W = pool.size;
  const sum: IterationSplit = { reweight: 0, train: 0, propose: 0, evaluate: 0, communication: 0, waiting: 0, ideal: 0, total: 0, calls: 0, chunks: 0 };
  const start = pool.stats();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let before = { stats: start, mapMs: 0, costMs: 0, calls: 0 };
  for (let k = 0; k < run.iterations; k++) {
    const info: IterationInfo = await sampler.sample();
    const stats = pool.stats();
    const mapMs = meter.mapMs - before.mapMs;
    const communication = stats.masterMs - before.stats.masterMs;
    sum.reweight += info.timing.reweight;
    sum.train += info.timing.train;
    sum.propose += info.timing.mutate;
    sum.evaluate += info.timing.likelihood - mapMs;
    sum.communication += communication;
    sum.waiting += mapMs - communication;
    sum.ideal += (meter.costMs - before.costMs) / W;
    sum.total += info.timing.total;
    sum.calls += sampler.calls - before.calls;
    sum.chunks += stats.chunks - before.stats.chunks;
    before = { stats, mapMs: meter.mapMs, costMs: meter.costMs, calls: sampler.calls };
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const end = pool.stats();
  const n = run.iterations;
  const split = Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, v / n])) as unknown as IterationSplit;
  return {
    transport: spec.transport, workers: W, latency: run.latency, cost: run.cost, particles: spec.particles, iterations: n,
    calls: sampler.calls, maps: meter.maps, wallMs, idealMs: meter.costMs / W, efficiency: meter.costMs / W / wallMs,
    utilisation: (end.busyMs - start.busyMs) / (W * wallMs), split, logz: sampler.evidence().logz, cpuMs: (cpu.user + cpu.system) / 1000,
    hintedShare: meter.hintedMaps / Math.max(1, meter.maps), hintError: meter.hintedMaps > 0 ? meter.hintError / meter.hintedMaps : NaN,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]) as JobSpec;
  const pool = spec.transport === 'mpi' ? new MPIPool({ ...spec.chunking }) : new ThreadPool({ size: spec.workers, execArgv: [], ...spec.chunking });
  try {
    if (!pool.isMaster()) {
      await pool.wait();
      return;
    }
    // Every worker up, and past its first message, and the sampler's own code compiled by the JIT
    // (a short run with a likelihood that does not sleep), before anything is timed.
    await pool.map((i: number) => i, Array.from({ length: 4 * pool.size }, (_, i) => i));
    await runOne(pool, spec, { latency: 0, cost: 'uniform', iterations: 6 });
    console.log('warm');
    for (const run of spec.runs) console.log(JSON.stringify(await runOne(pool, spec, run)));
  } finally {
    await pool.close();
  }
}

await main();
