import { chiSquareQuantile } from '../math/chi-square.js';
import { mahalanobisSquared } from '../math/mahalanobis.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';

/**
 * Climbs to modes the closing mixture lacks. A mode that the anneal's resamplings emptied (a
 * corner peak of the egg-box holding 2% of the posterior, lost in 6 of 20 runs) leaves history
 * particles in its basin from the iterations before, but far below its peak: their L / q is not
 * above the draws', so they are no orphans (see `closing-orphans.ts`), and the closing mixture,
 * which has no component there, cannot weigh the mode. A local climb from such a particle reaches
 * the peak, where L / q is far above the draws', and the orphan rounds then weigh the region.
 *
 * Which particles: those outside every component of the mixture at their own temperature (see
 * {@link OUTSIDE_QUANTILE}), and of those the ones from which the likelihood dips on the straight
 * path towards the nearest component's centre (a valley between them: another basin), where a
 * particle in a known mode's tail sees it rise. Likelihoods that are log-concave never dip, so a
 * unimodal problem spends only the paths' calls.
 *
 * A mode the anneal never populated leaves no such particles: only some at its edge, just past
 * the saddle towards a known mode, inside that mode's tempered reach and with the likelihood
 * rising on the straight path to its centre. So the particles at the mixture's edge (see
 * {@link EDGE_QUANTILE}) are tested too, by one call a short step towards the nearest centre:
 * where the likelihood falls there, the particle's uphill points away from every mode the
 * mixture has, and a climb from it finds where it leads.
 */

/**
 * A particle of iteration t is outside a component when beta_t times its squared Mahalanobis
 * distance (in the component's own scale, fitted at beta = 1) exceeds this chi-square quantile:
 * tempering widens a Gaussian mode by 1 / sqrt(beta_t), so a particle of a mode the mixture has
 * lies there with probability 1e-6 at its own temperature. Prior draws (beta 0) are never
 * outside: they say nothing of where modes are. (Outside at beta = 1 alone, a 15-D mode's
 * earlier, wider populations filled every test; below the density of the mixture's own draws,
 * its tails did.)
 */
export const OUTSIDE_QUANTILE = 1 - 1e-6;
/**
 * A particle of iteration t is at an edge of the mixture when beta_t times its squared Mahalanobis
 * distance to every component exceeds this chi-square quantile, but not {@link OUTSIDE_QUANTILE}'s:
 * in the tails where a tempered Gaussian mode puts a tenth of its particles. A mode the anneal
 * never populated leaves particles there, on its side of the saddle towards a known mode (the
 * narrow mode of two 5-D Gaussians 5 widths apart: 6 particles, beta x distance^2 11-16 against the
 * 1e-6 quantile's 35.9), where no straight path to the known centre shows a valley.
 */
export const EDGE_QUANTILE = 0.9;
/** At most this many edge particles are tested for a turn (one call each), the highest L / q first. */
export const EDGE_TESTS = 256;
/** At most this many climbs from edge particles, beyond the {@link CLIMB_STARTS} from valleys. */
export const EDGE_CLIMBS = 8;
/**
 * The step towards the nearest centre at which an edge particle's likelihood is read (pooled
 * scale units): where it falls, the particle's uphill points away from every mode the mixture has.
 */
export const EDGE_STEP = 1 / 16;
/** At most this many particles are tested for a valley (three calls each), the highest L / q first. */
export const CLIMB_TESTS = 256;
/** At most this many climbs. */
export const CLIMB_STARTS = 16;
/** Climbs run this many at a time; the starts left are then tested against the ends found. */
export const CLIMB_WAVE = 4;
/** Where on the path from a particle to the nearest centre the likelihood is read. */
export const CLIMB_PATH = [0.25, 0.5, 0.75] as const;
/**
 * A dip of more than this (in log L) below the particle's own on the path is a valley. The
 * likelihood is deterministic, so any dip is one; this only ignores a rounding-level one.
 */
export const CLIMB_VALLEY = 1;
/**
 * A climb stops when its step is below this (in units of the pooled scale): the narrowest of the
 * orphan components' widths (`ORPHAN_SCALE_LADDER`), from which they find a region's core.
 */
export const CLIMB_MIN_STEP = 1 / 64;
/** At most this many rounds (2d calls each) per climb. */
export const CLIMB_ROUNDS = 40;
/** A climb's step grows to at most this (pooled scale units): beyond, its trials mostly overshoot. */
const CLIMB_MAX_STEP = 8;
/** Particles within this chi-square quantile (pooled scale) of a tested one are in its region. */
const CLIMB_REGION_QUANTILE = 0.99;
/** A climb that comes within this chi-square quantile of a component's centre (its own scale) is in a known mode, and stops. */
const KNOWN_MODE_QUANTILE = 0.5;

