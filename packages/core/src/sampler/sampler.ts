import type { Pool } from '@tempest/pool';
import { defaultPool, pruneNumberedStates, readRunState, statePath, writeRunState, writeRunStateSync } from '#sampler-platform';
import { LikelihoodEvaluator, type RemoteLikelihood } from '../likelihood/likelihood-evaluator.js';
import { shipLikelihood } from '../likelihood/ship-likelihood.js';
import { RandomGenerator } from '../random/random-generator.js';
import { evidenceOf, type Evidence } from '../read-outs/evidence.js';
import { annealedEvidenceOf } from '../read-outs/annealed-evidence.js';
import { expectationOf, type Expectation } from '../read-outs/expectation.js';
import { posteriorOf, type Posterior, type PosteriorOptions } from '../read-outs/posterior.js';
import { resultsOf, type SamplerResults } from '../read-outs/results.js';
import { informationOf, type Information } from '../read-outs/information.js';
import { maxLikelihoodOf } from '../read-outs/max-likelihood.js';
import { periodicRanges } from '../read-outs/periodic-ranges.js';
import { posteriorSummary, type PosteriorSummary } from '../read-outs/posterior-summary.js';
import { convergenceOf, verdict, type Convergence } from '../read-outs/convergence.js';
import { closingTopUp } from '../read-outs/closing-top-up.js';
import { combinedEvidenceOf, combinedExpectationOf, combinedPosteriorOf, combinedResultsOf, replicatesCheck, replicateSeed } from '../read-outs/replicates.js';
import { createIterationContext, moveSpaceOf, type IterationContext } from '../run/iteration-context.js';
import { emitWarning } from '../run/emit-warning.js';
import { progressSink } from '../run/progress-sink.js';
import { runIteration } from '../run/run-iteration.js';
import { currentClosing, drawClosingSample } from '../run/closing-draw.js';
import { createRunState, type RunState } from '../run/run-state.js';
import { isFinished } from '../run/stopping-rule.js';
import { reanneal, type FirstPass } from '../run/reanneal.js';
import { decodeRunState, encodeRunState } from '../state/run-state-bytes.js';
import { optionsFingerprint } from '../state/options-fingerprint.js';
import { TempestError } from '../tempest-error.js';
import { formatIteration, type IterationInfo } from './iteration-info.js';
import type { ResolvedOptions, SamplerOptions, ScalarSamplerOptions, VectorizedSamplerOptions } from './sampler-options.js';
import { resolveOptions } from '../options/resolve-options.js';
import { checkRunOptionNames } from '../options/run-options.js';

export type { Evidence } from '../read-outs/evidence.js';
export type { Expectation } from '../read-outs/expectation.js';
export type { Posterior, PosteriorOptions } from '../read-outs/posterior.js';
export type { SamplerResults } from '../read-outs/results.js';
export type { Convergence, ConvergenceCheck } from '../read-outs/convergence.js';
export type { CombinedEvidence } from '../read-outs/replicates.js';
export type { FirstPass } from '../run/reanneal.js';

/** Numbered state files `run({ saveEvery })` keeps by default (the newest). */
const DEFAULT_KEEP_STATES = 3;

/** essRatio above this (and a target above nTotal) gets a warning: 1 to 4 is the usual range. */
const USUAL_MAX_ESS_RATIO = 4;

/** Options of {@link Sampler.run}. */
export interface RunOptions {
  /** ESS of the final weighted posterior to reach. Default 4096. */
  nTotal?: number;
  /** `true` prints a status line per iteration to stderr; a function receives each line instead. */
  progress?: boolean | ((line: string) => void);
  /**
   * Called after every iteration (awaited when it returns a Promise); with `saveEvery`, after that
   * iteration's state file, if it has one, is written.
   */
  onIteration?: (info: IterationInfo) => void | Promise<void>;
  /**
   * Write a state file every k iterations (`<outputDir>/<outputLabel>_<iteration>.state`), a
   * final one (`<outputLabel>_final.state`), and one before stopping on a model error.
   */
  saveEvery?: number;
  /**
   * With `saveEvery`: how many numbered state files (`<outputLabel>_<iteration>.state`) to keep,
   * the newest; older ones are removed after each save (the final file is always kept).
   * `Infinity` keeps every one. Default 3.
   */
  keepStates?: number;
  /** Continue the run saved in this state file (written by `saveEvery` or `saveState`). */
  resumeStatePath?: string;
  /**
   * Stops the run at the end of the iteration in flight when aborted: `run()` then rejects with
   * `ABORTED`, the sampler keeping every complete iteration, so that `stateBytes()` or `saveState`
   * saves it and a later `run()` continues it (a Stop button in a page).
   */
  signal?: AbortSignal;
}

