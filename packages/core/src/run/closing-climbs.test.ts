import { describe, expect, it } from 'vitest';
import { factoredComponent } from '../kernels/proposal-component.js';
import { CLIMB_STARTS, CLIMB_TESTS, EDGE_CLIMBS, EDGE_QUANTILE, OUTSIDE_QUANTILE, climbAndEdgeCandidates, climbFromEdges, climbFromValleys, reachedFrom, type MovedLikelihood } from './closing-climbs.js';
import { chiSquareQuantile } from '../math/chi-square.js';

const d = 2;
const identityChol = Float64Array.of(1, 0, 0, 1);

/** A likelihood as the climbs call it, counting its calls. */
function counted(f: (x: number, y: number) => number): { evaluate: MovedLikelihood; calls: () => number } {
  let calls = 0;
  return {
    evaluate: async (points, m) => {
      calls += m;
      return Float64Array.from({ length: m }, (_, i) => f(points[i * d], points[i * d + 1]));
    },
    calls: () => calls,
  };
}

/** Two unit Gaussian peaks at (0, 0) and (10, 0), the second 0.5 higher; log of their sum. */
const twoPeaks = (x: number, y: number) => {
  const a = -0.5 * (x * x + y * y);
  const b = 0.5 - 0.5 * ((x - 10) ** 2 + y * y);
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
};
/** The mixture knows only the peak at the origin. */
const knownOrigin = [factoredComponent(Float64Array.of(0, 0), Float64Array.of(1, 0, 0, 1), 5, d)];

describe('climbAndEdgeCandidates: outside the mixture', () => {
  it('takes the particles outside every component at their own temperature, highest L / q first, one per region', () => {
    // (6, 0) at beta 1 (squared distance 36, beyond the 1 - 1e-6 quantile 27.6), (6.1, 0) beside
    // it, (2, 0) inside, (6, 0) again at beta 0.5 (18: inside at its temperature), (8, 8) at beta 0
    // (a prior draw), and (0, 9) at beta 1, of lower L / q than (6, 0).
    const v = Float64Array.of(6, 0, 6.1, 0, 2, 0, 6, 0, 8, 8, 0, 9);
    const logl = Float64Array.of(-5, -5.1, -2, -5, -50, -40);
    const beta = Float64Array.of(1, 1, 1, 0.5, 0, 1);
    const logq = Float64Array.of(-20, -20, -3, -20, -40, -25);
    expect(climbAndEdgeCandidates(v, logl, beta, (s) => logq[s], knownOrigin, identityChol, d).outside).toEqual([0, 5]);
  });

  it(`returns at most one more than the ${CLIMB_TESTS} it tests, to say that some were left out`, () => {
    const n = 2 * CLIMB_TESTS;
    const v = Float64Array.from({ length: n * d }, (_, i) => (i % d === 0 ? 100 + 10 * Math.floor(i / d) : 0));
    const chosen = climbAndEdgeCandidates(v, new Float64Array(n), new Float64Array(n).fill(1), () => 0, knownOrigin, identityChol, d).outside;
    expect(chosen).toHaveLength(CLIMB_TESTS + 1);
  });
});

