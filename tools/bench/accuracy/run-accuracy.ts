// `npm run bench -- accuracy [options]`: runs the sampler with default options on every problem
// of the accuracy suite over many seeds and prints, per problem, how right log Z is and how honest
// its reported error is. Heavy (the full suite takes hours); not a CI test.
//
// Every run appends one JSON line to the results file, keyed by (tag, problem, seed, nTotal), so
// an interrupted suite resumes where it stopped and can be run in pieces; the table is computed
// from all the lines of the current tag. The tag defaults to the commit of the sampler's code.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DRIFT_Z_LIMIT, GAIN_Z_LIMIT, ANNEAL_GAIN_Z_LIMIT, CLOSING_Z_LIMIT, Sampler } from '@tempest/core';
import { accuracyProblems } from './problems/index.js';
import type { AccuracyProblem } from './problem.js';
import { verifyLogZ } from './verify-logz.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

/** One line of the results file (the peers' scripts write the same shape). */
export interface RunRecord {
  sampler: string;
  tag: string;
  problem: string;
  nDim: number;
  seed: number;
  nTotal: number;
  trueLogZ: number;
  logz: number;
  logzErr: number;
  calls: number;
  iterations?: number;
  wallSeconds: number;
  /** Summed per-iteration timing (ms): likelihood (prior transform included) and the whole iteration. */
  likelihoodMs?: number;
  totalMs?: number;
  /** Estimated and true posterior mass per mode. */
  modeWeights?: number[];
  trueModeWeights?: number[];
  /** Any TempestWarning emitted during the run, and any evidence field beyond logz/logzErr. */
  warnings?: string[];
  evidenceExtra?: Record<string, unknown>;
  /** The run's verdict on itself (`results().convergence`): converged, and each check's statistic. */
  convergence?: { converged: boolean; checks: Record<string, number> };
  /** When the run annealed twice (`reanneal`): its first pass's log Z, error, calls and anneal statistic. */
  firstPass?: { logz: number; logzErr: number; calls: number; checks: Record<string, number>; failed: string[] };
  /** Per-iteration diagnostics, for judging convergence checks against the truth offline. */
  trace?: { beta: number[]; meanLogl: number[]; correlation: number[]; capped: number[]; K: number[]; steps: number[]; ess: number[]; gain: number[]; gainError: number[] };
  error?: string;
  date: string;
}

interface Args {
  seeds: number;
  seedStart: number;
  problems: string[];
  quick: boolean;
  nTotal: number;
  out: string;
  tag: string;
  /** With --table: several tags, a later one's run of a problem and seed replacing an earlier one's. */
  tags: string[];
  tableOnly: boolean;
  verify: boolean;
  exportPoints?: string;
  list: boolean;
  sampler: string;
  /** Sampler options on top of the defaults (`--options '{"nRuns":4}'`); recorded in the default tag. */
  options: Record<string, unknown>;
}

const USAGE = `npm run bench -- accuracy [options]
  --seeds N           seeds per problem (default 20; --quick: 3)
  --seed-start S      first seed (default 1)
  --problems a,b      only these problems (a name, or a prefix such as corr-gauss)
  --quick             3 seeds, and only the cheap problems unless --problems is given
  --n-total N         nTotal of each run (default 4096)
  --out FILE          results file, JSON lines (default tools/bench/accuracy/results/runs.jsonl)
  --tag T             label of this sampler version (default: last commit of packages/, +dirty)
  --table             print the table from the results file; run nothing
  --tags a,b,c        with --table: the runs of several tags, a later tag's run of a problem and
                      seed replacing an earlier one's (the suite as it stands when each change
                      reran only the problems it could reach)
  --sampler NAME      with --table: whose records to tabulate (tempest, dynesty, nautilus)
  --verify            recompute every true log Z independently and compare with the pinned values
  --export-points F   with --verify: also write likelihood test points for peers/verify_logz.py
  --options JSON      sampler options on top of the defaults, e.g. '{"nRuns":4}' (added to the default tag)
  --list              list the problems`;