/**
 * Persistent Sampling: a Sequential Monte Carlo sampler that keeps and reweights every
 * particle it has drawn, returning weighted posterior samples and the log-evidence with an
 * uncertainty. All random draws happen here, so a seeded run is bit-reproducible.
 *
 * @example
 * ```ts
 * const sampler = new Sampler({
 *   priorTransform: (u) => u.map((v) => 20 * v - 10),
 *   logLikelihood: (x) => -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   nDim: 2,
 *   randomState: 42,
 * });
 * await sampler.run();
 * const { samples, weights } = sampler.posterior();
 * const { logz, logzErr } = sampler.evidence();
 * ```
 */
export class Sampler {
  /** Resolved options (defaults filled in). */
  readonly options: Readonly<ResolvedOptions>;
  /** What the run knows; replaced whole by `loadState`. */
  private state: RunState;
  private readonly context: IterationContext;
  /** The worker-thread pool made for `pool: n`, open from the first evaluation to the end of `run()`. */
  private ownedPool: Pool | undefined;
  /**
   * While an iteration is in flight: the generator and call count as they were before it, so that
   * `saveState` called meanwhile (from a signal handler, say) writes the last complete iteration
   * rather than a half-done one. The history changes only when an iteration commits, and a
   * clustering re-fitted by the unfinished iteration is the one its re-run fits again.
   */
  private inFlight: { rng: number[]; calls: number } | undefined;
  /** With `nRuns` > 1: the independent runs, each a sampler of one run; this one only combines them. */
  private readonly replicas: Sampler[] | undefined;
  /** Set while a sampler makes its replicas, which neither repeat its option warnings nor warn on their own verdicts. */
  private static makingReplicas = false;
  private readonly isReplica = Sampler.makingReplicas;

  // Overloads: the first two give an inline likelihood its parameter type (one vector, or a batch
  // with `vectorize: true`); the last takes any options, e.g. built in pieces or with a boolean flag.
  /**
   * @param options - prior transform, likelihood, dimension and sampler settings
   * @throws {TempestError} `INVALID_CONFIGURATION` listing every problem with the options, or,
   *   with a pool, why the likelihood cannot be shipped to its workers
   */
  constructor(options: ScalarSamplerOptions);
  /**
   * @param options - prior transform, batch likelihood (`vectorize: true`), dimension and sampler settings
   * @throws {TempestError} `INVALID_CONFIGURATION` listing every problem with the options
   */
  constructor(options: VectorizedSamplerOptions);
  /**
   * @param options - prior transform, likelihood, dimension and sampler settings
   * @throws {TempestError} `INVALID_CONFIGURATION` listing every problem with the options, or,
   *   with a pool, why the likelihood cannot be shipped to its workers
   */
  constructor(options: SamplerOptions);
  constructor(options: SamplerOptions) {
    this.options = Object.freeze(resolveOptions(options, randomSeed));
    const o = this.options;
    if (!this.isReplica) for (const w of o.warnings) emitWarning(w);
    this.state = createRunState(o.nDim, o.nParticles, o.randomState, optionsFingerprint(o), o);
    // With a pool, the likelihood is shipped now, so that what cannot be shipped fails before any work.
    const remote: RemoteLikelihood | undefined = o.pool === undefined ? undefined : { pool: () => this.pool(), shipped: shipLikelihood(o) };
    const evaluator = new LikelihoodEvaluator(o.priorTransform, o.logLikelihood, o.nDim, o.vectorize, o.logLikelihoodArgs, remote);
    this.context = createIterationContext(o, evaluator);
    this.replicas = o.nRuns > 1 ? this.makeReplicas(options) : undefined;
  }