describe('climbFromValleys', () => {
  it('climbs from a particle a valley separates from the mixture to the peak it lacks, and calls the search complete', async () => {
    // A particle on the far flank of the unknown peak, and one in the known peak's tail.
    const v = Float64Array.of(12, 1, -3, 1);
    const logl = Float64Array.from([0, 1], (s) => twoPeaks(v[s * d], v[s * d + 1]));
    const f = counted(twoPeaks);
    const { search, points, logl: ends } = await climbFromValleys(v, logl, [0, 1], knownOrigin, identityChol, d, f.evaluate);
    // The tail particle sees the likelihood rise towards the origin: no valley, no climb.
    expect(search).toEqual({ candidates: 2, tested: 2, valleys: 1, climbs: 1, complete: true });
    expect(points[0]).toBeCloseTo(10, 1);
    expect(points[1]).toBeCloseTo(0, 1);
    expect(ends[0]).toBeCloseTo(0.5, 3);
    // Three path points per tested particle, then at most 40 rounds of 2d trials.
    expect(f.calls()).toBeLessThanOrEqual(2 * 3 + 40 * 2 * d);
  });

  it('spends only the paths\' calls on a log-concave likelihood', async () => {
    const gaussian = (x: number, y: number) => -0.5 * (x * x + y * y);
    const v = Float64Array.of(7, 0, 0, -8, -6, -6);
    const logl = Float64Array.from([0, 1, 2], (s) => gaussian(v[s * d], v[s * d + 1]));
    const f = counted(gaussian);
    const { search } = await climbFromValleys(v, logl, [0, 1, 2], knownOrigin, identityChol, d, f.evaluate);
    expect(search).toEqual({ candidates: 3, tested: 3, valleys: 0, climbs: 0, complete: true });
    expect(f.calls()).toBe(9);
  });

  it('climbs a basin once: starts a valley separates from nothing but a climb\'s end are dropped', async () => {
    // Six particles around the unknown peak, each with a valley towards the origin.
    const v = Float64Array.of(12, 0, 11, 2, 12, -2, 8.5, 1, 11, -1, 13, 1);
    const logl = Float64Array.from({ length: 6 }, (_, s) => twoPeaks(v[s * d], v[s * d + 1]));
    const f = counted(twoPeaks);
    const { search } = await climbFromValleys(v, logl, [0, 1, 2, 3, 4, 5], knownOrigin, identityChol, d, f.evaluate);
    expect(search.valleys).toBe(6);
    // The first wave of four climbs; the two left are tested against its ends and dropped.
    expect(search.climbs).toBe(4);
    expect(search.complete).toBe(true);
  });

  it(`is not complete when more candidates exist than are tested, or more valleys than ${CLIMB_STARTS} climbs`, async () => {
    const f = counted(twoPeaks);
    const v = Float64Array.of(12, 1);
    const one = await climbFromValleys(v, Float64Array.of(twoPeaks(12, 1)), new Array(CLIMB_TESTS + 1).fill(0), knownOrigin, identityChol, d, f.evaluate);
    expect(one.search.complete).toBe(false);
    expect(one.search.tested).toBe(CLIMB_TESTS);
    // Narrow peaks on a circle of radius 10 around the known centre, one particle just outside each.
    const n = CLIMB_STARTS + 4;
    const angle = (k: number) => (2 * Math.PI * k) / n;
    const ring = (x: number, y: number) => {
      let best = -Infinity;
      for (let k = 0; k < n; k++) best = Math.max(best, -2 * ((x - 10 * Math.cos(angle(k))) ** 2 + (y - 10 * Math.sin(angle(k))) ** 2));
      return best;
    };
    const w = Float64Array.from({ length: n * d }, (_, i) => 10.5 * (i % d === 0 ? Math.cos(angle(Math.floor(i / d))) : Math.sin(angle(Math.floor(i / d)))));
    const wl = Float64Array.from({ length: n }, (_, s) => ring(w[s * d], w[s * d + 1]));
    const many = await climbFromValleys(w, wl, Array.from({ length: n }, (_, s) => s), knownOrigin, identityChol, d, counted(ring).evaluate);
    expect(many.search.valleys).toBe(n);
    expect(many.search.climbs).toBe(CLIMB_STARTS);
    expect(many.search.complete).toBe(false);
  });
});

/**
 * Normal densities of weights 0.2 and 0.8: a narrow one (width 0.5) at (-4, 0), a wide one (width
 * 1.5) at (4, 0) that the mixture knows. At (-2, 0) the narrow one is the denser: the likelihood
 * rises towards (-4, 0), and falls a short step towards (4, 0) before it rises all the way there.
 */
const narrowBeside = (x: number, y: number) => {
  const a = Math.log(0.2) - 2 * Math.log(0.5) - 0.5 * ((x + 4) ** 2 + y * y) / 0.25;
  const b = Math.log(0.8) - 2 * Math.log(1.5) - 0.5 * ((x - 4) ** 2 + y * y) / 2.25;
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
};
const knownWide = [factoredComponent(Float64Array.of(4, 0), Float64Array.of(2.25, 0, 0, 2.25), 5, d)];

describe('climbAndEdgeCandidates', () => {
  it('takes particles beyond the edge quantile at their own temperature but inside the outside one as edge candidates', () => {
    const edge = chiSquareQuantile(EDGE_QUANTILE, d);
    const outside = chiSquareQuantile(OUTSIDE_QUANTILE, d);
    // Squared distances from the origin's unit component: 25 (between the quantiles 4.6 and 27.6),
    // 36 (outside), 1 (inside), 25 at beta 0.1 (2.5: inside at its temperature), 25 at beta 0.
    expect(edge).toBeLessThan(25);
    expect(outside).toBeGreaterThan(25);
    const v = Float64Array.of(5, 0, 0, 6, 1, 0, -5, 0, 0, -5);
    const logl = Float64Array.of(-12.5, -18, -0.5, -12.5, -12.5);
    const beta = Float64Array.of(1, 1, 1, 0.1, 0);
    const chosen = climbAndEdgeCandidates(v, logl, beta, () => 0, knownOrigin, identityChol, d);
    expect(chosen).toEqual({ outside: [1], edge: [0] });
  });
});