function parseArgs(argv: string[]): Args {
  const a: Args = { seeds: 20, seedStart: 1, problems: [], quick: false, nTotal: 4096, out: join(here, 'results', 'runs.jsonl'), tag: '', tags: [], tableOnly: false, verify: false, list: false, sampler: 'tempest', options: {} };
  let seedsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${k} needs a value.\n${USAGE}`);
      return v;
    };
    const int = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer; got ${argv[i]}.`);
      return v;
    };
    if (k === '--seeds') { a.seeds = int(); seedsGiven = true; }
    else if (k === '--seed-start') a.seedStart = int();
    else if (k === '--problems') a.problems = value().split(',').filter(Boolean);
    else if (k === '--quick') a.quick = true;
    else if (k === '--n-total') a.nTotal = int();
    else if (k === '--out') a.out = resolve(value());
    else if (k === '--tag') a.tag = value();
    else if (k === '--table') a.tableOnly = true;
    else if (k === '--tags') a.tags = value().split(',').filter(Boolean);
    else if (k === '--sampler') a.sampler = value();
    else if (k === '--verify') a.verify = true;
    else if (k === '--export-points') a.exportPoints = resolve(value());
    else if (k === '--list') a.list = true;
    else if (k === '--options') {
      const parsed: unknown = JSON.parse(value());
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`--options must be a JSON object; got ${argv[i]}.`);
      a.options = parsed as Record<string, unknown>;
    }
    else if (k === '--help' || k === '-h') { console.log(USAGE); process.exit(0); }
    else throw new Error(`unknown option ${k}.\n${USAGE}`);
  }
  if (a.quick && !seedsGiven) a.seeds = 3;
  if (a.tags.length > 0 && !a.tableOnly) throw new Error('--tags only reads stored runs: add --table (runs are stored under one --tag).');
  if (a.tags.length > 0 && a.tag) throw new Error('give --tag or --tags, not both.');
  return a;
}