  private makeReplicas(options: SamplerOptions): Sampler[] {
    Sampler.makingReplicas = true;
    try {
      return Array.from({ length: this.options.nRuns }, (_, r) => new Sampler({
        ...options, nRuns: 1, randomState: replicateSeed(this.options.randomState, r), outputLabel: `${this.options.outputLabel}-run${r + 1}`,
      } as SamplerOptions));
    } finally {
      Sampler.makingReplicas = false;
    }
  }

  /** The states of the runs this sampler's read-outs combine (its own, or its replicas'). */
  private states(): RunState[] {
    return this.replicas === undefined ? [this.state] : this.replicas.map((r) => r.state);
  }

  /** Refuses what a replicated sampler cannot do as one run. */
  private singleRunOnly(what: string): void {
    if (this.replicas !== undefined) {
      throw new TempestError('INVALID_ARGUMENT', `${what} works on one run; this sampler combines nRuns = ${this.replicas.length} runs, each writing its own state files (<outputLabel>-run<r>_*.state) with run({ saveEvery }). Use nRuns: 1 to ${what.replace(/\(\)$/, '')} a single run.`, { option: 'nRuns', value: this.replicas.length });
    }
  }

  /** The seed of this run (given as `randomState`, or chosen at construction). */
  get seed(): number {
    return this.state.seed;
  }

  /** Inverse temperature of the last iteration. */
  get beta(): number {
    return this.replicas === undefined ? this.state.beta : Math.min(...this.replicas.map((r) => r.beta));
  }

  /** Number of completed iterations (of both passes of a re-annealed run). */
  get iteration(): number {
    return this.states().reduce((s, state) => s + state.iterations.length + (state.reannealing?.firstPass.iterations ?? 0), 0);
  }

  /** Likelihood evaluations so far. */
  get calls(): number {
    return this.states().reduce((s, state) => s + state.calls, 0);
  }

  /**
   * log-evidence estimate of the last iteration's reweighting (before that iteration's new
   * particles were added). After a run, report {@link evidence}, which uses every particle.
   */
  get logz(): number {
    return this.last()?.logz ?? NaN;
  }

  /** ESS of the history at the last iteration's temperature. */
  get ess(): number {
    return this.last()?.ess ?? NaN;
  }

  /** Volume variation at the last iteration's temperature. */
  get cv(): number {
    return this.last()?.cv ?? NaN;
  }

  /** Diagnostics of every completed iteration (of every run in turn, with `nRuns` > 1). */
  get diagnostics(): readonly IterationInfo[] {
    return this.states().flatMap((state) => state.iterations);
  }

