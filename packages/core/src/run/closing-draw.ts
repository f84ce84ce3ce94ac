import { BOUNDARY_NONE, BOUNDARY_PERIODIC, BOUNDARY_REFLECTIVE } from '../math/boundaries.js';
import { CLOSING_PROPOSAL_DEFAULTS, ClosingProposal, closingEstimate, closingInflation, type ClosingEstimate } from './closing-sample.js';
import { RandomGenerator } from '../random/random-generator.js';
import { modesOf } from './closing-modes.js';
import { modeLossChances } from './mode-loss.js';
import { ORPHAN_DRAW_SHARE, ORPHAN_ROUNDS, bulkLargestRatio, orphanCentres, orphanComponents, orphanFindings, refitOrphan, type OrphanShares } from './closing-orphans.js';
import type { GuideMixture } from './guided-jump.js';
import { factoredComponent, type ProposalComponent } from '../kernels/proposal-component.js';
import { pooledScale } from './cluster-shrinkage.js';
import { climbAndEdgeCandidates, climbFromEdges, climbFromValleys, reachedFrom, type ClimbSearch } from './closing-climbs.js';
import { logAddExp, logSumExp } from '../math/log-sum-exp.js';
import { moveSpaceOf, type IterationContext } from './iteration-context.js';
import type { RunState } from './run-state.js';

/**
 * The closing importance sample of a run (`closingDraws`): independent draws from the proposal
 * mixture fitted to the weighted history at beta = 1, with their likelihoods, and the density of
 * that mixture at the history's particles, so that read-outs can combine draws and history.
 */
export interface ClosingSample {
  /**
   * The draws inside the cube, n x d in the unit cube (`estimate.draws` counts those outside too:
   * weight 0, no call).
   */
  readonly u: Float64Array;
  /** Their parameters, n x d. */
  readonly x: Float64Array;
  /** Their log-likelihoods. */
  readonly logl: Float64Array;
  /** log q at each, the mixture's density in the unit cube. */
  readonly logq: Float64Array;
  /** Their blobs, when the likelihood returns any. */
  readonly blobs?: unknown[];
  /**
   * log q at every history particle when the sample was drawn; -Infinity where the particle's
   * weight at beta = 1 was below 1e-8 of the largest (its q term could not change anything
   * read from it). Its length is the history's length then: a longer history makes the sample stale.
   */
  readonly historyLogq: Float64Array;
  /**
   * Each mode's share of the history's weight at beta = 1 in the fit the draws came from, its
   * overlapping clusters joined (see `modeShares`): how many particles' worth the lightest mode
   * held decides whether modes of its size may have been lost (see `closing-check.ts`).
   */
  readonly modeShares: Float64Array;
  /**
   * Per mode (as `modeShares`), the chance that a twin of it was emptied by one of the run's
   * resamplings (see `modeLossChances`): how likely a mode of the lightest one's size was lost.
   * After a complete search by climbs (`climbs.complete`), only at temperatures where the climbs
   * could not have found it again (see `reachedFrom`). 1 where unknown (a state file from before
   * it was kept).
   */
  readonly modeLossChances: Float64Array;
  /**
   * Regions of high likelihood the fitted mixture lacked (see `closing-orphans.ts`): history
   * particles, best proposals or outlying draws where L / q exceeded the first batch's largest
   * (its outliers set aside) by a factor e. Each got components of its own, from the pooled width
   * down to 1/64 of it, refitted to the draws in the region over a few rounds, and the draws are weighted by the
   * mixture of every proposal used. Where there are any, the anneal under-weighted them, so the
   * posterior is the draws' alone (`posteriorLogWeights`).
   */
  readonly orphanRegions: number;
  /** Draws made from the orphans' components (counted in `estimate.draws` too). */
  readonly orphanDraws: number;
  /** The orphan regions' share of the posterior by the draws and by the anneal (see `orphan-check.ts`). */
  readonly orphanShares: OrphanShares;
  /**
   * The orphan regions as a second pass's chains would jump into them (see `orphanFindings`): a
   * component per region fitted to the draws that fell in it, with the region's share of the
   * draws' posterior as its mass (the masses sum to `orphanShares.draws`). Absent where there
   * were no orphans, and in a sample read from a state file (a second pass starts right after the
   * sample is drawn).
   */
  readonly orphanGuide?: GuideMixture;
  /**
   * The search for modes the mixture lacks by climbs from the history's particles outside it and
   * from those at its edge that turn away from it (see `closing-climbs.ts`); a climb's end where
   * L / q is an orphan's opens a region. Absent where the
   * mixture had no pooled scale, and in a sample read from a state file written before it was kept.
   */
  readonly climbs?: ClimbSearch;
  /**
   * Proposal densities (of draws and history particles, each time one was evaluated) that left
   * out periodic images 2 periods away or nearer, to keep within the image budget (`ClosingProposal.truncatedDensities`: many
   * periodic coordinates along which components are wide); their density is too low, so the
   * sample is not trusted. Absent where there were none.
   */
  readonly truncatedDensities?: number;
  /** log Z, its error, ESS and k-hat from the draws. */
  readonly estimate: ClosingEstimate;
}