/** Log-likelihoods of points where the chains move (m x d); -Infinity outside the prior's support. */
export type MovedLikelihood = (points: Float64Array, m: number) => Promise<Float64Array>;

/** What the search for modes the mixture lacks did. */
export interface ClimbSearch {
  /** Regions outside the mixture (one particle each), up to one more than the 256 tested at most. */
  readonly candidates: number;
  /** Of those, tested for a valley. */
  readonly tested: number;
  /** Tested particles a valley separated from the nearest centre. */
  readonly valleys: number;
  /** Climbs made. */
  readonly climbs: number;
  /**
   * Every candidate was tested and every valley climbed or found to lead to a climb's end. A mode
   * emptied by a resampling at a temperature where its particles lay outside the mixture, apart
   * from it by a valley, was then reached; so the allowance for a lost mode counts only the
   * chance of a loss before that (see `modeLossChances`).
   */
  readonly complete: boolean;
  /** Likelihood calls the tests and climbs took (points outside the prior's support take none). */
  readonly calls: number;
  /**
   * Regions of particles at the mixture's edge (beta_t x squared distance from every component
   * beyond the chi-square quantile 0.9, not beyond 1 - 1e-6) tested for a turn: a step towards the
   * nearest centre that lowers the likelihood. Absent in state files from before.
   */
  readonly edgeTests?: number;
  /** Of those, the ones that turned away from every known mode. */
  readonly edgeTurns?: number;
  /** Climbs made from them (at most 8). */
  readonly edgeClimbs?: number;
}

/** The search's record, and the climbs' ends: points where the chains move, and their log-likelihoods. */
export interface ClimbEnds {
  /** The search's record, its calls left to the caller (who counts them). */
  readonly search: Omit<ClimbSearch, 'calls'>;
  /** climbs x d. */
  readonly points: Float64Array;
  readonly logl: Float64Array;
}

/** The nearest of some centres to a point, each in its own scale. */
function nearest(v: Float64Array, offset: number, centres: readonly { mean: Float64Array; chol: Float64Array }[], d: number, scratch: Float64Array): { index: number; distance: number } {
  let index = -1;
  let distance = Infinity;
  centres.forEach((c, k) => {
    const m = mahalanobisSquared(v, offset, c.mean, c.chol, d, scratch);
    if (m < distance) [index, distance] = [k, m];
  });
  return { index, distance };
}

/**
 * Per mode of the fit, the temperature from which the particles of a twin of it (a mode as far
 * from the others) would be candidates of the search: beta times the squared Mahalanobis distance
 * from the mode's centres to the nearest other mode's component beyond the {@link OUTSIDE_QUANTILE}
 * quantile. A twin emptied by a resampling before then left particles the search does not test.
 * @param components - the fit's components, `folds` per cluster
 * @param folds - components per cluster
 * @param ofCluster - each cluster's mode
 * @param modes - number of modes
 * @param d - dimension
 * @returns per mode, that beta (Infinity for a single mode: no other to be apart from)
 */
export function reachedFrom(components: readonly ProposalComponent[], folds: number, ofCluster: Int32Array, modes: number, d: number): Float64Array {
  const beyond = chiSquareQuantile(OUTSIDE_QUANTILE, d);
  const scratch = new Float64Array(d);
  const apart = new Float64Array(modes).fill(Infinity);
  components.forEach((a, i) => {
    const m = ofCluster[Math.floor(i / folds)];
    components.forEach((b, j) => {
      if (ofCluster[Math.floor(j / folds)] !== m) apart[m] = Math.min(apart[m], mahalanobisSquared(a.mean, 0, b.mean, b.chol, d, scratch));
    });
  });
  return apart.map((m) => (m === Infinity ? Infinity : beyond / m));
}

/**
 * The particles to test: those outside every component at their own temperature (see
 * {@link OUTSIDE_QUANTILE}), for a valley, and those at the mixture's edge (see
 * {@link EDGE_QUANTILE}), for a turn; each list by L / q from the highest, skipping any within
 * reach of one already chosen.
 * @param v - history points where the chains move (N x d)
 * @param logl - their log-likelihoods
 * @param beta - each one's iteration's temperature
 * @param logq - the mixture's log density at a particle, where the chains move (asked only of
 *   those outside or at the edge)
 * @param components - the fitted mixture's components, where the chains move
 * @param pooledChol - Cholesky factor of the pooled scale
 * @param d - dimension
 * @returns the chosen particles' indices: up to {@link CLIMB_TESTS} + 1 outside and
 *   {@link EDGE_TESTS} + 1 at the edge (one more than are tested says that some were left out)
 */