  /**
   * Runs iterations until beta = 1 and the weighted posterior's ESS reaches `nTotal`, then, with
   * `closingDraws`, draws the closing importance sample.
   * With `pool: n`, the worker threads are created at the first likelihood evaluation and closed
   * when `run()` returns or throws (a pool object given by the user is left open).
   * @param runOptions - `nTotal`, progress output, per-iteration callback
   * @returns the results (also available later from {@link Sampler.results})
   * @throws {TempestError} when the likelihood or prior transform misbehaves (the history so far is
   *   kept); `WORKER_DIED` or `TASK_TIMEOUT` from the pool
   */
  async run(runOptions: RunOptions = {}): Promise<SamplerResults> {
    checkRunOptionNames(runOptions);
    const nTotal = runOptions.nTotal ?? 4096;
    if (!Number.isInteger(nTotal) || nTotal < 1) {
      throw new TempestError('INVALID_ARGUMENT', `nTotal must be a positive integer; got ${String(nTotal)}. The default is 4096.`, { option: 'nTotal', value: nTotal });
    }
    const { saveEvery } = runOptions;
    if (saveEvery !== undefined && !(Number.isInteger(saveEvery) && saveEvery > 0)) {
      throw new TempestError('INVALID_ARGUMENT', `saveEvery must be a positive integer (iterations between state files); got ${String(saveEvery)}.`, { option: 'saveEvery', value: saveEvery });
    }
    const keepStates = runOptions.keepStates ?? DEFAULT_KEEP_STATES;
    if (!(keepStates === Infinity || (Number.isInteger(keepStates) && keepStates > 0))) {
      throw new TempestError('INVALID_ARGUMENT', `keepStates must be a positive integer (numbered state files kept) or Infinity (keep all); got ${String(keepStates)}. The default is ${DEFAULT_KEEP_STATES}.`, { option: 'keepStates', value: keepStates });
    }
    if (this.replicas !== undefined) return this.runReplicas(runOptions);
    if (runOptions.resumeStatePath !== undefined) await this.loadState(runOptions.resumeStatePath);
    // beta leaves 0 only once the history holds essRatio x nParticles particles: an unusual
    // essRatio whose target is above nTotal makes the run far longer than asked (essRatio 1e9
    // would never leave the prior).
    const { essRatio, nParticles } = this.options;
    if (essRatio > USUAL_MAX_ESS_RATIO && essRatio * nParticles > nTotal && !isFinished(this.state, nTotal)) {
      emitWarning(`essRatio x nParticles = ${essRatio * nParticles} exceeds nTotal = ${nTotal}: beta stays 0 for about ${Math.ceil(essRatio)} iterations of ${nParticles} likelihood calls each, and the run draws far more than nTotal asks. Lower essRatio (default 3; 1 to 4 is usual) or raise nTotal.`);
    }
    const print = progressSink(runOptions.progress);
    try {
      for (;;) {
        while (!isFinished(this.state, nTotal)) {
          if (runOptions.signal?.aborted === true) throw this.aborted(runOptions.signal);
          let info: IterationInfo;
          try {
            info = await this.sample();
          } catch (error) {
            throw saveEvery === undefined ? error : await this.checkpointAfterFailure(error, keepStates);
          }
          print?.(`${this.state.reannealing === undefined ? '' : 'pass 2 | '}${formatIteration(info)}`, false);
          if (saveEvery !== undefined && this.iteration % saveEvery === 0) await this.saveNumbered(keepStates);
          if (runOptions.onIteration) await runOptions.onIteration(info);
        }
        if (this.startSecondPass(print, 'anneal')) continue;
        if (this.options.closingDraws > 0 && currentClosing(this.state) === undefined) await this.drawClosing(print);
        if (!this.startSecondPass(print, 'closing')) break;
      }
      if (saveEvery !== undefined) await this.saveState(this.statePath('final'));
    } finally {
      print?.('', true);
      await this.closeOwnedPool();
    }
    const results = this.results();
    if (!results.convergence.converged && !this.isReplica) emitWarning(results.convergence.summary);
    return results;
  }

  /** Draws the closing importance sample (`closingDraws`) from the finished run, all or nothing like an iteration. */
  private async drawClosing(print: ((line: string, last: boolean) => void) | undefined): Promise<void> {
    const batch = this.options.closingDraws;
    const { estimate, logl } = await this.allOrNothing((state) => drawClosingSample(this.context, state, batch, (sample) => closingTopUp(state, sample, batch)));
    print?.(`closing sample | draws: ${estimate.draws} | calls: ${logl.length} | logZ: ${estimate.logz.toFixed(3)} ± ${estimate.logzErr.toFixed(3)} | k-hat: ${estimate.paretoShape.toFixed(2)} | ESS: ${Math.round(estimate.ess)}`, false);
  }

  /** The error of a run stopped by its signal. */
  private aborted(signal: AbortSignal): TempestError {
    return new TempestError('ABORTED', `run() was stopped by its signal after iteration ${this.iteration} (beta = ${this.beta}). The sampler keeps every complete iteration: call run() again to continue, or save them with stateBytes() or saveState().`, {
      iteration: this.iteration, ...(signal.reason === undefined ? {} : { cause: signal.reason }),
    });
  }