describe('climbFromEdges', () => {
  it('climbs from an edge particle past the saddle of a peak the mixture lacks, where no straight path shows a valley', async () => {
    // At (-2, 0), on the narrow peak's side of the saddle: a step towards (4, 0) falls, but the
    // path's quarter points all lie above the particle (no valley).
    const v = Float64Array.of(-2, 0, 6, 1);
    const logl = Float64Array.from([0, 1], (s) => narrowBeside(v[s * d], v[s * d + 1]));
    const f = counted(narrowBeside);
    const valleys = await climbFromValleys(v, logl, [0], knownWide, identityChol, d, f.evaluate);
    expect(valleys.search.valleys).toBe(0);
    const edges = await climbFromEdges(v, logl, [0, 1], knownWide, identityChol, d, f.evaluate, new Float64Array(0));
    // The wide peak's tail particle rises towards its centre: no turn.
    expect(edges).toMatchObject({ edgeTests: 2, edgeTurns: 1, edgeClimbs: 1 });
    expect(edges.points[0]).toBeCloseTo(-4, 1);
    expect(edges.points[1]).toBeCloseTo(0, 1);
  });

  it('spends one call per particle on a log-concave likelihood, which never turns away', async () => {
    const gaussian = (x: number, y: number) => -0.5 * (x * x + y * y);
    const v = Float64Array.of(3, 0, 0, -2.5, -2, -2);
    const logl = Float64Array.from([0, 1, 2], (s) => gaussian(v[s * d], v[s * d + 1]));
    const f = counted(gaussian);
    const edges = await climbFromEdges(v, logl, [0, 1, 2], knownOrigin, identityChol, d, f.evaluate, new Float64Array(0));
    expect(edges).toMatchObject({ edgeTests: 3, edgeTurns: 0, edgeClimbs: 0 });
    expect(f.calls()).toBe(3);
  });

  it(`drops starts in a basin already climbed, and climbs at most ${EDGE_CLIMBS} times`, async () => {
    // Six particles on the narrow peak's side, each turning away from the wide one.
    const v = Float64Array.of(-2, 0, -2.1, 0.4, -2.1, -0.4, -2.2, 0.8, -2.2, -0.8, -2.05, 0.2);
    const logl = Float64Array.from({ length: 6 }, (_, s) => narrowBeside(v[s * d], v[s * d + 1]));
    const all = [0, 1, 2, 3, 4, 5];
    const f = counted(narrowBeside);
    // A climb from the valleys' search reached the peak already: none is climbed again.
    const climbed = await climbFromEdges(v, logl, all, knownWide, identityChol, d, f.evaluate, Float64Array.of(-4, 0));
    expect(climbed).toMatchObject({ edgeTests: 6, edgeTurns: 6, edgeClimbs: 0 });
    // Without that end: the first wave of four reaches the peak; the two left are dropped against it.
    const fresh = await climbFromEdges(v, logl, all, knownWide, identityChol, d, f.evaluate, new Float64Array(0));
    expect(fresh).toMatchObject({ edgeTests: 6, edgeTurns: 6, edgeClimbs: 4 });
    // Twelve narrow peaks on a circle around the known one, a particle on each one's inner side:
    // no end lies in another's basin, and the climbs stop at the limit.
    const n = 12;
    const angle = (k: number) => (2 * Math.PI * k) / n;
    const ring = (x: number, y: number) => {
      let best = -0.5 * ((x - 4) ** 2 + y * y) / 2.25;
      for (let k = 0; k < n; k++) best = Math.max(best, 2 - 8 * ((x - 4 - 8 * Math.cos(angle(k))) ** 2 + (y - 8 * Math.sin(angle(k))) ** 2));
      return best;
    };
    const w = Float64Array.from({ length: n * d }, (_, i) => (i % d === 0 ? 4 : 0) + 7.6 * (i % d === 0 ? Math.cos(angle(Math.floor(i / d))) : Math.sin(angle(Math.floor(i / d)))));
    const wl = Float64Array.from({ length: n }, (_, s) => ring(w[s * d], w[s * d + 1]));
    const many = await climbFromEdges(w, wl, Array.from({ length: n }, (_, s) => s), knownWide, identityChol, d, counted(ring).evaluate, new Float64Array(0));
    expect(many.edgeTurns).toBe(n);
    expect(many.edgeClimbs).toBe(EDGE_CLIMBS);
  });
});

describe('reachedFrom', () => {
  it('is the beta from which a twin as far from the other modes as each mode lies outside them: the quantile over the squared distance', () => {
    // Three clusters of one component each: two (modes 0 and 1) 10 apart, a third of mode 1 at 30.
    const c = (x: number, s = 1) => factoredComponent(Float64Array.of(x, 0), Float64Array.of(s * s, 0, 0, s * s), 5, d);
    const beta = reachedFrom([c(0), c(10, 2), c(30)], 1, Int32Array.of(0, 1, 1), 2, d);
    const q = chiSquareQuantile(OUTSIDE_QUANTILE, d);
    // Mode 0's centre is 10 / 2 = 5 scale units from mode 1's first component; mode 1's nearest centre is 10 from mode 0's.
    expect(beta[0]).toBeCloseTo(q / 25, 12);
    expect(beta[1]).toBeCloseTo(q / 100, 12);
    expect(Array.from(reachedFrom([c(0)], 1, Int32Array.of(0), 1, d))).toEqual([Infinity]);
  });
});
