// `npm run bench -- scaling [options]`: parallel efficiency of the pools on a simulated cluster.
// The likelihood sleeps (Atomics.wait, no CPU) for 2, 20 or 200 ms, uniformly or with a cost that
// varies tenfold across the prior, so that many more workers than cores can be simulated on this
// machine; the sampler runs with 256 particles on 8–128 worker threads, or worker ranks under
// mpirun --oversubscribe. Prints, per run, efficiency = ideal time / wall time (ideal: the summed
// cost of the likelihood calls over the workers) and the master's own time per iteration split
// into reweighting, training, proposing, evaluating, communication and waiting; then Amdahl's
// serial fraction fitted to each series. Not a test: timings depend on the machine and its load.
//
//   --latency 2,20,200          likelihood cost in ms (mean over the prior)
//   --cost uniform,varying      uniform cost, or tenfold across the prior
//   --workers 8,32,64,128       workers (threads, or MPI ranks besides the master)
//   --transport threads,mpi
//   --particles 256             nParticles (one map per MCMC step has about this many tasks)
//   --iterations N              sampler iterations per run (default: 20 at 2 ms, 10 at 20 ms, 3 at 200 ms)
//   --seed 1
//   --chunk-size K / --chunks-per-worker C   the pools' chunking instead of their default (guided)
//   --json FILE                 also append every run's record to FILE (JSON lines)
//   --pin-master                MPI: the master rank alone on core 0 and the worker ranks on the
//                               others (taskset), as on a cluster where the master has a core of
//                               its own; shows what the master's sharing of cores costs
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { amdahlEfficiency, amdahlSerialFraction } from './amdahl.js';
import type { JobSpec, RunRecord } from './scaling-job.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const job = join(here, 'scaling-job.ts');

const DEFAULT_ITERATIONS: Record<number, number> = { 2: 20, 20: 10, 200: 3 };

interface Options {
  latency: number[];
  cost: ('uniform' | 'varying')[];
  workers: number[];
  transport: ('threads' | 'mpi')[];
  particles: number;
  iterations: number | undefined;
  seed: number;
  json: string | undefined;
  chunking: JobSpec['chunking'];
  pinMaster: boolean;
}

function parse(args: string[]): Options {
  const o: Options = { latency: [2, 20, 200], cost: ['uniform', 'varying'], workers: [8, 32, 64, 128], transport: ['threads', 'mpi'], particles: 256, iterations: undefined, seed: 1, json: undefined, chunking: {}, pinMaster: false };
  for (let i = 0; i < args.length; i++) {
    const [flag, value] = [args[i], args[i + 1]];
    const list = () => (value ?? '').split(',').filter((v) => v !== '');
    const numbers = () => list().map(Number);
    if (flag === '--pin-master') {
      o.pinMaster = true;
      continue;
    }
    i++;
    if (flag === '--latency') o.latency = numbers();
    else if (flag === '--cost') o.cost = list() as Options['cost'];
    else if (flag === '--workers') o.workers = numbers();
    else if (flag === '--transport') o.transport = list() as Options['transport'];
    else if (flag === '--particles') o.particles = Number(value);
    else if (flag === '--iterations') o.iterations = Number(value);
    else if (flag === '--seed') o.seed = Number(value);
    else if (flag === '--json') o.json = value;
    else if (flag === '--chunk-size') o.chunking = { chunkSize: Number(value) };
    else if (flag === '--chunks-per-worker') o.chunking = { chunksPerWorker: Number(value) };
    else throw new Error(`unknown option ${flag}; the options are --latency, --cost, --workers, --transport, --particles, --iterations, --seed, --json, --chunk-size, --chunks-per-worker, --pin-master`);
  }
  const bad = [
    ...o.latency.filter((v) => !(v > 0)).map((v) => `--latency ${v}`),
    ...o.workers.filter((v) => !(Number.isInteger(v) && v >= 1)).map((v) => `--workers ${v}`),
    ...o.cost.filter((v) => v !== 'uniform' && v !== 'varying').map((v) => `--cost ${v}`),
    ...o.transport.filter((v) => v !== 'threads' && v !== 'mpi').map((v) => `--transport ${v}`),
  ];
  if (bad.length > 0) throw new Error(`invalid values: ${bad.join(', ')}`);
  return o;
}