  /**
   * With `reanneal`, after a first pass that failed a convergence check: starts the second pass
   * (see {@link reanneal}) and says so on the progress output. After the anneal, any failed check
   * starts it; after the closing sample, only the orphans check (regions the draws found that the
   * anneal lacked), or the closing sample's own check where its draws lie above the anneal and
   * took in orphan regions (the same finding, by draws whose error can be trusted); the regions
   * are what the second pass's chains then jump into beside the first pass's posterior. Otherwise
   * a closing sample that disagrees with the anneal does not: the higher estimate is reported.
   * @param after - the stage just finished
   * @returns whether a second pass started
   */
  private startSecondPass(print: ((line: string, final: boolean) => void) | undefined, after: 'anneal' | 'closing'): boolean {
    if (!this.options.reanneal || this.state.reannealing !== undefined) return false;
    const { checks } = convergenceOf(this.state);
    // A closing sample read from a state file has no components for its regions: nothing to jump into.
    const found = after === 'closing' ? currentClosing(this.state)?.orphanGuide : undefined;
    const failed = checks.filter((c) => !c.passed && (after === 'anneal' || c.name === 'orphans' || (c.name === 'closing' && c.statistic > 0)));
    if (failed.length === 0) return false;
    if (after === 'closing' && found === undefined) return false;
    reanneal(this.state, checks, this.options, moveSpaceOf(this.context, this.state), found);
    const first = this.state.reannealing!.firstPass;
    print?.('', true);
    print?.(`first pass: log Z = ${first.logz.toFixed(3)} ± ${first.logzErr.toFixed(3)} after ${first.calls} calls, but it failed ${failed.map((c) => `its ${c.name} check (z = ${c.statistic.toFixed(1)})`).join(' and ')}; annealing again from the prior with jumps into its posterior${found === undefined ? '' : ' and the regions its closing sample found'}`, false);
    print?.('', true);
    return true;
  }

  /** The replicas one after another, each on this sampler's pool, then the combined results. */
  private async runReplicas(runOptions: RunOptions): Promise<SamplerResults> {
    if (runOptions.resumeStatePath !== undefined) {
      throw new TempestError('INVALID_ARGUMENT', `resumeStatePath continues one run; with nRuns = ${this.replicas!.length} resume each run with its own sampler (nRuns: 1, randomState and outputLabel as in the file's name).`, { option: 'resumeStatePath', value: runOptions.resumeStatePath });
    }
    const replicas = this.replicas!;
    const print = progressSink(runOptions.progress);
    for (const [r, replica] of replicas.entries()) {
      await replica.run({
        ...runOptions,
        progress: print === undefined ? undefined : (line: string) => print(`run ${r + 1}/${replicas.length} | ${line}`, false),
      });
    }
    print?.('', true);
    const results = this.results();
    if (!results.convergence.converged) emitWarning(results.convergence.summary);
    return results;
  }

  /**
   * Writes everything needed to continue this run exactly to a state file: data only (a JSON
   * header and raw little-endian arrays, checksummed), written atomically so a crash during
   * the write leaves the previous file intact. The format is described in docs/guide/checkpointing.md.
   * The file is written piece by piece, never assembled in memory, so its size (16·nDim + 32
   * bytes per stored particle, plus the blobs) is limited only by the disk.
   * Called while an iteration is in flight (from a signal handler, or a likelihood awaiting a
   * remote result), it writes the state after the last complete iteration, so a job killed
   * mid-iteration loses only that iteration.
   * @param path - file to write (folders are created)
   * @throws the file-system error when the file cannot be written
   */
  async saveState(path: string): Promise<void> {
    this.singleRunOnly('saveState()');
    await writeRunState(path, this.savedState());
  }

  /**
   * {@link saveState} without yielding to the event loop, for a signal handler: the run cannot
   * go on, and no second signal can be handled, until the file is written. Same file, same
   * guarantees (atomic, the last complete iteration when called mid-iteration).
   * @param path - file to write (folders are created)
   * @throws the file-system error when the file cannot be written
   * @example
   * ```ts
   * process.once('SIGTERM', () => {
   *   sampler.saveStateSync('states/ps_interrupted.state');
   *   process.exit(143);
   * });
   * ```
   */
  saveStateSync(path: string): void {
    this.singleRunOnly('saveStateSync()');
    writeRunStateSync(path, this.savedState());
  }

  /**
   * The bytes of the state file {@link saveState} would write (the same format, checksum and
   * guarantees: the last complete iteration when called mid-iteration), for a platform without
   * files or a state kept elsewhere: a browser offers them as a download or keeps them in
   * IndexedDB. `loadStateBytes` (here or in Node), `readRunState` and `tempest info` read them.
   * @returns the state file's bytes
   * @throws {TempestError} `INVALID_ARGUMENT` with `nRuns` > 1
   * @example
   * ```ts
   * const url = URL.createObjectURL(new Blob([sampler.stateBytes()]));
   * ```
   */
  stateBytes(): Uint8Array {
    this.singleRunOnly('stateBytes()');
    return encodeRunState(this.savedState());
  }