/** History particles with a weight below this fraction of the largest get no q term (see `historyLogq`). */
const NEGLIGIBLE_WEIGHT = 1e-8;
/**
 * Floor on a cluster's share of the draws: a cluster the history weighs at 1e-6 still gets some,
 * so a mode the weights under-count is not missed by the draws as well (the study's value).
 */
const MIN_CLUSTER_SHARE = 1e-3;

/**
 * The run's closing sample, if it has one drawn from its present history.
 * @param state - the run
 * @returns the sample, or undefined when there is none or iterations were added after it
 */
export function currentClosing(state: RunState): ClosingSample | undefined {
  const c = state.closing;
  return c !== undefined && c.historyLogq.length === state.history.length ? c : undefined;
}

/**
 * The closing sample's own generator: one stream per seed and history length, apart from the
 * run's (whose next numbers belong to the iterations of an extended run).
 * @param seed - the run's seed
 * @param historyLength - particles in the history the sample is drawn from
 * @returns the generator
 */
function closingGenerator(seed: number, historyLength: number): RandomGenerator {
  return new RandomGenerator((seed * 0x9e3779b1 + 0x2545f4914f6c + historyLength) % Number.MAX_SAFE_INTEGER);
}

/**
 * Draws the closing sample: fits the proposal (clusters and cross-fitted Student-t components,
 * where the chains move) to the history weighted at beta = 1, widens it (covariances x 1.2 up to
 * 10 dimensions, less above, see `closingInflation`; degrees of freedom clipped to 3-30), folds
 * it at the bounds it reaches beyond (see `ClosingProposal`), draws
 * `draws` points from the mixture, each cluster in proportion to its posterior weight, and
 * evaluates them; then, while `more` asks for it, further batches from the same mixture (one
 * importance sample, drawn in pieces). The state gains the sample and its
 * calls; the caller restores calls if this throws. It leaves the run's generator and clustering
 * as they were, so iterations added later (a run extended to a larger nTotal) are those of a run
 * that never drew it.
 * @param ctx - the run's context
 * @param state - the run, at beta = 1
 * @param draws - number of draws of the first batch
 * @param more - given the sample so far, how many draws to add (0: none); none by default
 * @returns the sample (also stored as `state.closing`)
 * @throws {TempestError} the evaluator's errors for a misbehaving model
 */
