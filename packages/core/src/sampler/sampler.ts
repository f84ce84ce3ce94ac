import { effectiveSampleSizeFromLogWeights } from '../math/effective-sample-size.js';
import { boundaryKinds } from '../math/boundaries.js';
import { multinomialResample, systematicResample } from '../math/resample.js';
import { trimWeights } from '../math/trim-weights.js';
import { ThreadPool, type Pool } from '@tempest/pool';
import { LikelihoodEvaluator, type RemoteLikelihood } from '../likelihood/likelihood-evaluator.js';
import { shipLikelihood } from '../likelihood/ship-likelihood.js';
import { ParameterMatrix } from '../likelihood/parameter-matrix.js';
import { RandomGenerator } from '../random/random-generator.js';
import { TempestError } from '../tempest-error.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../state/atomic-write.js';
import { optionsFingerprint, stateFromFile, stateToFile } from '../state/sampler-state.js';
import { decodeStateFile, encodeStateFile } from '../state/state-file.js';
import { lineageEvidenceError, lineageMeanError } from './evidence-uncertainty.js';
import { formatIteration, type IterationInfo } from './iteration-info.js';
import { mutate } from './mutate.js';
import { ParticleHistory, type ActiveSet } from './particle-history.js';
import { ProposalTrainer } from './proposal-model.js';
import { isSamplerOption, resolveOptions, type ResolvedOptions, type SamplerOptions, type ScalarSamplerOptions, type VectorizedSamplerOptions } from './sampler-options.js';
import { TemperatureSearch, type TemperatureChoice } from './temperature-search.js';

/** essRatio above this (and a target above nTotal) gets a warning: 1 to 4 is the usual range. */
const USUAL_MAX_ESS_RATIO = 4;
/** The run ends when beta is this close to 1 and the history's ESS at beta = 1 reaches nTotal. */
const BETA_DONE = 1 - 1e-4;

/** Options of {@link Sampler.run}. */
export interface RunOptions {
  /** ESS of the final weighted posterior to reach. Default 4096. */
  nTotal?: number;
  /** `true` prints a status line per iteration to stderr; a function receives each line instead. */
  progress?: boolean | ((line: string) => void);
  /** Called after every iteration (awaited when it returns a Promise). */
  onIteration?: (info: IterationInfo) => void | Promise<void>;
  /**
   * Write a state file every k iterations (`<outputDir>/<outputLabel>_<iteration>.state`), a
   * final one (`<outputLabel>_final.state`), and one before stopping on a model error.
   */
  saveEvery?: number;
  /** Continue the run saved in this state file (written by `saveEvery` or `saveState`). */
  resumeStatePath?: string;
}

/** Options of {@link Sampler.posterior}; defaults as in the reference package. */
export interface PosteriorOptions {
  /** Resample to equal weights (systematic). Default false. */
  resample?: boolean;
  /** Include the blobs. Default false. */
  returnBlobs?: boolean;
  /** Drop the smallest weights while keeping `essTrim` of the ESS. Default true. */
  trimImportanceWeights?: boolean;
  /** Include the normalised log-weights of the returned samples. Default false. */
  returnLogw?: boolean;
  /** Fraction of the ESS kept by trimming. Default 0.99. */
  essTrim?: number;
  /** Accepted for compatibility with the reference; trimming here is exact, so it has no effect. */
  binsTrim?: number;
}

/** Weighted posterior samples. */
export interface Posterior {
  /** Samples x (read per sample with `row(i)`, per parameter with `column(j)`). */
  samples: ParameterMatrix;
  /** Normalised weights (sum 1). */
  weights: Float64Array;
  /** Log-likelihood of each sample. */
  logl: Float64Array;
  /** Blobs of each sample, when asked for and the likelihood returns any. */
  blobs?: unknown[];
  /** Normalised log-weights, when asked for. */
  logw?: Float64Array;
}

/** The model evidence. */
export interface Evidence {
  /** Natural log of Z. */
  logz: number;
  /** Standard error of `logz`. */
  logzErr: number;
}

