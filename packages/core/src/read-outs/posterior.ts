import { ParameterMatrix } from '../likelihood/parameter-matrix.js';
import { systematicResample } from '../math/resample.js';
import { trimWeights } from '../math/trim-weights.js';
import { RandomGenerator } from '../random/random-generator.js';
import type { RunState } from '../run/run-state.js';
import { TempestError } from '../tempest-error.js';
import { similarNames } from '../text/did-you-mean.js';
import { normalisedWeights } from './final-weights.js';
import { posteriorLogWeights } from './posterior-weights.js';

/** Options of {@link posteriorOf}; defaults as in the reference package. */
export interface PosteriorOptions {
  /**
   * Resample to equal weights (systematic resampling, from a stream of its own, so it never
   * disturbs the run): as many draws as weighted samples, each of weight 1/n, for tools that want
   * equal-weight samples (ArviZ, ChainConsumer, a histogram). `tempest run` writes these as
   * samples-equal.csv. Default false.
   */
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

/**
 * Weighted posterior samples from the whole history at beta = 1, and with a closing sample in use
 * (`closingDraws`) its draws after the history's particles (see `posteriorLogWeights`).
 * @param state - the run
 * @param options - trimming, resampling and extra outputs
 * @returns samples, normalised weights and log-likelihoods (and blobs, log-weights if asked)
 * @throws {TempestError} `INVALID_ARGUMENT` for an `essTrim` outside (0, 1]; `NOT_RUN` before the first iteration
 */
export function posteriorOf(state: RunState, options: PosteriorOptions = {}): Posterior {
  checkPosteriorOptionNames(options);
  const { resample = false, returnBlobs = false, trimImportanceWeights = true, returnLogw = false, essTrim = 0.99 } = options;
  if (!(essTrim > 0 && essTrim <= 1)) {
    throw new TempestError('INVALID_ARGUMENT', `essTrim must be in (0, 1]; got ${String(essTrim)}. The default is 0.99.`, { option: 'essTrim', value: essTrim });
  }
  const { logw, logz, closing } = posteriorLogWeights(state);
  const h = state.history;
  const N = h.length;
  const d = h.nDim;
  let weights = normalisedWeights(logw, logz);
  let index: Int32Array;
  if (trimImportanceWeights) {
    const trimmed = trimWeights(weights, essTrim);
    index = trimmed.indices;
    weights = trimmed.weights;
  } else index = Int32Array.from({ length: logw.length }, (_, i) => i);
  if (resample) {
    const picks = new Int32Array(index.length);
    systematicResample(picks, weights, new RandomGenerator(derivedSeed(state.seed)));
    index = picks.map((p) => index[p]);
    weights = new Float64Array(index.length).fill(1 / index.length);
  }
  const m = index.length;
  const x = new Float64Array(m * d);
  const logl = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const s = index[k];
    if (s < N) {
      x.set(h.x.subarray(s * d, (s + 1) * d), k * d);
      logl[k] = h.logl[s];
    } else {
      x.set(closing!.x.subarray((s - N) * d, (s - N + 1) * d), k * d);
      logl[k] = closing!.logl[s - N];
    }
  }
  const out: Posterior = { samples: new ParameterMatrix(x, m, d), weights, logl };
  if (returnBlobs && h.blobs !== undefined) out.blobs = Array.from(index, (s) => (s < N ? h.blobs![s] : closing?.blobs?.[s - N]));
  if (returnLogw) out.logw = weights.map(Math.log);
  return out;
}

const POSTERIOR_OPTIONS = ['resample', 'returnBlobs', 'trimImportanceWeights', 'returnLogw', 'essTrim', 'binsTrim'];
/** The reference package's names of the options. */
const PYTHON_NAMES: Readonly<Record<string, string>> = {
  return_blobs: 'returnBlobs', trim_importance_weights: 'trimImportanceWeights', return_logw: 'returnLogw', ess_trim: 'essTrim', bins_trim: 'binsTrim',
  equal_weights: 'resample', equal: 'resample', resample_equal: 'resample',
};

/** Refuses misspelt options, all at once, with the option meant (a typo would otherwise be ignored silently). */
function checkPosteriorOptionNames(options: PosteriorOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new TempestError('INVALID_ARGUMENT', `posterior() takes an options object such as { resample: true }; got ${String(options)}.`, { value: options });
  }
  const problems = Object.keys(options).filter((key) => !POSTERIOR_OPTIONS.includes(key)).map((key) => {
    const meant = PYTHON_NAMES[key] ?? similarNames(key, POSTERIOR_OPTIONS)[0];
    return `unknown posterior() option ${JSON.stringify(key)}; ${meant === undefined ? `the options are ${POSTERIOR_OPTIONS.join(', ')}.` : `did you mean ${meant}?`}`;
  });
  if (problems.length > 0) {
    throw new TempestError('INVALID_ARGUMENT', `Invalid posterior() options:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { option: 'posteriorOptions', problems });
  }
}

/**
 * A second, independent stream for post-processing, so it never disturbs the run's stream.
 * @param seed - the run's seed
 * @returns the post-processing seed
 */
export function derivedSeed(seed: number): number {
  return (seed + 0x9e3779b97f4a) % Number.MAX_SAFE_INTEGER;
}