/** The packages run from dist/ in the jobs: warn when a build looks older than its sources (turbo's cache may restore a current build with old times, hence a warning, not an error). */
function checkBuild(): void {
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) t = Math.max(t, newest(p));
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
    }
    return t;
  };
  const stale: string[] = [];
  for (const pkg of ['serialize', 'pool', 'core', 'mpi']) {
    const dir = join(repoRoot, 'packages', pkg);
    let built = 0;
    try {
      built = statSync(join(dir, 'dist', 'index.js')).mtimeMs;
    } catch {
      // not built
    }
    if (built < newest(join(dir, 'src'))) stale.push(`@tempest/${pkg}`);
  }
  if (stale.length > 0) console.error(`WARNING: the scaling benchmark runs the built packages, and the build of ${stale.join(', ')} looks older than ${stale.length > 1 ? 'their' : 'its'} sources: run \`npm run build\` first unless it is current.`);
}

/**
 * CPU seconds used so far by the processes of a session (the job, started detached: mpirun and
 * every rank, which mpirun puts in process groups of their own, or the one process of a threads
 * job), from /proc; NaN where /proc is missing.
 */
function sessionCpuSeconds(sid: number): number {
  let ticks = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(f[3]) === sid) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // gone
      }
    }
  } catch {
    return NaN;
  }
  return ticks / 100;
}

/** CPU seconds the whole machine has been busy (all cores, from /proc/stat); NaN without it. */
function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return (total - fields[3] - fields[4]) / 100; // minus idle and iowait
  } catch {
    return NaN;
  }
}

/**
 * A record with what the runner saw from outside during the run: the cores the whole job used, and
 * those everything else on the machine used (other load distorts the timings).
 */
export type MeasuredRecord = RunRecord & { jobCores: number; otherCores: number };

/**
 * The command that starts one rank pinned: rank 0 (the master) to core 0, the others to the
 * remaining cores, chosen by OpenMPI's rank variable in a shell.
 */
function pinnedRank(node: string[]): string[] {
  const last = cpus().length - 1;
  const quoted = node.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return ['sh', '-c', `if [ "$OMPI_COMM_WORLD_RANK" = 0 ]; then exec taskset -c 0 ${quoted}; else exec taskset -c 1-${last} ${quoted}; fi`];
}

/** Runs one job (a process for threads, an mpirun for MPI) and returns its records. */
function runJob(spec: JobSpec, pinMaster = false): Promise<MeasuredRecord[]> {
  const node = [process.execPath, '--import', 'tsx', job, JSON.stringify(spec)];
  const argv = spec.transport === 'mpi' ? ['mpirun', '-n', String(spec.workers + 1), ...(pinMaster ? pinnedRank(node) : node)] : node;
  // OpenMPI: allowed as root, more ranks than cores, no binding; idle ranks yield in blocking calls
  // (the addon's receives sleep with a back-off on their own).
  const env = { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1', OMPI_MCA_rmaps_base_oversubscribe: '1', OMPI_MCA_hwloc_base_binding_policy: 'none', OMPI_MCA_mpi_yield_when_idle: '1', OMPI_MCA_btl_base_warn_component_unused: '0' };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const records: MeasuredRecord[] = [];
    let out = '';
    // The job's CPU between two records is that of the run the second reports (and the first's
    // last moments): sampled when each line arrives, and when the job has warmed up.
    let mark = { cpu: NaN, busy: NaN, at: 0 };
    const sample = () => ({ cpu: sessionCpuSeconds(child.pid!), busy: machineBusySeconds(), at: performance.now() });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line === 'warm') mark = sample();
        if (!line.startsWith('{')) continue;
        const now = sample();
        const seconds = (now.at - mark.at) / 1000;
        const jobCores = (now.cpu - mark.cpu) / seconds;
        const r = { ...(JSON.parse(line) as RunRecord), jobCores, otherCores: Math.max(0, (now.busy - mark.busy) / seconds - jobCores) };
        mark = now;
        records.push(r);
        console.error(`  ${r.transport} ${r.workers} workers, ${r.latency} ms ${r.cost}: efficiency ${(100 * r.efficiency).toFixed(1)}% (${(r.wallMs / 1000).toFixed(1)} s, the job used ${r.jobCores.toFixed(2)} cores, everything else ${r.otherCores.toFixed(2)}; cost hints in ${(100 * (r.hintedShare ?? 0)).toFixed(0)}% of maps${(r.hintedShare ?? 0) > 0 ? `, their error σ(log) ${r.hintError.toFixed(3)}` : ''})`);
      }
    });
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    };
    const timer = setTimeout(kill, 3_600_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      kill();
      if (code !== 0 || records.length !== spec.runs.length) reject(new Error(`${argv.slice(0, 4).join(' ')} … exited with code ${code} after ${records.length} of ${spec.runs.length} runs`));
      else resolvePromise(records);
    });
  });
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);