/** Everything a finished (or paused) run knows. */
export interface SamplerResults extends Evidence {
  /** Seed of the run's random generator (`randomState`, or the one chosen). */
  seed: number;
  /** Number of parameters. */
  nDim: number;
  /** Active particles per iteration. */
  nParticles: number;
  /** Likelihood evaluations so far. */
  calls: number;
  /** Diagnostics of every iteration. */
  iterations: IterationInfo[];
  /** All stored particles: u and x (N x nDim), logl, log-weights at beta = 1 (normalised). */
  u: ParameterMatrix;
  /** Parameters of every stored particle (N x nDim). */
  x: ParameterMatrix;
  /** Log-likelihood of every stored particle. */
  logl: Float64Array;
  /** Normalised log-weight of every stored particle at beta = 1. */
  logw: Float64Array;
  /** Iteration (0-based) that produced each particle. */
  iterationOf: Int32Array;
  /** Blob of every stored particle, when the likelihood returns any. */
  blobs?: readonly unknown[];
}

/** A posterior mean with its standard error, from {@link Sampler.expectation}. */
export interface Expectation {
  /** Weighted posterior mean of f. */
  mean: number;
  /** Standard error of `mean` from the particles' genealogy (resampling correlations included). */
  error: number;
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
  private rng: RandomGenerator;
  private readonly history: ParticleHistory;
  private readonly evaluator: LikelihoodEvaluator;
  private readonly search: TemperatureSearch;
  private readonly trainer: ProposalTrainer;
  private readonly kinds: Uint8Array;
  private readonly infos: IterationInfo[] = [];
  private betaValue = 0;
  private nLineages = 0;
  private seedValue: number;
  /** The worker-thread pool made for `pool: n`, open from the first evaluation to the end of `run()`. */
  private ownedPool: Pool | undefined;
  /**
   * While an iteration is in flight: the generator and call count as they were before it, so that
   * `saveState` called meanwhile (from a signal handler, say) writes the last complete iteration
   * rather than a half-done one. The history changes only when an iteration commits, and a
   * clustering re-fitted by the unfinished iteration is the one its re-run fits again.
   */
  private inFlight: { rng: number[]; calls: number } | undefined;

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
    for (const w of o.warnings) emitWarning(w);
    this.rng = new RandomGenerator(o.randomState);
    this.seedValue = o.randomState;
    this.history = new ParticleHistory(o.nDim);
    // With a pool, the likelihood is shipped now, so that what cannot be shipped fails before any work.
    const remote: RemoteLikelihood | undefined = o.pool === undefined ? undefined : { pool: () => this.pool(), shipped: shipLikelihood(o) };
    this.evaluator = new LikelihoodEvaluator(o.priorTransform, o.logLikelihood, o.nDim, o.vectorize, o.logLikelihoodArgs, remote);
    this.search = new TemperatureSearch(this.history, o.essRatio * o.nParticles, o.volumeVariation);
    this.kinds = boundaryKinds(o.nDim, o.periodic, o.reflective);
    this.trainer = new ProposalTrainer(o.nDim, o);
  }

  /** The seed of this run (given as `randomState`, or chosen at construction). */
  get seed(): number {
    return this.seedValue;
  }

  /** Inverse temperature of the last iteration. */
  get beta(): number {
    return this.betaValue;
  }

  /** Number of completed iterations. */
  get iteration(): number {
    return this.infos.length;
  }

  /** Likelihood evaluations so far. */
  get calls(): number {
    return this.evaluator.calls;
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

  /** Diagnostics of every completed iteration. */
  get diagnostics(): readonly IterationInfo[] {
    return this.infos;
  }

  /**
   * Runs iterations until beta = 1 and the weighted posterior's ESS reaches `nTotal`.
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
    if (runOptions.resumeStatePath !== undefined) await this.loadState(runOptions.resumeStatePath);
    // beta leaves 0 only once the history holds essRatio x nParticles particles: an unusual
    // essRatio whose target is above nTotal makes the run far longer than asked (essRatio 1e9
    // would never leave the prior).
    const { essRatio, nParticles } = this.options;
    if (essRatio > USUAL_MAX_ESS_RATIO && essRatio * nParticles > nTotal && !this.finished(nTotal)) {
      emitWarning(`essRatio x nParticles = ${essRatio * nParticles} exceeds nTotal = ${nTotal}: beta stays 0 for about ${Math.ceil(essRatio)} iterations of ${nParticles} likelihood calls each, and the run draws far more than nTotal asks. Lower essRatio (default 2; 1 to 4 is usual) or raise nTotal.`);
    }
    const print = progressSink(runOptions.progress);
    try {
      while (!this.finished(nTotal)) {
        let info: IterationInfo;
        try {
          info = await this.sample();
        } catch (error) {
          throw saveEvery === undefined ? error : await this.checkpointAfterFailure(error);
        }
        print?.(formatIteration(info), false);
        if (saveEvery !== undefined && info.iteration % saveEvery === 0) await this.saveState(this.statePath(String(info.iteration)));
        if (runOptions.onIteration) await runOptions.onIteration(info);
      }
      if (saveEvery !== undefined) await this.saveState(this.statePath('final'));
    } finally {
      print?.('', true);
      await this.closeOwnedPool();
    }
    return this.results();
  }

  /**
   * Writes everything needed to continue this run exactly to a state file: data only (a JSON
   * header and raw little-endian arrays, checksummed), written atomically so a crash during
   * the write leaves the previous file intact. The format is described in docs/guide/checkpointing.md.
   * Called while an iteration is in flight (from a signal handler, or a likelihood awaiting a
   * remote result), it writes the state after the last complete iteration, so a job killed
   * mid-iteration loses only that iteration.
   * @param path - file to write (folders are created)
   * @throws the file-system error when the file cannot be written
   */
  async saveState(path: string): Promise<void> {
    await writeFileAtomic(path, this.stateBytes());
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
    writeFileAtomicSync(path, this.stateBytes());
  }

  /** The state file's bytes for the last complete iteration (see {@link saveState}). */
  private stateBytes(): Uint8Array {
    const h = this.history;
    const blobs = h.blobs === undefined ? undefined : Array.from(h.blobs);
    const contents = stateToFile({
      options: optionsFingerprint(this.options),
      seed: this.seedValue,
      rng: this.inFlight?.rng ?? this.rng.getState(),
      beta: this.betaValue,
      nLineages: this.nLineages,
      calls: this.inFlight?.calls ?? this.evaluator.calls,
      iterations: this.infos,
      history: h.snapshot(),
      blobs,
      clustering: this.trainer.snapshot(),
    });
    return encodeStateFile(contents);
  }

  /**
   * Replaces this sampler's state with the run saved in a state file; the next iteration is
   * the one the saved run would have done next, bit for bit. The sampler must have been made
   * with the saved run's options (the model functions and pool may differ).
   * @param path - a file written by `saveState` or `run({ saveEvery })`
   * @throws {TempestError} `INVALID_STATE_FILE` for a missing, truncated, corrupted or foreign file; `STATE_MISMATCH` naming every option that differs
   */
  async loadState(path: string): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      throw new TempestError('INVALID_STATE_FILE', `Cannot read the state file ${path}: ${(cause as Error).message}. Check the path (state files are written to outputDir, "${this.options.outputDir}" here).`, { value: path, cause });
    }
    const state = stateFromFile(decodeStateFile(bytes, path), this.options, path);
    this.history.restore(state.history, state.blobs);
    this.rng = RandomGenerator.fromState(state.rng);
    this.seedValue = state.seed;
    this.betaValue = state.beta;
    this.nLineages = state.nLineages;
    this.evaluator.calls = state.calls;
    this.infos.length = 0;
    this.infos.push(...state.iterations);
    if (state.clustering !== undefined) this.trainer.restore(state.clustering);
  }

  private statePath(suffix: string): string {
    return join(this.options.outputDir, `${this.options.outputLabel}_${suffix}.state`);
  }

  /** Saves the state as it was before the failed iteration and says where, in the error. */
  private async checkpointAfterFailure(error: unknown): Promise<unknown> {
    if (!TempestError.is(error) || this.history.length === 0) return error;
    const path = this.statePath(String(this.iteration));
    await this.saveState(path);
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
    const rngState = this.rng.getState();
    const callsBefore = this.evaluator.calls;
    this.inFlight = { rng: rngState, calls: callsBefore };
    try {
      const info = this.history.length === 0 ? await this.drawFromPrior(undefined) : await this.step();
      this.infos.push(info);
      return info;
    } catch (error) {
      this.rng = RandomGenerator.fromState(rngState);
      this.evaluator.calls = callsBefore;
      throw error;
    } finally {
      this.inFlight = undefined;
    }
  }

  /**
   * Weighted posterior samples from the whole history at beta = 1.
   * @param posteriorOptions - trimming, resampling and extra outputs
   * @returns samples, normalised weights and log-likelihoods (and blobs, log-weights if asked)
   * @throws {TempestError} `NOT_RUN` before the first iteration
   */
  posterior(posteriorOptions: PosteriorOptions = {}): Posterior {
    const { resample = false, returnBlobs = false, trimImportanceWeights = true, returnLogw = false, essTrim = 0.99 } = posteriorOptions;
    if (!(essTrim > 0 && essTrim <= 1)) {
      throw new TempestError('INVALID_ARGUMENT', `essTrim must be in (0, 1]; got ${String(essTrim)}. The default is 0.99.`, { option: 'essTrim', value: essTrim });
    }
    this.requireRun();
    const h = this.history;
    const d = h.nDim;
    const { logw, logz } = this.search.evaluate(1);
    let weights: Float64Array = new Float64Array(h.length);
    for (let s = 0; s < h.length; s++) weights[s] = Math.exp(logw[s] - logz);
    let index: Int32Array;
    if (trimImportanceWeights) {
      const trimmed = trimWeights(weights, essTrim);
      index = trimmed.indices;
      weights = trimmed.weights;
    } else index = Int32Array.from({ length: h.length }, (_, i) => i);
    if (resample) {
      const picks = new Int32Array(index.length);
      systematicResample(picks, weights, new RandomGenerator(derivedSeed(this.seed)));
      index = picks.map((p) => index[p]);
      weights = new Float64Array(index.length).fill(1 / index.length);
    }
    const m = index.length;
    const x = new Float64Array(m * d);
    const logl = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const s = index[k];
      x.set(h.x.subarray(s * d, (s + 1) * d), k * d);
      logl[k] = h.logl[s];
    }
    const out: Posterior = { samples: new ParameterMatrix(x, m, d), weights, logl };
    if (returnBlobs && h.blobs !== undefined) out.blobs = Array.from(index, (s) => h.blobs![s]);
    if (returnLogw) out.logw = weights.map(Math.log);
    return out;
  }

  /**
   * The log-evidence at beta = 1 from the whole history, with its standard error from the
   * spread between ancestral lineages.
   * @returns `{ logz, logzErr }`
   * @throws {TempestError} `NOT_RUN` before the first iteration
   */
  evidence(): Evidence {
    const { logz, logzErr } = this.finalWeights();
    return { logz, logzErr };
  }

  /** Log weights of the history at beta = 1 (a view into the search's buffer), log Z and its error. */
  private finalWeights(): { logw: Float64Array; logz: number; logzErr: number } {
    this.requireRun();
    const { logw, logz } = this.search.evaluate(1);
    return { logw, logz, logzErr: lineageEvidenceError(logw, this.history.lineage, this.nLineages, this.history.survival) };
  }

  /**
   * A posterior expectation E[f(x)] with its standard error, from every stored particle at
   * beta = 1. The error accounts for the correlation between particles of one ancestral
   * lineage (the same estimator as the evidence error), so it is honest where 1/sqrt(ESS) is
   * not; use it for derived quantities, tail probabilities or the mass of a mode.
   * @param f - function of the parameters x (and log-likelihood) to average
   * @returns `{ mean, error }`
   * @throws {TempestError} `NOT_RUN` before the first iteration; `INVALID_ARGUMENT` when f returns a non-finite value
   * @example
   * ```ts
   * const { mean, error } = sampler.expectation((x) => (x[0] > 0 ? 1 : 0)); // mass of the x0 > 0 mode
   * ```
   */
  expectation(f: (x: Float64Array, logl: number) => number): Expectation {
    this.requireRun();
    const h = this.history;
    const d = h.nDim;
    const { logw, logz } = this.search.evaluate(1);
    const weights = new Float64Array(h.length);
    const values = new Float64Array(h.length);
    for (let s = 0; s < h.length; s++) {
      weights[s] = Math.exp(logw[s] - logz);
      const v = f(h.x.slice(s * d, (s + 1) * d), h.logl[s]);
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new TempestError('INVALID_ARGUMENT', `expectation(f): f must return a finite number; got ${String(v)} at x = [${Array.from(h.x.subarray(s * d, (s + 1) * d)).join(', ')}].`, { option: 'f', value: v });
      }
      values[s] = v;
    }
    return lineageMeanError(weights, values, h.lineage, this.nLineages, h.survival);
  }

  /**
   * Everything the run knows: evidence, diagnostics per iteration and every stored particle.
   * @returns a snapshot (copies; safe to keep)
   * @throws {TempestError} `NOT_RUN` before the first iteration
   */
  results(): SamplerResults {
    const { logw, logz, logzErr } = this.finalWeights();
    const h = this.history;
    const d = h.nDim;
    const normalised = logw.map((v) => v - logz);
    const out: SamplerResults = {
      logz,
      logzErr,
      seed: this.seed,
      nDim: d,
      nParticles: this.options.nParticles,
      calls: this.calls,
      iterations: this.infos.map((i) => ({ ...i, timing: { ...i.timing } })),
      u: new ParameterMatrix(h.u.slice(), h.length, d),
      x: new ParameterMatrix(h.x.slice(), h.length, d),
      logl: h.logl.slice(),
      logw: normalised,
      iterationOf: h.iterationOf.slice(),
    };
    if (h.blobs !== undefined) out.blobs = h.blobs.slice();
    return out;
  }

  /** The pool to evaluate on: the user's, or the worker threads made for `pool: n` (created on first use). */
  private pool(): Pool {
    const p = this.options.pool!;
    if (typeof p !== 'number') return p;
    this.ownedPool ??= new ThreadPool({ size: p });
    return this.ownedPool;
  }

  private async closeOwnedPool(): Promise<void> {
    const owned = this.ownedPool;
    this.ownedPool = undefined;
    await owned?.close();
  }

  private last(): IterationInfo | undefined {
    return this.infos[this.infos.length - 1];
  }

  private requireRun(): void {
    if (this.history.length === 0) {
      throw new TempestError('NOT_RUN', 'The sampler has no particles yet. Call `await sampler.run()` (or `sample()`) first.');
    }
  }

  private finished(nTotal: number): boolean {
    if (this.history.length === 0 || this.betaValue < BETA_DONE) return false;
    return effectiveSampleSizeFromLogWeights(this.search.evaluate(1).logw) >= nTotal;
  }

  /**
   * Iterations at beta = 0: n fresh, independent prior draws. Exact prior samples beat MCMC
   * here: a chain started from particles its own proposal was fitted to is not yet at
   * equilibrium after a few steps, and Persistent Sampling would count its lag as signal.
   * Zero-likelihood draws are replaced by copies of finite ones; at the first iteration the
   * finite fraction becomes the evidence of the beta = 0 target (the prior restricted to
   * finite likelihood).
   */
  private async drawFromPrior(choice: TemperatureChoice | undefined): Promise<IterationInfo> {
    const { nParticles: n, nDim: d } = this.options;
    const iteration = this.infos.length + 1;
    const t0 = performance.now();
    const likelihoodBefore = this.evaluator.elapsed;
    const u = new Float64Array(n * d);
    this.rng.fillUniform(u);
    const x = new Float64Array(n * d);
    this.evaluator.transform(x, u, n, iteration);
    const logl = new Float64Array(n);
    const blobs = await this.evaluator.evaluate(logl, x, n, iteration);
    const lineage = Int32Array.from({ length: n }, (_, i) => this.nLineages + i);
    const finite: number[] = [];
    for (let i = 0; i < n; i++) if (logl[i] > -Infinity) finite.push(i);
    if (finite.length === 0) {
      throw new TempestError('NO_FINITE_LIKELIHOOD', `All ${n} prior draws have logLikelihood = -Infinity, so the posterior has no support the sampler can find. Check that the prior covers the region where the likelihood is non-zero, or increase nParticles.`, { iteration });
    }
    for (let i = 0; i < n; i++) {
      if (logl[i] > -Infinity) continue;
      const j = finite[this.rng.integer(finite.length)];
      u.copyWithin(i * d, j * d, (j + 1) * d);
      x.copyWithin(i * d, j * d, (j + 1) * d);
      logl[i] = logl[j];
      lineage[i] = lineage[j];
      if (blobs !== undefined) blobs[i] = blobs[j];
    }
    const logz = choice?.logz ?? Math.log(finite.length / n);
    this.nLineages += n;
    this.betaValue = 0;
    this.history.commit({ u, x, logl, blobs, lineage, survival: new Float64Array(n), n }, 0, logz);
    const cv = choice?.cv ?? this.search.cvAt(0);
    const total = performance.now() - t0;
    const likelihood = this.evaluator.elapsed - likelihoodBefore;
    return {
      iteration, calls: this.calls, beta: 0, ess: choice?.ess ?? n, logz, meanLogl: mean(logl),
      acceptance: 1, steps: 1, efficiency: 1, K: 1, cv,
      timing: { reweight: 0, reweightSteps: choice?.evaluations ?? 0, train: 0, mutate: total - likelihood, likelihood, total },
    };
  }

  /** Iterations 2+: reweight → train → resample → mutate → commit. */
  private async step(): Promise<IterationInfo> {
    const o = this.options;
    const { nParticles: n, nDim: d } = o;
    const iteration = this.infos.length + 1;
    const h = this.history;

    const t0 = performance.now();
    const likelihoodBefore = this.evaluator.elapsed;
    const choice = this.search.next(this.betaValue);
    if (choice.beta === 0) return this.drawFromPrior(choice);
    const t1 = performance.now();
    const { logw, logz } = choice;
    const N = h.length;
    const weights = new Float64Array(N);
    for (let s = 0; s < N; s++) weights[s] = Math.exp(logw[s] - logz);

    const model = this.trainer.train(h.u, N, weights, iteration);
    const t2 = performance.now();

    const picks = new Int32Array(n);
    if (o.resample === 'syst') systematicResample(picks, weights, this.rng);
    else multinomialResample(picks, weights, this.rng);
    const coalescence = Math.log1p(-mergeProbability(picks, N));
    const set: ActiveSet & { labels: Int32Array } = {
      u: new Float64Array(n * d), x: new Float64Array(n * d), logl: new Float64Array(n),
      blobs: h.blobs === undefined ? undefined : new Array<unknown>(n), lineage: new Int32Array(n), survival: new Float64Array(n), labels: new Int32Array(n), n,
    };
    for (let k = 0; k < n; k++) {
      const s = picks[k];
      set.u.set(h.u.subarray(s * d, (s + 1) * d), k * d);
      set.x.set(h.x.subarray(s * d, (s + 1) * d), k * d);
      set.logl[k] = h.logl[s];
      set.lineage[k] = h.lineage[s];
      set.survival[k] = h.survival[s] + coalescence;
      set.labels[k] = model.labels[s];
      if (set.blobs !== undefined) set.blobs[k] = h.blobs![s];
    }

    const stats = await mutate(set, model.components, {
      kernel: o.sample, beta: choice.beta, nDim: d, nSteps: o.nSteps, nMaxSteps: o.nMaxSteps,
      boundaryKinds: this.kinds, iteration, labelOf: model.labelOf,
    }, this.rng, this.evaluator);

    this.betaValue = choice.beta;
    h.commit(set, choice.beta, choice.logz);
    const t3 = performance.now();
    const likelihood = this.evaluator.elapsed - likelihoodBefore;
    return {
      iteration, calls: this.calls, beta: choice.beta, ess: choice.ess, logz: choice.logz,
      meanLogl: mean(set.logl), acceptance: stats.acceptance, steps: stats.steps,
      efficiency: stats.efficiency, K: model.components.length, cv: choice.cv,
      timing: {
        reweight: t1 - t0, reweightSteps: choice.evaluations, train: t2 - t1,
        mutate: t3 - t2 - likelihood, likelihood, total: t3 - t0,
      },
    };
  }
}