  /**
   * {@link loadState} from the bytes of a state file (from `stateBytes`, `saveState` or
   * `run({ saveEvery })`, written here or elsewhere): all or nothing, with the same checks.
   * @param bytes - the file's bytes
   * @param source - the file's name, for messages
   * @throws {TempestError} `INVALID_STATE_FILE`, `STATE_MISMATCH` or `INVALID_ARGUMENT` as `loadState`
   * @example
   * ```ts
   * sampler.loadStateBytes(new Uint8Array(await file.arrayBuffer()), file.name);
   * await sampler.run();
   * ```
   */
  loadStateBytes(bytes: Uint8Array, source = 'the state file'): void {
    this.singleRunOnly('loadStateBytes()');
    this.refuseLoadInFlight(source);
    this.state = decodeRunState(bytes, source, this.state.fingerprint);
  }

  /** The state as of the last complete iteration (see {@link saveState}). */
  private savedState(): RunState {
    const f = this.inFlight;
    return f === undefined ? this.state : { ...this.state, rng: RandomGenerator.fromState(f.rng), calls: f.calls };
  }

  /**
   * Replaces this sampler's state with the run saved in a state file; the next iteration is
   * the one the saved run would have done next, bit for bit. The sampler must have been made
   * with the saved run's options (the model functions and pool may differ).
   *
   * All or nothing: the file is read and checked whole (its options against this sampler's,
   * then every value the run would use: β, iterations, lineages, finite values, clustering,
   * generator, blobs) and the new state built aside; only then does it replace the current one.
   * A file that fails leaves the sampler exactly as it was.
   * @param path - a file written by `saveState` or `run({ saveEvery })`
   * @throws {TempestError} `INVALID_STATE_FILE` for a missing, truncated, corrupted, foreign or
   *   inconsistent file (naming the field and the value); `STATE_MISMATCH` naming every option
   *   that differs; `INVALID_ARGUMENT` while an iteration is running
   */
  async loadState(path: string): Promise<void> {
    this.singleRunOnly('loadState()');
    this.refuseLoadInFlight(path);
    const loaded = await readRunState(path, `Check the path (state files are written to outputDir, "${this.options.outputDir}" here).`, this.state.fingerprint);
    // An iteration started while the file was read would commit to the state replaced here.
    this.refuseLoadInFlight(path);
    this.state = loaded;
  }

  /** Refuses to replace the state under an iteration in flight (it would finish on the old run and mix the two). */
  private refuseLoadInFlight(path: string): void {
    if (this.inFlight !== undefined) {
      throw new TempestError('INVALID_ARGUMENT', `Cannot load ${path} while an iteration is running: it would replace the state the iteration is advancing, mixing two runs. Await sample() or run() first.`, { option: 'path', value: path });
    }
  }

  private statePath(suffix: string): string {
    return statePath(this.options.outputDir, this.options.outputLabel, suffix);
  }

  /** Saves `<outputLabel>_<iteration>.state` and removes all but the newest `keep` such files. */
  private async saveNumbered(keep: number): Promise<string> {
    const path = this.statePath(String(this.iteration));
    await this.saveState(path);
    pruneNumberedStates(this.options.outputDir, this.options.outputLabel, keep);
    return path;
  }

  /** Saves the state as it was before the failed iteration and says where, in the error. */
  private async checkpointAfterFailure(error: unknown, keep: number): Promise<unknown> {
    if (!TempestError.is(error) || this.state.history.length === 0) return error;
    let path: string;
    try {
      path = await this.saveNumbered(keep);
    } catch {
      return error; // the save failed too (a full disk): the caller sees the first error, unsaved
    }
    const { code, option, value, index, iteration, parameters, problems } = error;
    return new TempestError(code, `${error.message} The run up to iteration ${this.iteration} is saved in ${path}: fix the model and continue with run({ resumeStatePath: ${JSON.stringify(path)} }).`, {
      option, value, index, iteration, parameters, problems, cause: error, savedStatePath: path,
    });
  }

  /**
   * Runs one iteration: reweight, train, resample, mutate, commit. A failed iteration leaves
   * the sampler exactly as it was before the call (history and random stream).
   * @returns the iteration's diagnostics
   * @throws {TempestError} when the likelihood or prior transform misbehaves
   */
  async sample(): Promise<IterationInfo> {
    this.singleRunOnly('sample()');
    return this.allOrNothing((state) => runIteration(this.context, state));
  }