export function climbAndEdgeCandidates(
  v: Float64Array, logl: Float64Array, beta: Float64Array, logq: (s: number) => number, components: readonly ProposalComponent[], pooledChol: Float64Array, d: number,
): { outside: number[]; edge: number[] } {
  const beyond = chiSquareQuantile(OUTSIDE_QUANTILE, d);
  const edgeBeyond = chiSquareQuantile(EDGE_QUANTILE, d);
  const scratch = new Float64Array(d);
  const outside: number[] = [];
  const edge: number[] = [];
  for (let s = 0; s < logl.length; s++) {
    if (!(logl[s] > -Infinity && beta[s] > 0)) continue;
    // Inside as soon as one component reaches it within the edge's quantile (most particles, at the first).
    let nearest = Infinity;
    for (const c of components) {
      nearest = Math.min(nearest, beta[s] * mahalanobisSquared(v, s * d, c.mean, c.chol, d, scratch));
      if (nearest <= edgeBeyond) break;
    }
    if (nearest > beyond) outside.push(s);
    else if (nearest > edgeBeyond) edge.push(s);
  }
  return { outside: byRegion(outside, v, logl, logq, pooledChol, d, CLIMB_TESTS), edge: byRegion(edge, v, logl, logq, pooledChol, d, EDGE_TESTS) };
}

/**
 * Particles by L / q, highest first (a basin the mixture lacks holds particles whose likelihood is
 * high for how little the mixture reaches them), skipping any within reach of one already chosen.
 * @returns up to `limit` + 1 indices
 */
function byRegion(particles: number[], v: Float64Array, logl: Float64Array, logq: (s: number) => number, pooledChol: Float64Array, d: number, limit: number): number[] {
  const scratch = new Float64Array(d);
  const ratio = new Map(particles.map((s) => [s, logl[s] - logq(s)]));
  particles.sort((a, b) => ratio.get(b)! - ratio.get(a)! || a - b);
  const reach = chiSquareQuantile(CLIMB_REGION_QUANTILE, d);
  const chosen: number[] = [];
  for (const s of particles) {
    if (chosen.length > limit) break;
    if (chosen.some((c) => mahalanobisSquared(v, s * d, v.subarray(c * d, (c + 1) * d), pooledChol, d, scratch) <= reach)) continue;
    chosen.push(s);
  }
  return chosen;
}

/**
 * Which of some points a valley separates from their nearest centre: the likelihood read at
 * {@link CLIMB_PATH} on the straight path, in one batch.
 * @returns the points with a valley, in their order
 */
async function valleyed(
  points: readonly { at: Float64Array; logl: number }[], centres: readonly { mean: Float64Array; chol: Float64Array }[], d: number, evaluate: MovedLikelihood,
): Promise<number[]> {
  const P = CLIMB_PATH.length;
  const scratch = new Float64Array(d);
  const path = new Float64Array(points.length * P * d);
  points.forEach(({ at }, i) => {
    const { mean } = centres[nearest(at, 0, centres, d, scratch).index];
    CLIMB_PATH.forEach((f, p) => {
      for (let j = 0; j < d; j++) path[(i * P + p) * d + j] = at[j] + f * (mean[j] - at[j]);
    });
  });
  const pathLogl = points.length === 0 ? new Float64Array(0) : await evaluate(path, points.length * P);
  return points.flatMap(({ logl }, i) => {
    let low = Infinity;
    for (let p = 0; p < P; p++) low = Math.min(low, pathLogl[i * P + p]);
    return low < logl - CLIMB_VALLEY ? [i] : [];
  });
}

/**
 * Compass searches along the pooled scale's axes, a round at a time for all of them so that each
 * round is one batch of calls: a climb moves to the best of its 2d neighbours when that is higher
 * and doubles its step, halves it otherwise, and stops below {@link CLIMB_MIN_STEP}, after
 * {@link CLIMB_ROUNDS} rounds, or on entering a known mode.
 * @returns each climb's end and its log-likelihood
 */
