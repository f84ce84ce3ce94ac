import { applyBoundaries, BOUNDARY_UNBOUNDED } from '../math/boundaries.js';
import type { MoveSpace } from './move-space.js';
import type { StandoutPoints } from '../particles/standout-points.js';
import type { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import type { RandomGenerator } from '../random/random-generator.js';
import { createKernelWorkspace, type MutationKernel } from '../kernels/mutation-kernel.js';
import type { ProposalComponent } from './proposal-model.js';
import { StartCorrelation } from './start-correlation.js';
import { MixtureJump } from './mixture-jump.js';
import { GuidedJump, type GuideMixture, type JumpProposal } from './guided-jump.js';
import { MoveComparison } from './move-comparison.js';

/** Acceptance rate the step size adapts towards (optimal for random-walk kernels). */
const TARGET_ACCEPTANCE = 0.234;
/** Step sizes never fall below this fraction of the initial one (a zero step never moves). */
const MIN_STEP_FRACTION = 1e-3;
/**
 * Persistent Sampling counts every mutated particle as a fresh draw from the current target,
 * so a chain that has barely moved from the (resampled, often duplicated) point it started at
 * biases log Z. Besides the acceptance-based step count, the chains therefore run until this
 * fraction of the particles has accepted at least this many moves (or nMaxSteps is reached).
 * On a funnel-shaped 3-D posterior this cut the spread of log Z over seeds from 0.74 to 0.16.
 */
const MIN_ACCEPTED_MOVES = 3;
const MOVED_FRACTION = 0.95;
/**
 * The correlation rule stops the chains once the start–current correlation, measured with noise
 * 1/sqrt(n d), is one noise unit below `mixingThreshold`. Stopping at the first measurement below
 * the threshold stopped 4-D chains (noise 0.03) at true correlations of 0.1-0.2, with the slow
 * coordinate (a period between aliases) at 0.2-0.5: the period search lost 0.4-0.9 of log Z while
 * its tempered posterior had several aliases (35% of 20 seeds within 1 sigma, z down to -4.9);
 * with the margin, 65% and |z| <= 2.0 for 1.15x the calls (55% over 40 seeds, two beyond 3.5:
 * better, not solved). In 50 dimensions the margin is 0.009.
 */
const NOISE_MARGIN = 1;
/**
 * The chains also stop, and are not counted as capped at nMaxSteps, once the correlation has
 * levelled off: fallen by less than twice its noise (1/sqrt(n d) for n particles and d
 * coordinates) over the last max(10, 5 x nSteps x nDim) steps. What is left is memory of which of the
 * modes the clustering has not separated a particle is in (0.95-0.99 on the 2-D egg-box, about
 * 0.2 along the 2-D Rosenbrock ridge), which no chain length removes. A relative test (less than
 * 10% down over the window) stopped 50-D chains at correlations of 0.1-0.8 early in the anneal,
 * where the correlation falls slowly but far more than its noise, and log Z came out 0.5 too high.
 */
const PLATEAU_NOISE = 2;
const PLATEAU_MIN_WINDOW = 10;
/** The plateau window in steps per dimension (times nSteps): 250 steps at 50-D, where a window of 50 still stopped chains whose correlation was falling with a time constant near nMaxSteps. */
const PLATEAU_WINDOW_PER_DIMENSION = 5;
/**
 * Floor on chain length with adaptive moves, times nSteps (d when d is smaller). With jumps
 * preferred, a 10-D Gaussian's chains decorrelated in 3-5 steps, and the old floor of d steps
 * made up the rest of each chain: calls fell from 116k to 64k at the same accuracy.
 */
const ADAPTIVE_MIN_STEPS = 3;
/**
 * With a guide, every this many steps (the first included) is a guided jump. On UltraNest's 5-D
 * box one in three brought log Z from 5 to 15 nats too low to within its error over 8 seeds, at
 * about the calls of the first pass.
 */
const GUIDE_EVERY = 3;

/** Whether the correlation fell by less than PLATEAU_NOISE noise units over the last `window` checks. */
function levelledOff(trail: readonly number[], window: number, n: number, d: number): boolean {
  const back = trail.length - 1 - window;
  return back >= 0 && trail[back] - trail[trail.length - 1] < PLATEAU_NOISE / Math.sqrt(n * d);
}

/** The particles being moved, updated in place. */
export interface ChainState {
  u: Float64Array;
  x: Float64Array;
  logl: Float64Array;
  blobs: unknown[] | undefined;
  /** Cluster of each particle. */
  labels: Int32Array;
  /** Fold of each particle (all 0 when undefined): with `folds` > 1 it proposes with component `labels[k] * folds + fold`. */
  folds?: Int32Array;
  n: number;
}

/**
 * How a mutation decides that its chains are long enough: `correlation` runs them until the
 * particles' positions have decorrelated from their starts (see {@link StartCorrelation});
 * `acceptance` uses the step count implied by the acceptance rate and step size alone (the
 * rule before the mixing option existed, kept for comparison and for resuming older state files).
 */
export type MixingRule = 'correlation' | 'acceptance';

/** Settings of one mutation. */
export interface MutationSettings {
  kernel: MutationKernel;
  beta: number;
  nDim: number;
  nSteps: number;
  nMaxSteps: number;
  /** When the chains are long enough. */
  mixing: MixingRule;
  /** With `correlation`: the start–current correlation below which the chains stop. */
  mixingThreshold: number;
  /** Boundary kind per dimension (see `boundaries.ts`). */
  boundaryKinds: Uint8Array;
  /** Components per cluster (cross-fitting folds, see `cross-fit.ts`); default 1. */
  folds?: number;
  /**
   * Cluster of a point, when the proposal depends on position (several clusters). The
   * component proposing a move is the one of the particle's current position, and the
   * reverse move's is the one of the proposed position (same fold), so the kernel stays exact.
   */
  labelOf?: (u: Float64Array, offset: number) => number;
  /**
   * With several clusters: every this many steps, every particle proposes instead from the whole
   * fitted mixture (an independence move between modes, see {@link MixtureJump}); 0 or absent: never.
   */
  jumpEvery?: number;
  /**
   * Jumps with one cluster too, and whichever kind of move goes further per likelihood call (see
   * {@link MoveComparison}) takes all steps but every `jumpEvery`-th; the floor on chain length is
   * then nSteps x min(d, 3) steps instead of nSteps x d. Absent or false: the fixed pattern.
   */
  adaptiveMoves?: boolean;
  /**
   * Where an earlier pass found the posterior (a re-annealed run, see `reanneal.ts`): every
   * {@link GUIDE_EVERY}-th step, starting with the first, jumps from it and the fitted mixture, half each.
   */
  guide?: GuideMixture;
  /**
   * The space the chains move in (`moveSpace` `'logit'`, or `'auto'` once it has chosen coordinates;
   * see {@link MoveSpace}); absent: the cube. The components and the guide are then fitted in it,
   * and `boundaryKinds` are the cube's.
   */
  moveSpace?: MoveSpace;
  iteration: number;
  /** Receives every evaluated proposal (in the cube), for the run's record of its best calls. */
  standouts?: StandoutPoints;
}

/** What one mutation did. */
export interface MutationStats {
  steps: number;
  /** Mean acceptance probability over all steps and particles. */
  acceptance: number;
  /** Mean final step size over the initial one. */
  efficiency: number;
  calls: number;
  /** Start–current correlation of the particles when the chains stopped. */
  correlation: number;
  /** Whether the chains stopped at nMaxSteps before the mixing rule was met. */
  capped: boolean;
  /** How many of the steps were jumps from the fitted mixture. */
  jumpSteps: number;
}

/**
 * Moves every particle with MCMC targeting L(x)^beta x prior, proposals in u-space from its
 * own component and the run's {@link MutationKernel} (t-preconditioned Crank–Nicolson, random-walk
 * Metropolis, or a user's).
 * A proposal outside [0,1] in a dimension that is neither periodic nor reflective has prior
 * density zero and is rejected without a likelihood call (no redraw, which would bias the
 * kernel). Step sizes adapt per component by Robbins–Monro towards 23.4% acceptance. The chains
 * run until the particles have decorrelated from their starts (or, with the `acceptance` rule,
 * for the step count the acceptance and step size imply), and in either case until nearly every
 * chain has moved, between nSteps and nMaxSteps steps per dimension.
 * @param state - particles, moved in place
 * @param components - proposal components, `settings.folds` per cluster
 * @param settings - kernel, temperature, step bounds
 * @param rng - the run's generator (every random draw happens here, on the caller's thread)
 * @param evaluator - prior transform and likelihood
 * @returns step count, acceptance, efficiency, likelihood calls, final correlation, cap hit
 */
export async function mutate(
  state: ChainState,
  components: readonly ProposalComponent[],
  settings: MutationSettings,
  rng: RandomGenerator,
  evaluator: LikelihoodEvaluator,
): Promise<MutationStats> {
  const { n, x, logl, labels } = state;
  const { nDim: d, beta, kernel } = settings;
  // In the cube the chains move the particles' u itself; in another space, their images w, and
  // each proposal is mapped back to the cube (uCube) for the likelihood.
  const space = settings.moveSpace;
  const u = space === undefined ? state.u : space.toMove(state.u, n);
  const boundaryKinds = space === undefined ? settings.boundaryKinds : space.kinds;
  const uCube = space === undefined ? undefined : new Float64Array(n * d);
  // Step sizes adapt per cluster; the folds of a cluster propose alike but for the data they were fitted to.
  const F = settings.folds ?? 1;
  const K = components.length / F;
  const fold = state.folds ?? new Int32Array(n);
  const componentOf = (k: number, cluster: number): ProposalComponent => components[cluster * F + fold[k]];
  const sigma0 = 2.38 / Math.sqrt(d);
  // A bounded kernel (t-pCN) never steps beyond its start either; an unbounded one (RWM) may grow.
  const sigmaMax = Number.isFinite(kernel.maxStepSize) ? Math.min(sigma0, kernel.maxStepSize) : Infinity;
  const sigmaMin = MIN_STEP_FRACTION * Math.min(sigma0, 0.99);
  const sigma = new Float64Array(K).fill(Math.min(sigma0, sigmaMax));
  const population = new Float64Array(K);

  const uProp = new Float64Array(n * d);
  const uValid = new Float64Array(n * d);
  const xValid = new Float64Array(n * d);
  const loglValid = new Float64Array(n);
  const validIndex = new Int32Array(n);
  const correction = new Float64Array(n);
  const alpha = new Float64Array(n);
  const workspace = createKernelWorkspace(d, boundaryKinds, n);
  const alphaSum = new Float64Array(K);
  const labelOf = settings.labelOf;
  const proposedLabel = new Int32Array(n);
  const proposer = new Int32Array(n);
  // With position-dependent components or folded coordinates the kernel is not symmetric or
  // reversible with respect to its reference density any more, and a kernel that is neither never
  // was: then the ratio q(u' -> u) / q(u -> u') is computed in full.
  const fullRatio = labelOf !== undefined || workspace.folded.folds || (kernel.symmetric !== true && kernel.logReference === undefined);
  workspace.referenceCorrection = !fullRatio && kernel.logReference !== undefined;

  const acceptedMoves = new Int32Array(n);
  const memory = new StartCorrelation(u, labels, n, d, K);
  const trail: number[] = [];
  const plateauWindow = Math.max(PLATEAU_MIN_WINDOW, PLATEAU_WINDOW_PER_DIMENSION * settings.nSteps * d);
  // The measured correlation scatters by about 1/sqrt(n d) around the true one, so a chain that
  // stopped at the first measurement below the threshold would often stop early; it stops once
  // the measurement is one noise unit below it.
  const correlationNoise = NOISE_MARGIN / Math.sqrt(n * d);
  const jumpEvery = settings.jumpEvery ?? 0;
  const adaptive = settings.adaptiveMoves === true;
  const jump = jumpEvery > 0 && ((labelOf !== undefined && K > 1) || adaptive) ? new MixtureJump(components, K, F, populationOf(labels, n, K), d) : undefined;
  const jumpLabelOf = labelOf ?? (() => 0);
  const guided = settings.guide === undefined ? undefined : new GuidedJump(jump ?? new MixtureJump(components, K, F, populationOf(labels, n, K), d), settings.guide, d);
  const moves = new MoveComparison(u, n, d);
  let jumpSteps = 0;
  let correlation = 1;
  let moved = 0;
  // A jump that is accepted decorrelates a chain at once, so with the adaptive rule the floor on
  // chain length does not grow with d; the mixing rule decides (see ADAPTIVE_MIN_STEPS).
  const minSteps = settings.nSteps * (adaptive ? Math.min(d, ADAPTIVE_MIN_STEPS) : d);
  const maxSteps = settings.nMaxSteps * d;
  let steps = 0;
  let calls = 0;
  let alphaTotal = 0;
  for (;;) {
    steps++;
    population.fill(0);
    for (let k = 0; k < n; k++) population[labels[k]]++;
    proposer.set(labels.subarray(0, n));
    // 1. Propose (all randomness drawn here, in particle order).
    let m = 0;
    // Every jumpEvery-th step is a jump, or, by the adaptive rule once both kinds have been
    // measured and jumps move further per call, every step but the jumpEvery-th. With one
    // cluster jumps only make chains faster, so once measured and not leading they stop (in 100
    // dimensions nearly every one was rejected, a quarter of the calls for nothing); with several
    // they go on, as moves between modes.
    const preferJump = adaptive && moves.jumpsMoveFurther();
    const guiding = guided !== undefined && steps % GUIDE_EVERY === 1;
    const jumping = guiding || (jump !== undefined && (preferJump ? steps % jumpEvery !== 0 : steps % jumpEvery === 0 && (K > 1 || !moves.measured())));
    if (jumping) {
      jumpSteps++;
      m = proposeJumps(guiding ? guided : jump!, u, uProp, uValid, validIndex, correction, proposedLabel, fold, n, d, rng, workspace.z, jumpLabelOf, boundaryKinds);
      for (let k = 0; k < n; k++) workspace.proposalMemo[k] = NaN;
    }
    for (let k = 0; k < n && !jumping; k++) {
      const c = componentOf(k, labels[k]);
      const s = sigma[labels[k]];
      const off = k * d;
      workspace.particle = k;
      workspace.proposalMemo[k] = NaN;
      const startReference = kernel.propose(uProp, off, u, off, c, s, rng, workspace);
      correction[k] = kernel.logReference === undefined ? 0 : -startReference;
      if (!applyBoundaries(uProp, off, d, boundaryKinds)) {
        correction[k] = -Infinity; // zero prior density: rejected without a likelihood call
        continue;
      }
      if (fullRatio) {
        const back = labelOf === undefined ? labels[k] : labelOf(uProp, off);
        proposedLabel[k] = back;
        correction[k] = kernel.logDensity(u, off, uProp, off, c, s, workspace) - kernel.logDensity(uProp, off, u, off, componentOf(k, back), sigma[back], workspace);
      } else if (kernel.logReference !== undefined) {
        correction[k] += kernel.logReference(uProp, off, c, workspace);
      }
      uValid.set(uProp.subarray(off, off + d), m * d);
      validIndex[m++] = k;
    }

    // 2. Evaluate the proposals that have prior support.
    if (uCube !== undefined) for (let v = 0; v < m; v++) space!.toCube(uValid, v * d, uCube, v * d);
    evaluator.transform(xValid, uCube ?? uValid, m, settings.iteration);
    const blobsValid = await evaluator.evaluate(loglValid, xValid, m, settings.iteration, uCube ?? uValid);
    calls += m;
    settings.standouts?.offer(uCube ?? uValid, loglValid, m);
    if (!guiding) moves.evaluated(jumping, m);

    // 3. Metropolis–Hastings. `correction` is log q(u -> u') - log q(u' -> u): for t-pCN the
    //    Student-t density ratio, or the full folded density with periodic/reflective coordinates.
    alpha.fill(0);
    for (let v = 0; v < m; v++) {
      const k = validIndex[v];
      const lp = loglValid[v];
      if (lp === -Infinity) continue;
      const jacobian = space === undefined ? 0 : space.logJacobian(uValid, v * d) - space.logJacobian(u, k * d);
      const logAlpha = beta * (lp - logl[k]) - correction[k] + jacobian;
      alpha[k] = logAlpha >= 0 ? 1 : Math.exp(logAlpha);
    }
    let accepted = 0;
    let v = 0;
    for (let k = 0; k < n; k++) {
      const draw = rng.uniform();
      const isValid = v < m && validIndex[v] === k;
      if (isValid && draw < alpha[k]) {
        accepted++;
        if (!guiding) moves.accepted(jumping, uValid, v, u, k);
        if (++acceptedMoves[k] === MIN_ACCEPTED_MOVES) moved++;
        u.set(uValid.subarray(v * d, (v + 1) * d), k * d);
        if (uCube !== undefined) state.u.set(uCube.subarray(v * d, (v + 1) * d), k * d);
        x.set(xValid.subarray(v * d, (v + 1) * d), k * d);
        logl[k] = loglValid[v];
        workspace.memo[k] = workspace.proposalMemo[k];
        if (workspace.proposalMemo[k] >= 0) workspace.memoRows.set(workspace.proposalMemoRows.subarray(k * d, (k + 1) * d), k * d);
        if (labelOf !== undefined) labels[k] = proposedLabel[k];
        if (state.blobs !== undefined || blobsValid !== undefined) {
          state.blobs ??= new Array<unknown>(n).fill(undefined);
          state.blobs[k] = blobsValid?.[v];
        }
      }
      if (isValid) v++;
    }

    // 4. Adapt step sizes per component (a jump step says nothing about them).
    if (!jumping) {
      alphaSum.fill(0);
      for (let k = 0; k < n; k++) {
        alphaSum[proposer[k]] += alpha[k];
        alphaTotal += alpha[k];
      }
      const rate = 1 / (steps - jumpSteps + 1);
      for (let c = 0; c < K; c++) {
        if (population[c] === 0) continue;
        const next = sigma[c] + rate * (alphaSum[c] / population[c] - TARGET_ACCEPTANCE);
        sigma[c] = Math.min(sigmaMax, Math.max(sigmaMin, next));
      }
    }

    // 5. Enough steps? At least nSteps per dimension, until nearly every chain has moved, then until
    //    the particles have decorrelated from their starts (or, by the acceptance rule, more steps
    //    when acceptance or step size is low).
    if (steps >= maxSteps) break;
    if (steps < minSteps || moved < MOVED_FRACTION * n) continue;
    if (settings.mixing === 'correlation') {
      correlation = memory.of(u);
      trail.push(correlation);
      if (correlation < settings.mixingThreshold - correlationNoise) break;
      if (levelledOff(trail, plateauWindow, n, d)) break;
    } else {
      let weightedSigma = 0;
      for (let c = 0; c < K; c++) weightedSigma += (population[c] / n) * sigma[c];
      const acceptance = accepted / n;
      const wanted = minSteps * (TARGET_ACCEPTANCE / Math.max(0.01, acceptance)) * (sigma0 / Math.max(1e-6, weightedSigma)) ** 2;
      if (steps >= Math.min(maxSteps, wanted)) break;
    }
  }
  if (settings.mixing === 'acceptance' || steps >= maxSteps) correlation = memory.of(u);
  // At the cap the rule had not been met (the acceptance rule never stops there on its own terms),
  // unless the correlation had stopped falling: memory of which mode a particle is in (modes the
  // clustering has not separated), which no chain length removes and which is correct to keep.
  const plateau = settings.mixing === 'correlation' && levelledOff(trail, plateauWindow, n, d);
  const capped = steps >= maxSteps && (settings.mixing === 'acceptance' || moved < MOVED_FRACTION * n || (correlation >= settings.mixingThreshold - correlationNoise && !plateau));

  let sigmaMean = 0;
  for (let c = 0; c < K; c++) sigmaMean += sigma[c] / K;
  return { steps, acceptance: alphaTotal / ((steps - jumpSteps) * n), efficiency: sigmaMean / sigma0, calls, correlation, capped, jumpSteps };
}

/** Particles per cluster. */
function populationOf(labels: Int32Array, n: number, K: number): Float64Array {
  const population = new Float64Array(K);
  for (let k = 0; k < n; k++) population[labels[k]]++;
  return population;
}

/**
 * Every particle proposes from the fitted mixture of its fold: the proposals inside the cube go
 * to `uValid` (their particles to `validIndex`), with `correction` = log q(u') - log q(u), the
 * independence sampler's ratio, and the cluster of the proposed point. A proposal outside the
 * cube, periodic coordinates included, has no target density there and is rejected.
 * @returns the number of proposals inside the cube
 */
function proposeJumps(
  jump: JumpProposal, u: Float64Array, uProp: Float64Array, uValid: Float64Array, validIndex: Int32Array, correction: Float64Array,
  proposedLabel: Int32Array, fold: Int32Array, n: number, d: number, rng: RandomGenerator, z: Float64Array, labelOf: (u: Float64Array, offset: number) => number,
  kinds: Uint8Array,
): number {
  let m = 0;
  for (let k = 0; k < n; k++) {
    const off = k * d;
    jump.propose(uProp, off, fold[k], rng, z);
    let inside = true;
    for (let j = 0; j < d; j++) if (!(uProp[off + j] >= 0 && uProp[off + j] <= 1) && !(kinds[j] === BOUNDARY_UNBOUNDED && Number.isFinite(uProp[off + j]))) inside = false;
    if (!inside) {
      correction[k] = -Infinity;
      continue;
    }
    correction[k] = jump.logDensity(uProp, off, fold[k]) - jump.logDensity(u, off, fold[k]);
    proposedLabel[k] = labelOf(uProp, off);
    uValid.set(uProp.subarray(off, off + d), m * d);
    validIndex[m++] = k;
  }
  return m;
}