  /**
   * Runs work that draws from the run's generator and counts calls (an iteration, the closing
   * sample): when it throws, generator and calls are as they were before it (the history changes
   * only when the work completes), and `saveState` meanwhile writes the state before it.
   */
  private async allOrNothing<T>(work: (state: RunState) => Promise<T>): Promise<T> {
    const state = this.state;
    const rngState = state.rng.getState();
    const callsBefore = state.calls;
    this.inFlight = { rng: rngState, calls: callsBefore };
    try {
      return await work(state);
    } catch (error) {
      state.rng = RandomGenerator.fromState(rngState);
      state.calls = callsBefore;
      throw error;
    } finally {
      this.inFlight = undefined;
    }
  }

  /**
   * Weighted posterior samples from the whole history at beta = 1, and the closing sample's draws
   * after them when its log Z is the one reported (`closingDraws`; see {@link posteriorOf}).
   * @param posteriorOptions - trimming, resampling and extra outputs
   * @returns samples, normalised weights and log-likelihoods (and blobs, log-weights if asked)
   * @throws {TempestError} `NOT_RUN` before the first iteration
   */
  posterior(posteriorOptions: PosteriorOptions = {}): Posterior {
    return this.replicas === undefined ? posteriorOf(this.state, posteriorOptions) : combinedPosteriorOf(this.states(), posteriorOptions);
  }

  /**
   * What a paper quotes from the run: log Z with its error, the information H (the KL divergence
   * from prior to posterior, in nats, with its error), the maximum-likelihood particle, and per
   * parameter (by `parameterNames`, with its `parameterLabels`) the weighted mean, standard
   * deviation and 5/16/50/84/95% quantiles of `posterior()`'s samples. A `periodic` parameter
   * gets circular statistics: the circular mean and standard deviation, and quantiles on the axis
   * recentred on that mean, so a phase straddling 0 = 2π is one interval (its range is read from
   * the prior transform's values at u = 0 and 1).
   * @returns the summary (`tempest run` writes it as summary.json)
   * @throws {TempestError} `NOT_RUN` before the first iteration
   * @example
   * ```ts
   * const { information, maxLikelihood, parameters } = sampler.summary();
   * for (const p of parameters) console.log(`${p.name} = ${p.q50} +${p.q84 - p.q50} -${p.q50 - p.q16}`);
   * ```
   */
  summary(): PosteriorSummary {
    const o = this.options;
    const evidence = this.evidence();
    const states = this.states();
    // H is the history's own estimate (E[ln L] - ln Z from the same weights), so its error is the anneal's too.
    const each = states.map((state) => informationOf(state, annealedEvidenceOf(state).logzErr));
    // Independent runs: their mean, whose error is the runs' errors averaged in quadrature.
    const information: Information = each.length === 1 ? each[0] : {
      information: each.reduce((t, i) => t + i.information, 0) / each.length,
      informationErr: Math.sqrt(each.reduce((t, i) => t + i.informationErr ** 2, 0)) / each.length,
    };
    const best = states.map(maxLikelihoodOf).reduce((a, b) => (b.logl > a.logl ? b : a));
    return posteriorSummary({
      posterior: this.posterior(), evidence, information, maxLikelihood: best,
      names: o.parameterNames, labels: o.parameterLabels, periodic: periodicRanges(o.priorTransform, o.nDim, o.periodic),
    });
  }

  /**
   * The log-evidence at beta = 1 from the whole history, with its standard error from the
   * spread between ancestral lineages, or with `closingDraws` the closing sample's where its
   * error can be trusted and the verdict passed (see {@link evidenceOf}).
   * @returns `{ logz, logzErr }`
   * @throws {TempestError} `NOT_RUN` before the first iteration
   */
  evidence(): Evidence {
    return this.replicas === undefined ? evidenceOf(this.state) : combinedEvidenceOf(this.states());
  }

