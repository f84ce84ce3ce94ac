/// <reference path="../math/jstat.d.ts" />
import jstat from 'jstat';
import { describe, expect, it } from 'vitest';
import { cholesky } from '../math/cholesky.js';
import { RandomGenerator } from '../random/random-generator.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';
import { ClosingProposal, closingEstimate, closingInflation } from './closing-sample.js';

/** A component with mean `mean`, covariance `cov` (d x d) and `dof`. */
function component(mean: number[], cov: number[], dof: number): ProposalComponent {
  const d = mean.length;
  const chol = new Float64Array(d * d);
  cholesky(chol, Float64Array.from(cov), d);
  return { mean: Float64Array.from(mean), covariance: Float64Array.from(cov), chol, dof };
}

/** Diagonal covariance with the given standard deviations. */
const diag = (sd: number[]) => sd.flatMap((s, i) => sd.map((_, j) => (i === j ? s * s : 0)));

/** log N(u; mean, sd^2 I) summed over coordinates. */
function logNormal(u: Float64Array, offset: number, mean: number[], sd: number): number {
  let s = 0;
  for (let j = 0; j < mean.length; j++) s += -0.5 * ((u[offset + j] - mean[j]) / sd) ** 2 - Math.log(sd * Math.sqrt(2 * Math.PI));
  return s;
}

/** The midpoint rule of q's density over the cells [0, cells / n)^2 of an n x n grid on the unit square. */
function gridIntegral(q: ClosingProposal, n: number, cells = n): number {
  const point = new Float64Array(2);
  let sum = 0;
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < cells; j++) {
      point[0] = (i + 0.5) / n;
      point[1] = (j + 0.5) / n;
      sum += Math.exp(q.logDensity(point, 0)) / (n * n);
    }
  }
  return sum;
}

/** Draws M points, weights them by L/q (zero outside the cube), returns the estimate. */
function sample(q: ClosingProposal, logL: (u: Float64Array, o: number) => number, d: number, m: number, seed: number, periodic: number[] = []) {
  const rng = new RandomGenerator(seed);
  const u = new Float64Array(m * d);
  const z = new Float64Array(d);
  const logw = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    q.draw(u, i * d, rng, z);
    let inside = true;
    for (let j = 0; j < d; j++) if (!periodic.includes(j) && (u[i * d + j] < 0 || u[i * d + j] > 1)) inside = false;
    logw[i] = inside ? logL(u, i * d) - q.logDensity(u, i * d) : -Infinity;
  }
  return closingEstimate(logw);
}