function printRuns(records: MeasuredRecord[]): void {
  console.log('| transport | latency | cost | workers | efficiency | worker utilisation | job CPU (cores) | other CPU (cores) | wall (s) | calls | chunks/iter | reweight | train | propose | evaluate | communication | waiting | ideal | iteration |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of records) {
    const s = r.split;
    console.log(`| ${r.transport} | ${r.latency} ms | ${r.cost} | ${r.workers} | ${pct(r.efficiency)} | ${pct(r.utilisation)} | ${r.jobCores.toFixed(2)} | ${r.otherCores.toFixed(2)} | ${(r.wallMs / 1000).toFixed(2)} | ${r.calls} | ${s.chunks.toFixed(0)} | ${ms(s.reweight)} | ${ms(s.train)} | ${ms(s.propose)} | ${ms(s.evaluate)} | ${ms(s.communication)} | ${ms(s.waiting)} | ${ms(s.ideal)} | ${ms(s.total)} |`);
  }
}

function printSummary(records: RunRecord[], workers: number[]): void {
  console.log(`| transport | latency | cost | ${workers.map((w) => `${w} workers`).join(' | ')} | Amdahl serial fraction | predicted at 256 |`);
  console.log(`|---|---:|---|${workers.map(() => '---:|').join('')}---:|---:|`);
  const keys = [...new Set(records.map((r) => `${r.transport}|${r.latency}|${r.cost}`))];
  for (const key of keys) {
    const [transport, latency, cost] = key.split('|');
    const series = records.filter((r) => `${r.transport}|${r.latency}|${r.cost}` === key);
    const s = amdahlSerialFraction(series);
    const cells = workers.map((w) => {
      const r = series.find((x) => x.workers === w);
      return r === undefined ? '' : pct(r.efficiency);
    });
    console.log(`| ${transport} | ${latency} ms | ${cost} | ${cells.join(' | ')} | ${Number.isNaN(s) ? '' : s.toExponential(2)} | ${Number.isNaN(s) ? '' : pct(amdahlEfficiency(s, 256))} |`);
  }
}

/**
 * The scaling benchmark's entry point.
 * @param args - command-line arguments after `scaling`
 */
export async function scalingMain(args: string[]): Promise<void> {
  const o = parse(args);
  checkBuild();
  const runs = o.latency.flatMap((latency) => o.cost.map((cost) => ({ latency, cost, iterations: o.iterations ?? DEFAULT_ITERATIONS[latency] ?? 10 })));
  console.log(`# Scaling benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average before: ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
  const chunking = o.chunking.chunkSize !== undefined ? `chunkSize ${o.chunking.chunkSize}` : o.chunking.chunksPerWorker !== undefined ? `chunksPerWorker ${o.chunking.chunksPerWorker}` : 'the default (adaptive)';
  console.log(`2-D Gaussian under U(-10, 10)^2, nParticles ${o.particles}, seed ${o.seed}, chunking ${chunking}; the likelihood sleeps (Atomics.wait).${o.pinMaster ? ' MPI master rank pinned to core 0, worker ranks to the others.' : ''} Times per iteration in ms (means).\n`);
  const records: MeasuredRecord[] = [];
  for (const transport of o.transport) {
    for (const workers of o.workers) {
      console.error(`${transport}, ${workers} workers …`);
      const got = await runJob({ transport, workers, particles: o.particles, seed: o.seed, runs, chunking: o.chunking }, o.pinMaster && transport === 'mpi');
      records.push(...got);
      if (o.json !== undefined) for (const r of got) appendFileSync(o.json, `${JSON.stringify({ ...r, date: new Date().toISOString(), load: loadavg() })}\n`);
    }
  }
  console.log('## Runs\n');
  printRuns(records);
  console.log('\n## Efficiency by number of workers, and the Amdahl fit\n');
  printSummary(records, o.workers);
  const logz = new Map<string, Set<number>>();
  for (const r of records) {
    const key = `${r.latency}|${r.cost}|${r.iterations}`;
    logz.set(key, (logz.get(key) ?? new Set()).add(r.logz));
  }
  const differing = [...logz].filter(([, v]) => v.size > 1).map(([k]) => k);
  console.log(`\nlog Z identical across transports and worker counts: ${differing.length === 0 ? 'yes' : `NO (${differing.join('; ')})`}`);
  console.log(`load average after: ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
}