/** The last commit of the sampler's code (packages/), with +dirty when packages/ has uncommitted changes. */
function defaultTag(): string {
  try {
    // The last commit that changed packages/, so that commits to tools/ keep the results valid.
    const head = execFileSync('git', ['log', '-1', '--format=%h', '--', 'packages'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

function selectProblems(args: Args): AccuracyProblem[] {
  const all = accuracyProblems();
  if (args.problems.length === 0) return args.quick ? all.filter((p) => p.quick) : all;
  // A full name selects that problem only (corr-gauss-10 is not corr-gauss-100); anything else is a prefix.
  const matches = (p: AccuracyProblem, q: string) => (all.some((o) => o.name === q) ? p.name === q : p.name.startsWith(q));
  const chosen = all.filter((p) => args.problems.some((q) => matches(p, q)));
  const unknown = args.problems.filter((q) => !all.some((p) => matches(p, q)));
  if (unknown.length) throw new Error(`unknown problem(s) ${unknown.join(', ')}; known: ${all.map((p) => p.name).join(', ')}`);
  return chosen;
}

function readRecords(path: string): RunRecord[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RunRecord)
    // The peers' scripts write null for a missing number (JSON has no NaN).
    .map((r) => ({ ...r, logz: r.logz ?? Number.NaN, logzErr: r.logzErr ?? Number.NaN }));
}

/** One seeded run with default options (and any given with --options); never throws (a failure becomes a record with `error`). */
async function runOne(p: AccuracyProblem, seed: number, nTotal: number, tag: string, options: Record<string, unknown>): Promise<RunRecord> {
  const base = { sampler: 'tempest', tag, problem: p.name, nDim: p.nDim, seed, nTotal, trueLogZ: p.trueLogZ, date: new Date().toISOString() };
  const warnings: string[] = [];
  const onWarning = (w: Error) => {
    if (w.name === 'TempestWarning') warnings.push(w.message);
  };
  process.on('warning', onWarning);
  const t0 = performance.now();
  try {
    const sampler = new Sampler({ nDim: p.nDim, priorTransform: p.priorTransform, logLikelihood: p.logLikelihood, vectorize: true, periodic: p.periodic ? [...p.periodic] : [], randomState: seed, ...options });
    await sampler.run({ nTotal });
    const wallSeconds = (performance.now() - t0) / 1000;
    const evidence = sampler.evidence();
    const { logz, logzErr, ...evidenceExtra } = evidence as { logz: number; logzErr: number } & Record<string, unknown>;
    const its = sampler.diagnostics;
    const record: RunRecord = {
      ...base,
      logz,
      logzErr,
      calls: sampler.calls,
      iterations: sampler.iteration,
      wallSeconds,
      likelihoodMs: its.reduce((s, i) => s + i.timing.likelihood, 0),
      totalMs: its.reduce((s, i) => s + i.timing.total, 0),
      trace: {
        beta: its.map((i) => i.beta), meanLogl: its.map((i) => i.meanLogl), correlation: its.map((i) => (Number.isNaN(i.correlation) ? -9 : i.correlation)),
        capped: its.map((i) => (i.capped ? 1 : 0)), K: its.map((i) => i.K), steps: its.map((i) => i.steps), ess: its.map((i) => i.ess),
        gain: its.map((i) => (Number.isFinite(i.loglGain) ? i.loglGain : 0)), gainError: its.map((i) => (Number.isFinite(i.loglGainError) ? i.loglGainError : -1)),
      },
    };
    const { convergence } = sampler.results();
    record.convergence = { converged: convergence.converged, checks: Object.fromEntries(convergence.checks.map((c) => [c.name, c.statistic])) };
    const first = sampler.firstPass;
    if (first !== undefined) record.firstPass = { logz: first.logz, logzErr: first.logzErr, calls: first.calls, checks: Object.fromEntries(first.checks.map((c) => [c.name, c.statistic])), failed: first.checks.filter((c) => !c.passed).map((c) => c.name) };
    if (p.modes) {
      const { samples, weights } = sampler.posterior({ trimImportanceWeights: false });
      const w = new Array<number>(p.modes.weights.length).fill(0);
      for (let i = 0; i < samples.n; i++) w[p.modes.assign(samples.row(i))] += weights[i];
      record.modeWeights = w;
      record.trueModeWeights = [...p.modes.weights];
    }
    // Let a warning emitted at the end of the run arrive (process warnings are delivered on the next tick).
    await new Promise((r) => setImmediate(r));
    if (warnings.length) record.warnings = warnings;
    if (Object.keys(evidenceExtra).length) record.evidenceExtra = JSON.parse(JSON.stringify(evidenceExtra)) as Record<string, unknown>;
    return record;
  } catch (error) {
    return { ...base, logz: Number.NaN, logzErr: Number.NaN, calls: 0, wallSeconds: (performance.now() - t0) / 1000, error: String((error as Error)?.message ?? error) };
  } finally {
    process.off('warning', onWarning);
  }
}

const mean = (a: number[]) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : Number.NaN);
const f = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const signed = (v: number, digits = 3) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(digits)}` : '–');

/**
 * Whether a run's verdict said it was not converged, under the current rules: recomputed from the
 * record's check statistics (so that records made before a rule changed are judged by the rule of
 * today), or the recorded verdict for replicated runs.
 * @param r - a run's record
 * @returns true when the run said it could not vouch for its answer
 */
export function flaggedNotConverged(r: RunRecord): boolean {
  const c = r.convergence;
  if (c === undefined) return false;
  if ('replicates' in c.checks) return !c.converged;
  // firstPass (a second pass whose first failed at beta = 1) has statistic 0 when it passed.
  return Math.abs(c.checks.equilibrium ?? 0) > GAIN_Z_LIMIT || Math.abs(c.checks.stationarity ?? 0) > DRIFT_Z_LIMIT || (c.checks.anneal ?? 0) > ANNEAL_GAIN_Z_LIMIT || (c.checks.firstPass ?? 0) > 0
    || Math.abs(c.checks.closing ?? 0) > CLOSING_Z_LIMIT;
}

/**
 * The runs of several tags as one suite: per problem, seed and nTotal, the run of the latest tag
 * in `tags` that has one. A change that can reach only some problems is rerun on those alone;
 * this puts its runs beside the earlier ones of the problems it left as they were.
 * @param records - runs of any tags
 * @param tags - oldest first
 * @returns one run per problem, seed and nTotal
 */
export function latestByTags(records: RunRecord[], tags: string[]): RunRecord[] {
  const rank = new Map(tags.map((t, i) => [t, i]));
  const chosen = new Map<string, RunRecord>();
  for (const r of records) {
    const i = rank.get(r.tag);
    if (i === undefined) continue;
    const key = `${r.problem}#${r.seed}#${r.nTotal}`;
    const held = chosen.get(key);
    // Within one tag the later line wins, as a rerun appended after an earlier one.
    if (held === undefined || i >= rank.get(held.tag)!) chosen.set(key, r);
  }
  return [...chosen.values()];
}