describe('closing importance sample', () => {
  // Likelihood: a Gaussian bump of width 0.05 in the unit cube, far from the faces, so that
  // Z = integral over the cube of L = the normal's mass (1 to within 1e-20): log Z = 0.
  const d = 4;
  const centre = [0.4, 0.5, 0.6, 0.45];
  const logL = (u: Float64Array, o: number) => logNormal(u, o, centre, 0.05);

  it('estimates log Z within its own error bars, with a light tail, from a fitted mixture', () => {
    // Two folds fitted a little off (means shifted by a fifth of a width, scales 0.8x and 1.3x).
    const comps = [component(centre.map((c) => c + 0.01), diag([0.04, 0.04, 0.04, 0.04]), 8), component(centre.map((c) => c - 0.01), diag([0.065, 0.065, 0.065, 0.065]), 12)];
    const q = new ClosingProposal(comps, 1, 2, [1], d, undefined);
    let inside = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const e = sample(q, logL, d, 4000, seed);
      // 3.5 standard errors: the six checks together fail with probability about 3e-3.
      expect(Math.abs(e.logz)).toBeLessThan(3.5 * e.logzErr);
      if (Math.abs(e.logz) < e.logzErr) inside++;
      expect(e.paretoShape).toBeLessThan(0.5);
      expect(e.ess / e.draws).toBeGreaterThan(0.3);
      expect(e.logzErr).toBeLessThan(0.05);
    }
    expect(inside).toBeGreaterThanOrEqual(2);
  });

  it('stays unbiased when the cluster weights are wrong (the weights correct them)', () => {
    // Two bumps of equal mass; the mixture gives them 0.85 and 0.15.
    const a = [0.3, 0.3, 0.3, 0.3];
    const b = [0.7, 0.7, 0.7, 0.7];
    const logL2 = (u: Float64Array, o: number) => Math.log(0.5) + Math.max(logNormal(u, o, a, 0.04), logNormal(u, o, b, 0.04)) + Math.log1p(Math.exp(-Math.abs(logNormal(u, o, a, 0.04) - logNormal(u, o, b, 0.04))));
    const q = new ClosingProposal([component(a, diag([0.04, 0.04, 0.04, 0.04]), 10), component(b, diag([0.04, 0.04, 0.04, 0.04]), 10)], 2, 1, [0.85, 0.15], d, undefined);
    const e = sample(q, logL2, d, 8000, 7);
    expect(Math.abs(e.logz)).toBeLessThan(3.5 * e.logzErr);
    expect(e.paretoShape).toBeLessThan(0.5);
  });

  it('sees a proposal far narrower than the target in the Pareto shape', () => {
    const q = new ClosingProposal([component(centre, diag([0.02, 0.02, 0.02, 0.02]), 30)], 1, 1, [1], d, undefined, { inflation: 1, minDof: 30, maxDof: 30 });
    expect(sample(q, logL, d, 4000, 8).paretoShape).toBeGreaterThan(0.7);
  });

  it('wraps periodic coordinates, and its density integrates to the mass inside the cube', () => {
    // A component centred on the seam of coordinate 0 (periodic): the wrapped density over the
    // cube integrates to the mass of the other coordinate inside [0, 1], a Student-t with 5
    // degrees of freedom and scale 0.06 sqrt(1.2) within 0.5 of its centre.
    const q = new ClosingProposal([component([0.98, 0.5], diag([0.06, 0.06]), 5)], 1, 1, [1], 2, Uint8Array.from([1, 0]));
    const rng = new RandomGenerator(9);
    const z = new Float64Array(2);
    const point = new Float64Array(2);
    for (let i = 0; i < 200; i++) {
      q.draw(point, 0, rng, z);
      expect(point[0]).toBeGreaterThanOrEqual(0);
      expect(point[0]).toBeLessThan(1);
    }
    // Midpoint rule on a 400 x 400 grid.
    const integral = gridIntegral(q, 400);
    const inside = 2 * jstat.jStat.studentt.cdf(0.5 / (0.06 * Math.sqrt(1.2)), 5) - 1;
    expect(Math.abs(integral - inside)).toBeLessThan(1e-4);
  });

  it('takes a component centred periods away on a periodic coordinate as the same component wrapped', () => {
    // A climb's end on torus-4 (seed 13) lay 13 periods along an angle: its component drew wrapped
    // points that its density, summing images 3 periods from the point, put at 0, and log Z came
    // out 0.10 high. Wrapped, the density is the one centred inside the period, and integrates to
    // the other coordinate's mass inside [0, 1] (scale 0.06 sqrt(1.2), 5 degrees of freedom).
    const far = new ClosingProposal([component([13.159, 0.5], diag([0.06, 0.06]), 5)], 1, 1, [1], 2, Uint8Array.from([1, 0]));
    const near = new ClosingProposal([component([0.159, 0.5], diag([0.06, 0.06]), 5)], 1, 1, [1], 2, Uint8Array.from([1, 0]));
    const rng = new RandomGenerator(13);
    const z = new Float64Array(2);
    const point = new Float64Array(2);
    for (let i = 0; i < 200; i++) {
      far.draw(point, 0, rng, z);
      expect(point[0]).toBeGreaterThanOrEqual(0);
      expect(point[0]).toBeLessThan(1);
      expect(far.logDensity(point, 0)).toBeCloseTo(near.logDensity(point, 0), 12);
    }
    const inside = 2 * jstat.jStat.studentt.cdf(0.5 / (0.06 * Math.sqrt(1.2)), 5) - 1;
    expect(Math.abs(gridIntegral(far, 400) - inside)).toBeLessThan(1e-4);
  });

  it('skips images below a floor only where they are negligible against the mixture the floor stands for', () => {
    // An orphan-like narrow component (scale 0.002, 5 degrees of freedom) beside a wide one on
    // four angles. Far from it, every one of its 7^4 images lies within e^-16 of its own tail, so
    // it sums them all; against the wide component's density as floor it needs none. The
    // mixture 0.9 wide + 0.1 narrow is the same either way, to within the skipped images' bound
    // (2,401 images, e^-16 each: 3e-4 at most, far less in fact).
    const d = 4;
    const periodic = new Uint8Array(d).fill(1);
    const wide = new ClosingProposal([component([0.5, 0.5, 0.5, 0.5], diag([0.25, 0.25, 0.25, 0.25]), 30)], 1, 1, [1], d, periodic);
    const narrow = new ClosingProposal([component([0.1, 0.2, 0.3, 0.4], diag([0.002, 0.002, 0.002, 0.002]), 5)], 1, 1, [1], d, periodic);
    const rng = new RandomGenerator(21);
    const z = new Float64Array(d);
    const point = new Float64Array(d);
    const mix = (a: number, b: number) => Math.log(0.9 * Math.exp(a) + 0.1 * Math.exp(b));
    for (let i = 0; i < 50; i++) {
      wide.draw(point, 0, rng, z);
      const floor = wide.logDensity(point, 0);
      const exact = narrow.logDensity(point, 0);
      const floored = narrow.logDensity(point, 0, floor);
      expect(floored).toBeLessThanOrEqual(exact + 1e-12);
      expect(Math.abs(mix(floor, floored) - mix(floor, exact))).toBeLessThan(1e-9);
    }
    // Near its centre the floor is below its own density, which then sets the images, as without.
    point.set([0.1005, 0.2, 0.3, 0.4]);
    expect(narrow.logDensity(point, 0, wide.logDensity(point, 0))).toBe(narrow.logDensity(point, 0));
  });

  it('sums only the images a component reaches, and with six periodic coordinates matches the sum over all 3^6', () => {
    const d = 6;
    const comp = component([0.5, 0.02, 0.99, 0.3, 0.7, 0.5], diag(Array(d).fill(0.02)), 4);
    const wrapped = new ClosingProposal([comp], 1, 1, [1], d, new Uint8Array(d).fill(1));
    const plain = new ClosingProposal([comp], 1, 1, [1], d, new Uint8Array(d));
    const rng = new RandomGenerator(4);
    const z = new Float64Array(d);
    const point = new Float64Array(d);
    const shifted = new Float64Array(d);
    for (let i = 0; i < 50; i++) {
      wrapped.draw(point, 0, rng, z);
      // Every one of the 3^6 images, by brute force.
      const terms: number[] = [];
      for (let m = 0; m < 3 ** d; m++) {
        let code = m;
        for (let j = 0; j < d; j++) {
          shifted[j] = point[j] + (code % 3) - 1;
          code = Math.floor(code / 3);
        }
        terms.push(plain.logDensity(shifted, 0));
      }
      const max = Math.max(...terms);
      const all = max + Math.log(terms.reduce((t, v) => t + Math.exp(v - max), 0));
      expect(Math.abs(wrapped.logDensity(point, 0) - all)).toBeLessThan(1e-6);
    }
  });

  it('narrows a component wider than 0.3 of the period, with lighter tails, and its wrapped density integrates to 1', () => {
    // Correlated (0.6), scales 0.8 and 0.5 (widened by 1.2), 3 degrees of freedom: as an orphan
    // region's component built from modes across the period. Narrowed to 0.3 along both, with 30
    // degrees of freedom, its images up to 3 periods away are summed; beyond them lies the t's
    // mass past 3.5 periods, 2 P(T_30 > 3.5 / 0.3) per coordinate (3e-12).
    const cov = [0.64, 0.6 * 0.8 * 0.5, 0.6 * 0.8 * 0.5, 0.25];
    const q = new ClosingProposal([component([0.9, 0.1], cov, 3)], 1, 1, [1], 2, Uint8Array.from([1, 1]));
    const n = 400;
    const point = new Float64Array(2);
    const integral = gridIntegral(q, n);
    const beyond = 2 * 2 * (1 - jstat.jStat.studentt.cdf(3.5 / 0.3, 30));
    expect(integral).toBeGreaterThan(1 - beyond - 1e-4);
    expect(integral).toBeLessThan(1 + 1e-4);
    // Its draws are where its density says: the share in the quarter [0, 0.5)^2 against the
    // density's integral there (binomial, 4 standard errors).
    const rng = new RandomGenerator(8);
    const z = new Float64Array(2);
    const m = 20000;
    let inQuarter = 0;
    for (let i = 0; i < m; i++) {
      q.draw(point, 0, rng, z);
      if (point[0] < 0.5 && point[1] < 0.5) inQuarter++;
    }
    expect(Math.abs(inQuarter / m - gridIntegral(q, n, n / 2) / integral)).toBeLessThan(4 * Math.sqrt(0.25 / m));
  });

  it('sums the images up to 3 periods away of wide periodic coordinates, and says when its budget truncates a density', () => {
    // A component of scale 0.63 (widened: 0.69) along every coordinate, narrowed to 0.3 with 30
    // degrees of freedom. Five coordinates: the images up to 3 periods away, against a brute-force
    // sum over all 7^5 of them of the same t unwrapped.
    const wide = (d: number) => component(Array(d).fill(0.5), diag(Array(d).fill(0.4)), 3);
    const five = new ClosingProposal([wide(5)], 1, 1, [1], 5, new Uint8Array(5).fill(1));
    const narrowed = new ClosingProposal([component(Array(5).fill(0.5), diag(Array(5).fill(0.3 / Math.sqrt(1.2))), 30)], 1, 1, [1], 5, new Uint8Array(5));
    const point = Float64Array.from([0.02, 0.97, 0.5, 0.1, 0.85]);
    const shifted = new Float64Array(5);
    const terms: number[] = [];
    for (let code = 0; code < 7 ** 5; code++) {
      let c = code;
      for (let j = 0; j < 5; j++) {
        shifted[j] = point[j] + (c % 7) - 3;
        c = Math.floor(c / 7);
      }
      terms.push(narrowed.logDensity(shifted, 0));
    }
    const max = Math.max(...terms);
    // Images whose terms are bounded by e^-16 of the point's density are left out (1e-7 each).
    expect(Math.abs(five.logDensity(point, 0) - (max + Math.log(terms.reduce((t, v) => t + Math.exp(v - max), 0))))).toBeLessThan(1e-6);
    expect(five.truncatedDensities).toBe(0);
    // Six: the images 3 periods away go (5^6 images), which is not counted; nine: those 2 periods
    // away go too (3^9 = 19,683 still exceeds 7^5, so some 1 period away as well), which is.
    const six = new ClosingProposal([wide(6)], 1, 1, [1], 6, new Uint8Array(6).fill(1));
    six.logDensity(Float64Array.from([0.02, 0.97, 0.5, 0.1, 0.85, 0.3]), 0);
    expect(six.truncatedDensities).toBe(0);
    const nine = new ClosingProposal([wide(9)], 1, 1, [1], 9, new Uint8Array(9).fill(1));
    nine.logDensity(Float64Array.from([0.02, 0.97, 0.5, 0.1, 0.85, 0.3, 0.6, 0.45, 0.55]), 0);
    expect(nine.truncatedDensities).toBe(1);
  });

  it('folds a component that reaches beyond a bound, and its density integrates to the mass it can fold into the cube', () => {
    // 1-D Student-t (5 dof) at 0.05, scale 0.08 sqrt(1.2): 30% of it lies below 0, 6e-5 above 1,
    // so it folds at 0 only. The folded density over [0, 1] integrates to P(-1 <= x <= 1).
    const q = new ClosingProposal([component([0.05], [0.08 ** 2], 5)], 1, 1, [1], 1, undefined, undefined, Uint8Array.from([1]));
    expect(q.folded).toEqual([0]);
    const scale = 0.08 * Math.sqrt(1.2);
    const n = 20000;
    const point = new Float64Array(1);
    let integral = 0;
    for (let i = 0; i < n; i++) {
      point[0] = (i + 0.5) / n;
      integral += Math.exp(q.logDensity(point, 0)) / n;
    }
    const foldable = jstat.jStat.studentt.cdf(0.95 / scale, 5) - jstat.jStat.studentt.cdf(-1.05 / scale, 5);
    expect(Math.abs(integral - foldable)).toBeLessThan(1e-6);
    // Every draw that is kept lies in the cube, and their share is that mass (binomial, 4 sd).
    const rng = new RandomGenerator(3);
    const z = new Float64Array(1);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if (!q.draw(point, 0, rng, z)) continue;
      kept++;
      expect(point[0]).toBeGreaterThanOrEqual(0);
      expect(point[0]).toBeLessThanOrEqual(1);
    }
    expect(Math.abs(kept / n - foldable)).toBeLessThan(4 * Math.sqrt((foldable * (1 - foldable)) / n));
  });

  it('sums exactly the images its reflections come from, with a correlated component folded at both bounds and a periodic coordinate', () => {
    const d = 4;
    // Coordinate 0 reaches below 0, coordinate 1 above 1, coordinate 2 stays inside; 0 and 1
    // correlated. Coordinate 3 is periodic, the components near its seam.
    const cov = [0.01, 0.006, 0, 0, 0.006, 0.01, 0, 0, 0, 0, 0.0004, 0, 0, 0, 0, 0.0025];
    const comps = [component([0.04, 0.95, 0.5, 0.97], cov, 6), component([0.1, 0.9, 0.52, 0.02], cov, 12)];
    const periodic = Uint8Array.from([0, 0, 0, 1]);
    const folded = new ClosingProposal(comps, 2, 1, [0.6, 0.4], d, periodic, undefined, Uint8Array.from([1, 1, 1, 0]));
    const plain = new ClosingProposal(comps, 2, 1, [0.6, 0.4], d, undefined);
    expect(folded.folded).toEqual([0, 1]);
    const rng = new RandomGenerator(5);
    const z = new Float64Array(d);
    const point = new Float64Array(d);
    const image = new Float64Array(d);
    for (let i = 0; i < 200; i++) {
      if (!folded.draw(point, 0, rng, z)) continue;
      expect(point[3]).toBeGreaterThanOrEqual(0);
      expect(point[3]).toBeLessThan(1);
      // Images: u0 or -u0 (folds at 0), u1 or 2 - u1 (folds at 1), u3 + k for k = -3..3 (wraps;
      // where u3 lies mid-period, far from both components, those 2 periods away still add 1e-5).
      const terms: number[] = [];
      for (const a of [point[0], -point[0]]) {
        for (const b of [point[1], 2 - point[1]]) {
          for (const c of [-3, -2, -1, 0, 1, 2, 3].map((k) => point[3] + k)) {
            image.set([a, b, point[2], c]);
            terms.push(plain.logDensity(image, 0));
          }
        }
      }
      const max = Math.max(...terms);
      const all = max + Math.log(terms.reduce((t, v) => t + Math.exp(v - max), 0));
      // Periodic images whose terms are bounded by e^-16 of the point's density are left out.
      expect(Math.abs(folded.logDensity(point, 0) - all)).toBeLessThan(1e-6);
    }
  });

  it('matches a posterior cut by a bound: an 8-D half-normal, unbiased and with most draws useful', () => {
    // Target: N(0, 0.2^2) in each coordinate, cut at 0 by the cube, so Z = 0.5^8 (mass above 1
    // is 3e-7 per coordinate). The component is the moments of that half-normal, as a fit gives.
    const d = 8;
    const s = 0.2;
    const mean = Array(d).fill(s * Math.sqrt(2 / Math.PI));
    const sd = s * Math.sqrt(1 - 2 / Math.PI);
    const comp = component(mean, diag(Array(d).fill(sd)), 30);
    const bounded = new Uint8Array(d).fill(1);
    const q = new ClosingProposal([comp], 1, 1, [1], d, undefined, undefined, bounded);
    const truncated = new ClosingProposal([comp], 1, 1, [1], d, undefined);
    const logL = (u: Float64Array, o: number) => logNormal(u, o, Array(d).fill(0), s);
    const trueLogZ = d * Math.log(0.5);
    for (const seed of [1, 2, 3, 4]) {
      const rng = new RandomGenerator(seed);
      const z = new Float64Array(d);
      const m = 4000;
      const u = new Float64Array(m * d);
      const logw = new Float64Array(m).fill(-Infinity);
      for (let i = 0; i < m; i++) if (q.draw(u, i * d, rng, z)) logw[i] = logL(u, i * d) - q.logDensity(u, i * d);
      const e = closingEstimate(logw);
      // 3.5 standard errors for each of four seeds.
      expect(Math.abs(e.logz - trueLogZ)).toBeLessThan(3.5 * e.logzErr);
      // ESS per draw about 0.55 folded (BENCHMARKS.md, session 14); 0.11 when what leaves is discarded.
      expect(e.ess / e.draws).toBeGreaterThan(0.45);
      const t = sample(truncated, logL, d, m, seed);
      expect(t.ess / t.draws).toBeLessThan(0.2);
    }
  });

  it('folds fewer coordinates when the images of all would cost too much', () => {
    // Ten coordinates against 0: 2^10 images, over the budget of 256, so the eight with the most
    // mass beyond the bound fold (here the ones whose means sit closest to it).
    const d = 10;
    const mean = Array.from({ length: d }, (_, j) => 0.02 + 0.002 * j);
    const q = new ClosingProposal([component(mean, diag(Array(d).fill(0.05)), 10)], 1, 1, [1], d, undefined, undefined, new Uint8Array(d).fill(1));
    expect(q.folded).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('widens less in more dimensions, so that the widening costs the same share of the draws', () => {
    for (const d of [1, 2, 5, 10]) expect(closingInflation(d)).toBe(1.2);
    // ESS per draw of a Gaussian target from a Gaussian c times as wide: ((2c - 1) / c^2)^(d / 2).
    for (const d of [10, 16, 25, 50, 100, 200, 1000]) {
      const c = closingInflation(d);
      expect(((2 * c - 1) / c ** 2) ** (d / 2)).toBeGreaterThan(0.82);
      expect(((2 * c - 1) / c ** 2) ** (d / 2)).toBeLessThan(0.88);
    }
  });

  it('gives draws from several proposals in fixed numbers the error of the deterministic mixture: the spread within each', () => {
    // 1-D target N(0, 1) on R; 3,000 draws from N(0, 1.2^2) and 1,000 from N(6, 1), every draw
    // weighted by the mixture 0.75 q1 + 0.25 q2. Over 400 repetitions the stratified error matches
    // the scatter of log Z; the plain one, which adds the spread between the two proposals' mean
    // weights (the second's draws land where the target is thin), overstates it.
    const logN = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s * Math.sqrt(2 * Math.PI));
    const rng = new RandomGenerator(11);
    const estimates: number[] = [];
    let stratified = 0;
    let plain = 0;
    const reps = 400;
    for (let r = 0; r < reps; r++) {
      const logw = new Float64Array(4000);
      const strata = new Int32Array(4000);
      for (let i = 0; i < 4000; i++) {
        const second = i >= 3000;
        const x = second ? 6 + rng.normal() : 1.2 * rng.normal();
        strata[i] = second ? 1 : 0;
        const logq = Math.log(0.75 * Math.exp(logN(x, 0, 1.2)) + 0.25 * Math.exp(logN(x, 6, 1)));
        logw[i] = logN(x, 0, 1) - logq;
      }
      const e = closingEstimate(logw, strata);
      estimates.push(e.logz);
      stratified += e.logzErr ** 2 / reps;
      plain += closingEstimate(logw).logzErr ** 2 / reps;
    }
    const mean = estimates.reduce((a, b) => a + b, 0) / reps;
    const scatter = estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (reps - 1);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(scatter / reps));
    // The variance of a variance estimate from 400 samples is within about 15% (2 sigma).
    expect(stratified / scatter).toBeGreaterThan(0.85);
    expect(stratified / scatter).toBeLessThan(1.15);
    expect(plain / scatter).toBeGreaterThan(1.3);
  });

  it('says nothing when no draw has a positive weight', () => {
    const e = closingEstimate(new Float64Array(50).fill(-Infinity));
    expect(e.logz).toBe(-Infinity);
    expect(e.logzErr).toBe(Infinity);
    expect(e.ess).toBe(0);
  });
});