export async function drawClosingSample(ctx: IterationContext, state: RunState, draws: number, more: (sample: ClosingSample) => number = () => 0): Promise<ClosingSample> {
  const { nDim: d, evaluator } = ctx;
  const h = state.history;
  const N = h.length;
  const logw = new Float64Array(N);
  const logz = h.logWeights(logw, 1);
  const weights = Float64Array.from(logw, (v) => Math.exp(v - logz));
  const space = moveSpaceOf(ctx, state);
  const v = space === undefined ? h.u : space.toMove(h.u, N);
  const iteration = state.iterations.length + 1;
  const model = state.proposal.trainAside(v, N, weights, iteration);
  const rng = closingGenerator(state.seed, N);

  const shares = new Float64Array(model.clusters);
  for (let s = 0; s < N; s++) shares[model.labels[s]] += weights[s];
  const drawShares = shares.map((share) => Math.max(share, MIN_CLUSTER_SHARE));
  const periodic = Uint8Array.from(ctx.boundaryKinds, (k) => (k === BOUNDARY_PERIODIC ? 1 : 0));
  // Coordinates bounded where the chains move (plain ones in the cube, reflective ones) fold
  // where the mixture reaches beyond their bounds; those moved through the logit are unbounded.
  const moveKinds = space?.kinds ?? ctx.boundaryKinds;
  const foldable = Uint8Array.from(moveKinds, (k) => (k === BOUNDARY_NONE || k === BOUNDARY_REFLECTIVE ? 1 : 0));
  const settings = { ...CLOSING_PROPOSAL_DEFAULTS, inflation: closingInflation(d) };
  const q = new ClosingProposal(model.components, model.clusters, model.folds, drawShares, d, periodic, settings, foldable);
  const jacobian = (point: Float64Array, offset: number) => space?.logJacobian(point, offset) ?? 0;
  // Each proposal's log density at each point of the history and of the batches, computed once:
  // the orphan rounds and top-ups add proposals and draws, and the mixture's density at a point
  // sums those of all the proposals used (with periodic images, most of a run's time otherwise).
  // An orphan's proposal resolves its images only to e^-16 of q's density there: it draws fewer
  // points than q, so the mixture's density over its weight is at least q's, and images
  // negligible against q are negligible against the mixture.
  const densities = new Map<Float64Array, Map<ClosingProposal, Float64Array>>();
  const densityAt = (proposal: ClosingProposal, points: Float64Array, index: number): number => {
    let byProposal = densities.get(points);
    if (byProposal === undefined) densities.set(points, (byProposal = new Map()));
    let values = byProposal.get(proposal);
    if (values === undefined) byProposal.set(proposal, (values = new Float64Array(points.length / d).fill(Number.NaN)));
    if (Number.isNaN(values[index])) values[index] = proposal.logDensity(points, index * d, proposal === q ? -Infinity : densityAt(q, points, index));
    return values[index];
  };

  const historyLogq = new Float64Array(N).fill(-Infinity);
  let largest = 0;
  for (let s = 0; s < N; s++) largest = Math.max(largest, weights[s]);
  const counted: number[] = [];
  for (let s = 0; s < N; s++) if (weights[s] >= NEGLIGIBLE_WEIGHT * largest) counted.push(s);
  for (const s of counted) historyLogq[s] = densityAt(q, v, s) - jacobian(v, s * d);
  const fitModes = modesOf(model, v, weights, shares, NEGLIGIBLE_WEIGHT * largest, d);
  const modes = fitModes.shares;
  const modeLoss = modeLossChances(h, model.labels, fitModes.ofCluster, modes.length);
  // After a complete search by climbs, only the losses it could not have undone (see `reachedFrom`).
  let lossBeyondClimbs: Float64Array | undefined;
  const reachedLoss = () => (lossBeyondClimbs ??= modeLossChances(h, model.labels, fitModes.ofCluster, modes.length, reachedFrom(model.components, model.folds, fitModes.ofCluster, modes.length, d)));

  // Draw in the move space; keep those inside the cube (a bounded coordinate outside [0, 1] has
  // zero prior density) and those the proposal could fold into it.
  const bounded = Array.from(ctx.boundaryKinds).flatMap((k, j) => (k === BOUNDARY_NONE || k === BOUNDARY_REFLECTIVE ? [j] : []));
  const drawBatch = async (count: number, from: ClosingProposal): Promise<ClosingBatch> => {
    const moved = new Float64Array(count * d);
    const cube = new Float64Array(count * d);
    const z = new Float64Array(d);
    const kept: number[] = [];
    for (let i = 0; i < count; i++) {
      const folded = from.draw(moved, i * d, rng, z);
      if (space === undefined) cube.set(moved.subarray(i * d, (i + 1) * d), i * d);
      else space.toCube(moved, i * d, cube, i * d);
      if (folded && bounded.every((j) => cube[i * d + j] >= 0 && cube[i * d + j] <= 1)) kept.push(i);
    }
    const m = kept.length;
    const u = new Float64Array(m * d);
    const points = new Float64Array(m * d);
    const logq = new Float64Array(m);
    kept.forEach((i, k) => {
      u.set(cube.subarray(i * d, (i + 1) * d), k * d);
      points.set(moved.subarray(i * d, (i + 1) * d), k * d);
    });
    for (let k = 0; k < m; k++) logq[k] = densityAt(from, points, k) - jacobian(points, k * d);
    const x = new Float64Array(m * d);
    const logl = new Float64Array(m);
    let blobs: unknown[] | undefined;
    if (m > 0) {
      evaluator.transform(x, u, m, iteration);
      blobs = await evaluator.evaluate(logl, x, m, iteration, u);
      state.calls += m;
    }
    return { u, x, logl, logq, blobs, points, kept: Int32Array.from(kept), count, source: from };
  };

  // Every batch is a draw from the mixture of the proposals used, each weighted by its share of
  // the draws (the deterministic mixture of multiple importance sampling): q for the first batch
  // and top-ups, and the orphans' components (see `closing-orphans.ts`) where there are orphans.
  const batches: ClosingBatch[] = [];
  const sources = new Map<ClosingProposal, number>();
  const add = async (count: number, from: ClosingProposal): Promise<ClosingBatch> => {
    const batch = await drawBatch(count, from);
    batches.push(batch);
    sources.set(from, (sources.get(from) ?? 0) + count);
    return batch;
  };
  // The orphans' proposals (one per region and round), by region.
  const regionOf = new Map<ClosingProposal, number>();
  // The mixture's density at a point, and the orphan region whose proposals outweigh the fitted
  // mixture's there (-1 where none does).
  const placed = (points: Float64Array, index: number): { logq: number; region: number } => {
    let total = 0;
    for (const n of sources.values()) total += n;
    const terms = Array.from(sources, ([p, n]) => Math.log(n / total) + densityAt(p, points, index));
    const logq = logSumExp(terms) - jacobian(points, index * d);
    if (regionOf.size === 0) return { logq, region: -1 };
    let fitted = -Infinity;
    const byRegion: number[] = [];
    Array.from(sources.keys()).forEach((p, k) => {
      const r = regionOf.get(p);
      if (r === undefined) fitted = logAddExp(fitted, terms[k]);
      else byRegion[r] = logAddExp(byRegion[r] ?? -Infinity, terms[k]);
    });
    let region = -1;
    byRegion.forEach((t, r) => {
      if (t > fitted && (region < 0 || t > byRegion[region])) region = r;
    });
    return { logq, region };
  };

  // Log-likelihoods of points where the chains move, for the climbs: -Infinity (no call) outside
  // the prior's support, periodic coordinates wrapped.
  let climbCalls = 0;
  const periodicIndices = Array.from(periodic).flatMap((p, j) => (p === 1 ? [j] : []));
  const evaluateMoved = async (points: Float64Array, m: number): Promise<Float64Array> => {
    const out = new Float64Array(m).fill(-Infinity);
    const cube = new Float64Array(d);
    const inside: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < m; i++) {
      if (space === undefined) cube.set(points.subarray(i * d, (i + 1) * d));
      else space.toCube(points, i * d, cube, 0);
      for (const j of periodicIndices) cube[j] -= Math.floor(cube[j]);
      if (!bounded.every((j) => cube[j] >= 0 && cube[j] <= 1)) continue;
      inside.push(i);
      u.push(...cube);
    }
    const k = inside.length;
    if (k === 0) return out;
    const cubeRows = Float64Array.from(u);
    const x = new Float64Array(k * d);
    const logl = new Float64Array(k);
    evaluator.transform(x, cubeRows, k, iteration);
    await evaluator.evaluate(logl, x, k, iteration, cubeRows);
    state.calls += k;
    climbCalls += k;
    inside.forEach((i, r) => (out[i] = logl[r]));
    return out;
  };

  const first = await add(draws, q);
  let climbSearch: ClimbSearch | undefined;
  let orphanRegions = 0;
  let orphanDraws = 0;
  let orphanFinal: ProposalComponent[] = [];
  let orphanPooled: Float64Array = new Float64Array(0);
  const pooled = pooledScale(model.components, model.clusters, model.folds, shares, d);
  if (pooled !== undefined) {
    const firstRatios = Float64Array.from(first.logl, (l, k) => l - first.logq[k]);
    const { largest: largestRatio, outliers } = bulkLargestRatio(firstRatios);
    const { covariance: pooledScaleJittered, chol: pooledChol } = factoredComponent(new Float64Array(d), Float64Array.from(pooled), Infinity, d);
    const fromHistory = orphanCentres(v, h.logl, historyLogq, largestRatio, pooledChol, d);
    // The best proposals the chains evaluated (kept or not) open regions only where the history
    // has none: a chance hit in a narrow mode that left no particle there survives only among them.
    const standouts = state.standouts.snapshot();
    const S = standouts.logl.length;
    const standoutV = space === undefined ? standouts.u : space.toMove(standouts.u, S);
    const standoutLogq = Float64Array.from({ length: S }, (_, k) => q.logDensity(standoutV, k * d) - jacobian(standoutV, k * d));
    const fromStandouts = [...fromHistory, ...orphanCentres(standoutV, standouts.logl, standoutLogq, largestRatio, pooledChol, d, fromHistory)];
    // Climbs from particles in basins the mixture lacks (see `closing-climbs.ts`) open regions
    // where their ends' L / q is an orphan's.
    const beta = new Float64Array(N);
    for (const record of h.iterations) beta.fill(record.beta, record.start, record.start + record.count);
    const candidates = climbAndEdgeCandidates(v, h.logl, beta, (s) => densityAt(q, v, s), model.components, pooledChol, d);
    const valleyEnds = await climbFromValleys(v, h.logl, candidates.outside, model.components, pooledChol, d, evaluateMoved);
    const edgeEnds = await climbFromEdges(v, h.logl, candidates.edge, model.components, pooledChol, d, evaluateMoved, valleyEnds.points);
    climbSearch = { ...valleyEnds.search, calls: climbCalls, edgeTests: edgeEnds.edgeTests, edgeTurns: edgeEnds.edgeTurns, edgeClimbs: edgeEnds.edgeClimbs };
    const ends = { points: concat([valleyEnds.points, edgeEnds.points]), logl: concat([valleyEnds.logl, edgeEnds.logl]) };
    // A climb along an angle can walk periods away; its end is the same point wrapped.
    for (let s = 0; s < ends.logl.length; s++) for (const j of periodicIndices) ends.points[s * d + j] -= Math.floor(ends.points[s * d + j]);
    const endLogq = Float64Array.from(ends.logl, (_, k) => q.logDensity(ends.points, k * d) - jacobian(ends.points, k * d));
    const found = [...fromStandouts, ...orphanCentres(ends.points, ends.logl, endLogq, largestRatio, pooledChol, d, fromStandouts)];
    // Draws far above the rest (see `bulkLargestRatio`) open regions where neither did.
    const centres = outliers === 0 ? found : [...found, ...orphanCentres(first.points, first.logl, first.logq, largestRatio, pooledChol, d, found)];
    orphanRegions = centres.length;
    // Per region, the round's components: the ladder of widths first, then one refitted.
    let components = centres.map((c) => orphanComponents(c, pooledScaleJittered, pooledChol));
    const perRegion = Math.max(1, Math.round((draws * ORPHAN_DRAW_SHARE) / Math.max(1, centres.length)));
    for (let round = 0; round < ORPHAN_ROUNDS && components.length > 0; round++) {
      for (const [g, ladder] of components.entries()) {
        for (const component of ladder) {
          const proposal = new ClosingProposal([component], 1, 1, [1], d, periodic, settings, foldable);
          regionOf.set(proposal, g);
          // The pooled width draws a region's share; each narrower one a quarter of it more.
          const count = component === ladder[0] ? perRegion : Math.max(1, Math.round(perRegion / 4));
          await add(count, proposal);
          orphanDraws += count;
        }
      }
      if (round + 1 < ORPHAN_ROUNDS) {
        // Each region refitted to every draw so far that fell in it, from whichever proposal: a
        // region's own draws that land outside it (on the slab around a spike) would widen it.
        const inRegion = components.map(() => ({ points: [] as number[], logWeights: [] as number[] }));
        for (const b of batches) {
          for (let k = 0; k < b.logl.length; k++) {
            const { logq, region } = placed(b.points, k);
            if (region < 0) continue;
            for (let j = 0; j < d; j++) inRegion[region].points.push(b.points[k * d + j]);
            inRegion[region].logWeights.push(b.logl[k] - logq);
          }
        }
        components = components.map((ladder, g) => [
          refitOrphan(ladder[0], Float64Array.from(inRegion[g].points), Float64Array.from(inRegion[g].logWeights), pooledScaleJittered, d, periodic),
        ]);
      }
    }
    orphanFinal = components.map((ladder) => ladder[0]);
    orphanPooled = pooledScaleJittered;
  }

  let sample: ClosingSample;
  for (;;) {
    const mixed = sources.size > 1;
    const finalHistoryLogq = mixed ? new Float64Array(N).fill(-Infinity) : historyLogq;
    // Weight in each orphan region and in all, of the history at beta = 1 and of the draws.
    const historyIn = new Float64Array(orphanRegions);
    let historyAll = 0;
    if (mixed) {
      for (const s of counted) {
        const { logq, region } = placed(v, s);
        finalHistoryLogq[s] = logq;
        historyAll += weights[s];
        if (region >= 0) historyIn[region] += weights[s];
      }
    }
    const drawRegions: Int32Array[] = [];
    const logqs = batches.map((b) => {
      if (!mixed) return b.logq;
      const logq = new Float64Array(b.logl.length);
      const regions = new Int32Array(b.logl.length);
      for (let k = 0; k < logq.length; k++) ({ logq: logq[k], region: regions[k] } = placed(b.points, k));
      drawRegions.push(regions);
      return logq;
    });
    const drawLogw = concat(batches.map((b, i) => {
      const out = new Float64Array(b.count).fill(-Infinity);
      b.kept.forEach((slot, k) => (out[slot] = b.logl[k] - logqs[i][k]));
      return out;
    }));
    const found = orphanRegions === 0 ? undefined : orphanFindings(
      batches.map((b, i) => ({ points: b.points, logWeights: Float64Array.from(b.logl, (l, k) => l - logqs[i][k]), regions: drawRegions[i] })),
      { inRegion: historyIn, all: historyAll }, orphanFinal, orphanPooled, d, periodic,
    );
    // With several proposals, each draw's, so that the error is the deterministic mixture's.
    const sourceIndex = new Map(Array.from(sources.keys(), (p, k) => [p, k]));
    const strata = mixed ? concat(batches.map((b) => new Float64Array(b.count).fill(sourceIndex.get(b.source)!))) : undefined;
    const blobs = batches.every((b) => b.blobs === undefined) ? undefined : batches.flatMap((b) => b.blobs ?? []);
    let truncatedDensities = 0;
    for (const proposal of new Set([q, ...sources.keys()])) truncatedDensities += proposal.truncatedDensities;
    sample = {
      u: concat(batches.map((b) => b.u)), x: concat(batches.map((b) => b.x)), logl: concat(batches.map((b) => b.logl)), logq: concat(logqs),
      ...(blobs === undefined ? {} : { blobs }), historyLogq: finalHistoryLogq, modeShares: modes, modeLossChances: climbSearch?.complete === true ? reachedLoss() : modeLoss, orphanRegions, orphanDraws, orphanShares: found?.shares ?? { draws: 0, history: 0 }, ...(found === undefined ? {} : { orphanGuide: found.guide }), ...(climbSearch === undefined ? {} : { climbs: climbSearch }), ...(truncatedDensities > 0 ? { truncatedDensities } : {}), estimate: closingEstimate(drawLogw, strata === undefined ? undefined : Int32Array.from(strata)),
    };
    const count = more(sample);
    if (!(count > 0)) break;
    await add(count, q);
  }
  state.closing = sample;
  return sample;
}

/** One batch of closing draws: those inside the cube, and where each stood among the batch's draws. */
interface ClosingBatch {
  u: Float64Array;
  x: Float64Array;
  logl: Float64Array;
  /** log q of the proposal the batch was drawn from. */
  logq: Float64Array;
  blobs: unknown[] | undefined;
  /** The draws inside the cube where the chains move (m x d). */
  points: Float64Array;
  /** Each kept draw's index among the batch's draws. */
  kept: Int32Array;
  /** Draws made, inside the cube or not. */
  count: number;
  /** The proposal they were drawn from. */
  source: ClosingProposal;
}

/** The arrays one after another (the array itself when there is one). */
function concat(parts: Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0];
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