  /**
   * A posterior expectation E[f(x)] with its standard error from the particles' genealogy, so
   * it is honest where 1/sqrt(ESS) is not (see {@link expectationOf}); use it for derived
   * quantities, tail probabilities or the mass of a mode. It averages over the samples
   * `posterior()` gives, a closing sample's draws (`closingDraws`) included where it is used,
   * each of them a lineage of its own.
   * @param f - function of the parameters x (and log-likelihood) to average
   * @returns `{ mean, error }`
   * @throws {TempestError} `NOT_RUN` before the first iteration; `INVALID_ARGUMENT` when f returns a non-finite value
   * @example
   * ```ts
   * const { mean, error } = sampler.expectation((x) => (x[0] > 0 ? 1 : 0)); // mass of the x0 > 0 mode
   * ```
   */
  expectation(f: (x: Float64Array, logl: number) => number): Expectation {
    return this.replicas === undefined ? expectationOf(this.state, f) : combinedExpectationOf(this.states(), f);
  }

  /**
   * Whether the run can vouch for its answer: at beta = 1 the chains keep the likelihood of their
   * resampled starts level and the particles are stationary, and with `nRuns` > 1 the runs agree
   * (see {@link convergenceOf}); also which iterations' chains reached nMaxSteps. `run()` warns
   * when it cannot vouch.
   * @returns the verdict, its checks with their figures, and what to change
   * @throws {TempestError} `NOT_RUN` before the first iteration
   */
  convergence(): Convergence {
    if (this.replicas === undefined) return convergenceOf(this.state);
    return this.replicatedVerdict(this.replicas.map((r) => r.convergence()), this.states().map(evidenceOf));
  }

  /** The replicas' verdicts, each check named by its run, and the check that the runs agree. */
  private replicatedVerdict(verdicts: readonly Convergence[], evidence: readonly Evidence[]): Convergence {
    const perRun = verdicts.flatMap((v, i) => v.checks.map((c) => ({ ...c, detail: `Run ${i + 1}: ${c.detail}` })));
    const capped = verdicts.reduce((all, v) => ({
      iterations: all.iterations + v.capped.iterations, of: all.of + v.capped.of, worstCorrelation: Math.max(all.worstCorrelation, v.capped.worstCorrelation),
    }), { iterations: 0, of: 0, worstCorrelation: 0 });
    const combined = verdict([...perRun, replicatesCheck(evidence)], capped);
    const twice = this.replicas!.flatMap((r, i) => (r.firstPass === undefined ? [] : [i + 1]));
    if (twice.length === 0) return combined;
    return { ...combined, summary: `Run${twice.length > 1 ? 's' : ''} ${twice.join(', ')} annealed twice: ${twice.length > 1 ? 'their' : 'its'} first pass failed the anneal check (a region of high likelihood found only as the temperature fell), and the second pass, guided by the first, is what is combined. ${combined.summary}` };
  }

  /**
   * When the run annealed twice (`reanneal`): its first pass's log Z, error, calls, iterations and
   * failed anneal check; undefined for a run of one pass (and for `nRuns` > 1, where each run's
   * sampler has its own).
   */
  get firstPass(): FirstPass | undefined {
    const first = this.replicas === undefined ? this.state.reannealing?.firstPass : undefined;
    return first === undefined ? undefined : { ...first };
  }

  /**
   * Everything the run knows: evidence, diagnostics per iteration, every stored particle and the convergence verdict.
   * @returns a snapshot (copies; safe to keep)
   * @throws {TempestError} `NOT_RUN` before the first iteration
   */
  results(): SamplerResults {
    if (this.replicas === undefined) return resultsOf(this.state);
    // Each run's results carry its evidence and verdict: combine those rather than compute them again.
    const runs = this.replicas.map((r) => r.results());
    return combinedResultsOf(runs, this.replicatedVerdict(runs.map((r) => r.convergence), runs), this.seed);
  }

  /** The pool to evaluate on: the user's, or the worker threads made for `pool: n` (created on first use). */
  private pool(): Pool {
    const p = this.options.pool!;
    if (typeof p !== 'number') return p;
    this.ownedPool ??= defaultPool(p);
    return this.ownedPool;
  }

  private async closeOwnedPool(): Promise<void> {
    const owned = this.ownedPool;
    this.ownedPool = undefined;
    await owned?.close();
  }

  private last(): IterationInfo | undefined {
    return this.state.iterations[this.state.iterations.length - 1];
  }
}

/** A fresh seed from the platform's cryptographic generator (48 bits, exactly representable). */
function randomSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (words[0] & 0xffff) * 2 ** 32 + words[1];
}