async function climb(
  starts: readonly { at: Float64Array; logl: number }[], components: readonly ProposalComponent[], pooledChol: Float64Array, d: number, evaluate: MovedLikelihood,
): Promise<{ at: Float64Array; logl: number }[]> {
  const scratch = new Float64Array(d);
  const known = chiSquareQuantile(KNOWN_MODE_QUANTILE, d);
  const at = starts.map((s) => s.at.slice());
  const height = starts.map((s) => s.logl);
  const step = starts.map(() => 1);
  const active = starts.map(() => true);
  for (let round = 0; round < CLIMB_ROUNDS && active.some(Boolean); round++) {
    const climbing = starts.flatMap((_, c) => (active[c] ? [c] : []));
    const trial = new Float64Array(climbing.length * 2 * d * d);
    climbing.forEach((c, i) => {
      for (let a = 0; a < 2 * d; a++) {
        const o = (i * 2 * d + a) * d;
        const signed = a & 1 ? -step[c] : step[c];
        for (let j = 0; j < d; j++) trial[o + j] = at[c][j] + signed * pooledChol[j * d + (a >> 1)];
      }
    });
    const trialLogl = await evaluate(trial, climbing.length * 2 * d);
    climbing.forEach((c, i) => {
      let best = -1;
      for (let a = 0; a < 2 * d; a++) if (trialLogl[i * 2 * d + a] > (best < 0 ? height[c] : trialLogl[i * 2 * d + best])) best = a;
      if (best >= 0) {
        at[c] = trial.slice((i * 2 * d + best) * d, (i * 2 * d + best + 1) * d);
        height[c] = trialLogl[i * 2 * d + best];
        step[c] = Math.min(CLIMB_MAX_STEP, 2 * step[c]);
        if (nearest(at[c], 0, components, d, scratch).distance <= known) active[c] = false;
      } else {
        step[c] /= 2;
        if (step[c] < CLIMB_MIN_STEP) active[c] = false;
      }
    });
  }
  return at.map((x, c) => ({ at: x, logl: height[c] }));
}

/**
 * Climbs from the candidates that a valley separates from the nearest component's centre (see
 * the file's comment), {@link CLIMB_WAVE} at a time, highest L / q first; after each wave, the
 * starts left are tested against the ends found, and those with no valley on the way to one (its
 * basin, climbed already) are dropped.
 * @param v - history points where the chains move (N x d)
 * @param logl - their log-likelihoods
 * @param candidates - the particles to test (`outside` of {@link climbAndEdgeCandidates})
 * @param components - the fitted mixture's components, where the chains move
 * @param pooledChol - Cholesky factor of the pooled scale
 * @param d - dimension
 * @param evaluate - log-likelihoods of moved points (counts its calls)
 * @returns the search's record and the climbs' ends
 */
export async function climbFromValleys(
  v: Float64Array, logl: Float64Array, candidates: readonly number[], components: readonly ProposalComponent[], pooledChol: Float64Array, d: number, evaluate: MovedLikelihood,
): Promise<ClimbEnds> {
  const tested = candidates.slice(0, CLIMB_TESTS);
  const record = { candidates: candidates.length, tested: tested.length, valleys: 0, climbs: 0 };
  if (tested.length === 0 || components.length === 0) {
    return { search: { ...record, complete: candidates.length === 0 }, points: new Float64Array(0), logl: new Float64Array(0) };
  }
  const points = tested.map((s) => ({ at: v.slice(s * d, (s + 1) * d), logl: logl[s] }));
  const starts = (await valleyed(points, components, d, evaluate)).map((i) => points[i]);
  record.valleys = starts.length;
  const { ends, left } = await climbInWaves(starts, CLIMB_STARTS, [], components, pooledChol, d, evaluate);
  return {
    search: { ...record, climbs: ends.length, complete: candidates.length <= CLIMB_TESTS && left === 0 },
    ...packed(ends, d),
  };
}

/**
 * Climbs from some starts, {@link CLIMB_WAVE} at a time, at most `limit`; after each wave the
 * starts left are tested against the ends found (and `earlier` ones), and those with no valley on
 * the way to one (its basin, climbed already) are dropped.
 * @returns the climbs' ends, and how many starts were left unclimbed at the limit
 */
async function climbInWaves(
  starts: readonly { at: Float64Array; logl: number }[], limit: number, earlier: readonly { mean: Float64Array; chol: Float64Array }[],
  components: readonly ProposalComponent[], pooledChol: Float64Array, d: number, evaluate: MovedLikelihood,
): Promise<{ ends: { at: Float64Array; logl: number }[]; left: number }> {
  const ends: { at: Float64Array; logl: number }[] = [];
  // An end as a centre to test starts against: the pooled scale.
  const endCentre = (e: { at: Float64Array }) => ({ mean: e.at, chol: pooledChol });
  let waiting = starts;
  while (waiting.length > 0 && ends.length < limit) {
    const wave = waiting.slice(0, Math.min(CLIMB_WAVE, limit - ends.length));
    ends.push(...(await climb(wave, components, pooledChol, d, evaluate)));
    const rest = waiting.slice(wave.length);
    waiting = (await valleyed(rest, [...earlier, ...ends.map(endCentre)], d, evaluate)).map((i) => rest[i]);
  }
  return { ends, left: waiting.length };
}