/**
 * The Markdown table of every problem's records.
 * @param records - runs (one sampler, one tag)
 * @param problems - rows, in this order
 */
export function accuracyTable(records: RunRecord[], problems: { name: string; nDim: number; trueLogZ: number }[]): string {
  const lines = [
    '| problem | d | true log Z | runs | bias | RMS | mean σ̂ | 1σ coverage | max abs(z) | not converged | abs(z) > 3.5 unflagged | annealed twice | mode-weight RMS (max) | calls | calls × RMS² | wall s | sampler µs/call | likelihood share |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const p of problems) {
    const rs = records.filter((r) => r.problem === p.name);
    if (rs.length === 0) continue;
    const ok = rs.filter((r) => !r.error && Number.isFinite(r.logz));
    const failed = rs.length - ok.length;
    const e = ok.map((r) => r.logz - r.trueLogZ);
    const z = ok.map((r) => (r.logz - r.trueLogZ) / r.logzErr);
    const rms = Math.sqrt(mean(e.map((v) => v * v)));
    const hasErrors = z.length > 0 && z.every((v) => !Number.isNaN(v));
    const cover = z.filter((v) => Math.abs(v) < 1).length / Math.max(1, z.length);
    const maxZ = hasErrors ? Math.max(...z.map(Math.abs)) : Number.NaN;
    const modeErr = ok.filter((r) => r.modeWeights && r.trueModeWeights).flatMap((r) => r.modeWeights!.map((w, k) => w - r.trueModeWeights![k]));
    const modeCell = modeErr.length ? `${f(Math.sqrt(mean(modeErr.map((v) => v * v))))} (${f(Math.max(...modeErr.map(Math.abs)))})` : '';
    const calls = mean(ok.map((r) => r.calls));
    const timed = ok.filter((r) => r.totalMs !== undefined && r.likelihoodMs !== undefined);
    const samplerUs = mean(timed.map((r) => (1000 * (r.totalMs! - r.likelihoodMs!)) / r.calls));
    const share = mean(timed.map((r) => r.likelihoodMs! / r.totalMs!));
    const runs = failed ? `${ok.length} (+${failed} failed)` : `${ok.length}`;
    const verdicts = ok.filter((r) => r.convergence !== undefined);
    const flagged = verdicts.filter(flaggedNotConverged).length;
    const wrongUnflagged = verdicts.filter((r) => !flaggedNotConverged(r) && Math.abs((r.logz - r.trueLogZ) / r.logzErr) > 3.5).length;
    const twice = ok.filter((r) => r.firstPass !== undefined).length;
    const verdictCells = verdicts.length ? `${flagged}/${verdicts.length} | ${wrongUnflagged} | ${twice}/${ok.length}` : ' |  | ';
    lines.push(`| ${p.name} | ${p.nDim} | ${f(p.trueLogZ)} | ${runs} | ${signed(mean(e))} | ${f(rms)} | ${f(mean(ok.map((r) => r.logzErr)))} | ${hasErrors ? `${(100 * cover).toFixed(0)}%` : '–'} | ${f(maxZ, 2)} | ${verdictCells} | ${modeCell} | ${Math.round(calls).toLocaleString('en-US')} | ${Math.round(calls * rms * rms).toLocaleString('en-US')} | ${f(mean(ok.map((r) => r.wallSeconds)), 2)} | ${timed.length ? f(samplerUs, 1) : ''} | ${timed.length ? `${(100 * share).toFixed(0)}%` : ''} |`);
  }
  return lines.join('\n');
}