/**
 * Probability that two of the resampled particles share a parent, from the realised offspring
 * counts c_s: sum_s c_s (c_s - 1) / (n (n - 1)). For multinomial resampling its expectation is
 * 1/ESS; systematic resampling merges fewer lines, and the counts say by how much.
 */
function mergeProbability(picks: Int32Array, historySize: number): number {
  const n = picks.length;
  if (n < 2) return 0;
  const counts = new Int32Array(historySize);
  let pairs = 0;
  for (let k = 0; k < n; k++) pairs += counts[picks[k]]++;
  return Math.min((2 * pairs) / (n * (n - 1)), 1 - 1e-12);
}

function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** A fresh seed from the platform's cryptographic generator (48 bits, exactly representable). */
function randomSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (words[0] & 0xffff) * 2 ** 32 + words[1];
}

/** A second, independent stream for post-processing, so it never disturbs the run's stream. */
function derivedSeed(seed: number): number {
  return (seed + 0x9e3779b97f4a) % Number.MAX_SAFE_INTEGER;
}

const RUN_OPTIONS = new Set(['nTotal', 'progress', 'onIteration', 'saveEvery', 'resumeStatePath']);

/** Refuses misspelt `run()` options, and constructor options given to `run()`, all at once. */
function checkRunOptionNames(runOptions: RunOptions): void {
  if (runOptions === null || typeof runOptions !== 'object') {
    throw new TempestError('INVALID_ARGUMENT', `run() takes an options object such as { nTotal: 4096 }; got ${String(runOptions)}.`, { value: runOptions });
  }
  const problems: string[] = [];
  for (const key of Object.keys(runOptions)) {
    if (RUN_OPTIONS.has(key)) continue;
    problems.push(isSamplerOption(key)
      ? `${key} is an option of the Sampler, not of run(): pass it to new Sampler({ ..., ${key} }).`
      : `unknown run() option ${JSON.stringify(key)}; the options are ${[...RUN_OPTIONS].join(', ')}.`);
  }
  if (problems.length > 0) {
    throw new TempestError('INVALID_ARGUMENT', `Invalid run() options; nothing was run:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { option: 'runOptions', problems });
  }
}

function emitWarning(message: string): void {
  if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') process.emitWarning(message, 'TempestWarning');
  else console.warn(message);
}

function progressSink(progress: RunOptions['progress']): ((line: string, done: boolean) => void) | undefined {
  if (typeof progress === 'function') return (line, done) => { if (!done) progress(line); };
  if (progress !== true) return undefined;
  const stream = process.stderr;
  if (!stream.isTTY) return (line, done) => { if (!done) stream.write(`${line}\n`); };
  let wrote = false;
  return (line, done) => {
    if (done) {
      if (wrote) stream.write('\n');
      return;
    }
    wrote = true;
    stream.write(`\r\x1b[2K${line}`);
  };
}
