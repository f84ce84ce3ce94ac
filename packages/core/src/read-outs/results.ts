import { ParameterMatrix } from '../likelihood/parameter-matrix.js';
import type { RunState } from '../run/run-state.js';
import type { IterationInfo } from '../sampler/iteration-info.js';
import { evidenceFromWeights, type Evidence } from './evidence.js';
import { finalLogWeights } from './final-weights.js';
import { convergenceOf, type Convergence } from './convergence.js';
import type { FirstPass } from '../run/reanneal.js';

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
  /** Normalised log-weight of every stored particle at beta = 1 (the history's own weights, without a closing sample's draws). */
  logw: Float64Array;
  /** Iteration (0-based) that produced each particle. */
  iterationOf: Int32Array;
  /** Blob of every stored particle, when the likelihood returns any. */
  blobs?: readonly unknown[];
  /** Whether the run can vouch for its answer: its chains mixed and its particles at beta = 1 are stationary. */
  convergence: Convergence;
  /**
   * When the run annealed twice (`reanneal`): the first pass's log Z, error, calls, iterations and
   * failed anneal check. Everything else here is the second pass's (`calls` counts both).
   */
  firstPass?: FirstPass;
}

/**
 * Everything the run knows: evidence, diagnostics per iteration and every stored particle.
 * @param state - the run
 * @returns a snapshot (copies; safe to keep)
 * @throws {TempestError} `NOT_RUN` before the first iteration
 */
export function resultsOf(state: RunState): SamplerResults {
  const { logw, logz } = finalLogWeights(state);
  const h = state.history;
  const evidence = evidenceFromWeights(state, logw, logz);
  const d = h.nDim;
  const out: SamplerResults = {
    ...evidence,
    seed: state.seed,
    nDim: d,
    nParticles: state.nParticles,
    calls: state.calls,
    iterations: state.iterations.map((i) => ({ ...i, timing: { ...i.timing } })),
    u: new ParameterMatrix(h.u.slice(), h.length, d),
    x: new ParameterMatrix(h.x.slice(), h.length, d),
    logl: h.logl.slice(),
    logw: logw.map((v) => v - logz),
    iterationOf: h.iterationOf.slice(),
    convergence: convergenceOf(state),
  };
  if (h.blobs !== undefined) out.blobs = h.blobs.slice();
  if (state.reannealing !== undefined) out.firstPass = { ...state.reannealing.firstPass };
  return out;
}