/** Entry point of `npm run bench -- accuracy`. */
export async function accuracyMain(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args.list) {
    for (const p of accuracyProblems()) console.log(`${p.name.padEnd(22)} d=${String(p.nDim).padEnd(4)} log Z ${p.trueLogZ.toFixed(6).padStart(12)}  ${p.title}${p.quick ? '  [quick]' : ''}`);
    return;
  }
  if (args.verify) {
    const ok = verifyLogZ(args.problems, args.exportPoints);
    if (!ok) process.exitCode = 1;
    return;
  }
  const problems = selectProblems(args);
  const optionsTag = Object.keys(args.options).length > 0 ? ` ${JSON.stringify(args.options)}` : '';
  const tag = args.tag || (args.sampler === 'tempest' ? `${defaultTag()}${optionsTag}` : '');
  if (!args.tableOnly) {
    mkdirSync(dirname(args.out), { recursive: true });
    const done = new Set(readRecords(args.out).filter((r) => r.sampler === 'tempest' && r.tag === tag && r.nTotal === args.nTotal).map((r) => `${r.problem}#${r.seed}`));
    // Warm up the JIT so the first timed run measures steady-state code.
    await new Sampler({ nDim: 2, priorTransform: (u) => u.map((v) => 20 * v - 10), logLikelihood: (x: Float64Array) => -0.5 * (x[0] ** 2 + x[1] ** 2), randomState: 0 }).run({ nTotal: 256 });
    console.error(`tag ${tag}, nTotal ${args.nTotal}, seeds ${args.seedStart}-${args.seedStart + args.seeds - 1}, results in ${args.out}`);
    for (const p of problems) {
      for (let seed = args.seedStart; seed < args.seedStart + args.seeds; seed++) {
        if (done.has(`${p.name}#${seed}`)) continue;
        const r = await runOne(p, seed, args.nTotal, tag, args.options);
        appendFileSync(args.out, `${JSON.stringify(r)}\n`);
        const z = (r.logz - r.trueLogZ) / r.logzErr;
        const modes = r.modeWeights ? ` modes [${r.modeWeights.map((w) => w.toFixed(3)).join(' ')}]` : '';
        console.error(r.error ? `${p.name} seed ${seed}: FAILED ${r.error}` : `${p.name} seed ${seed}: log Z ${r.logz.toFixed(3)} ± ${r.logzErr.toFixed(3)} (true ${r.trueLogZ.toFixed(3)}, z ${z.toFixed(2)}), ${r.calls} calls, ${r.wallSeconds.toFixed(1)} s${modes}${r.convergence ? ` ${r.convergence.converged ? 'converged' : 'NOT converged'} ${JSON.stringify(r.convergence.checks)}` : ''}${r.firstPass ? ` (annealed twice; first pass ${r.firstPass.logz.toFixed(3)} ± ${r.firstPass.logzErr.toFixed(3)}, failed ${r.firstPass.failed.join(', ')})` : ''}${r.warnings ? ` warnings: ${r.warnings.join(' | ')}` : ''}`);
      }
    }
  }
  // Ours: one tag (or several, --tags) and one nTotal. The peers' records: all of them (or one tag, if given).
  const stored = readRecords(args.out).filter((r) => r.sampler === args.sampler);
  const records = args.tags.length > 0
    ? latestByTags(stored.filter((r) => args.sampler !== 'tempest' || r.nTotal === args.nTotal), args.tags)
    : stored.filter((r) => (args.sampler === 'tempest' ? r.tag === tag && r.nTotal === args.nTotal : !args.tag || r.tag === args.tag));
  const tagged = args.tags.length > 0 ? `tags ${args.tags.join(' < ')}` : tag;
  const what = args.sampler === 'tempest' ? `tempest ${tagged}, nTotal ${args.nTotal}` : `${args.sampler}${args.tags.length > 0 ? ` ${tagged}` : args.tag ? ` ${args.tag}` : ''}`;
  console.log(`\n## Accuracy suite: ${what} (${records.length} runs in ${args.out})\n`);
  console.log(accuracyTable(records, problems));
}