/** Climbs' ends as rows of points (ends x d) and their log-likelihoods. */
function packed(ends: readonly { at: Float64Array; logl: number }[], d: number): { points: Float64Array; logl: Float64Array } {
  const points = new Float64Array(ends.length * d);
  ends.forEach((e, k) => points.set(e.at, k * d));
  return { points, logl: Float64Array.from(ends, (e) => e.logl) };
}

/**
 * Which of some points turn away from every known mode: the likelihood read a step of
 * {@link EDGE_STEP} (pooled scale, at most a quarter of the way) towards the nearest centre, in one
 * batch, and lower there than at the point. A log-concave likelihood never turns away (it rises
 * on the whole path towards a point where it is higher), so a unimodal problem spends only the
 * steps' calls; a particle past the saddle of a mode the mixture lacks does.
 * @returns the points that turned, in their order
 */
async function turnedAway(
  points: readonly { at: Float64Array; logl: number }[], components: readonly ProposalComponent[], pooledChol: Float64Array, d: number, evaluate: MovedLikelihood,
): Promise<number[]> {
  if (points.length === 0) return [];
  const scratch = new Float64Array(d);
  const step = new Float64Array(points.length * d);
  points.forEach(({ at }, i) => {
    const { mean } = components[nearest(at, 0, components, d, scratch).index];
    const span = Math.sqrt(mahalanobisSquared(at, 0, mean, pooledChol, d, scratch));
    const f = span > 0 ? Math.min(0.25, EDGE_STEP / span) : 0;
    for (let j = 0; j < d; j++) step[i * d + j] = at[j] + f * (mean[j] - at[j]);
  });
  const stepLogl = await evaluate(step, points.length);
  return points.flatMap(({ logl }, i) => (stepLogl[i] < logl ? [i] : []));
}

/**
 * Climbs from the edge particles (see {@link EDGE_QUANTILE}) that turn away from every known mode
 * ({@link turnedAway}), {@link CLIMB_WAVE} at a time, highest L / q first, at most
 * {@link EDGE_CLIMBS}; starts that no valley separates from an end found (these climbs' or the
 * valleys', `ends`) are dropped, as in {@link climbFromValleys}.
 * @param v - history points where the chains move (N x d)
 * @param logl - their log-likelihoods
 * @param candidates - the edge particles to test (see {@link climbAndEdgeCandidates})
 * @param components - the fitted mixture's components, where the chains move
 * @param pooledChol - Cholesky factor of the pooled scale
 * @param d - dimension
 * @param evaluate - log-likelihoods of moved points (counts its calls)
 * @param earlier - the ends of the climbs from valleys (points x d)
 * @returns the counts and these climbs' ends
 */
export async function climbFromEdges(
  v: Float64Array, logl: Float64Array, candidates: readonly number[], components: readonly ProposalComponent[], pooledChol: Float64Array, d: number, evaluate: MovedLikelihood,
  earlier: Float64Array,
): Promise<{ edgeTests: number; edgeTurns: number; edgeClimbs: number; points: Float64Array; logl: Float64Array }> {
  const tested = candidates.slice(0, EDGE_TESTS);
  if (tested.length === 0 || components.length === 0) return { edgeTests: 0, edgeTurns: 0, edgeClimbs: 0, points: new Float64Array(0), logl: new Float64Array(0) };
  const points = tested.map((s) => ({ at: v.slice(s * d, (s + 1) * d), logl: logl[s] }));
  const turned = (await turnedAway(points, components, pooledChol, d, evaluate)).map((i) => points[i]);
  const before = Array.from({ length: earlier.length / d }, (_, k) => ({ mean: earlier.subarray(k * d, (k + 1) * d), chol: pooledChol }));
  const starts = before.length === 0 ? turned : (await valleyed(turned, before, d, evaluate)).map((i) => turned[i]);
  const { ends } = await climbInWaves(starts, EDGE_CLIMBS, before, components, pooledChol, d, evaluate);
  return { edgeTests: tested.length, edgeTurns: turned.length, edgeClimbs: ends.length, ...packed(ends, d) };
}
