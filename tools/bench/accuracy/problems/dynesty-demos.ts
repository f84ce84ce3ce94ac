// Two 2-D classics from dynesty's demos and tests: the egg-box and two Gaussian shells.
import { boxPrior, rowwise, type AccuracyProblem } from '../problem.js';
import { LOG_2PI, logAddExp } from '../numerics.js';

const TWO_PI = 2 * Math.PI;

/** The egg-box peaks: points (2 pi k, 2 pi l) with k, l in 0..5 and k + l even (18 of them). */
function eggBoxPeaks(): { k: number; l: number; weight: number }[] {
  const peaks: { k: number; l: number; weight: number }[] = [];
  for (let k = 0; k <= 5; k++) {
    for (let l = 0; l <= 5; l++) {
      if ((k + l) % 2) continue;
      const edges = Number(k === 0 || k === 5) + Number(l === 0 || l === 5);
      // Full peaks hold 1 unit, peaks on an edge 1/2, in a corner 1/4: 8 + 8/2 + 2/4 = 12.5 units.
      peaks.push({ k, l, weight: 0.5 ** edges / 12.5 });
    }
  }
  return peaks;
}

/**
 * The egg-box of Feroz, Hobson & Bridges (2009, MNRAS 398, 1601): log L = (2 + cos(x/2) cos(y/2))^5
 * on U(0, 10 pi)^2, as in dynesty's tests/test_egg.py (LOGZ_TRUTH 235.856; its demo notebook uses
 * the shifted box [-5 pi, 5 pi]^2, a different problem). The 18 peaks sit on the lattice
 * (2 pi k, 2 pi l), k + l even; a sample belongs to the nearest one (the peak cells are squares
 * |dx| + |dy| <= 2 pi). By the reflection symmetries of L about every peak (and about the box
 * edges, which pass through peaks) each of the 8 interior peaks holds 1/12.5 of the mass, each
 * of the 8 edge peaks half that and the 2 corner peaks a quarter.
 */
export function eggBox(): AccuracyProblem {
  const peaks = eggBoxPeaks();
  const index = new Map(peaks.map((p, i) => [p.k * 6 + p.l, i]));
  return {
    name: 'eggbox-2',
    title: '2-D egg-box, 18 peaks',
    nDim: 2,
    priorTransform: boxPrior(0, 10 * Math.PI),
    logLikelihood: rowwise((x, o) => (2 + Math.cos(x[o] / 2) * Math.cos(x[o + 1] / 2)) ** 5),
    // verify-logz.ts: midpoint rule on 4000^2 and 6000^2 nodes (L's even extension about the box
    // edges is smooth and periodic, so the rule converges exponentially): 235.855940 both, as
    // dynesty's 235.856; peers/verify_logz.py: Gauss–Legendre in scipy agrees.
    trueLogZ: 235.85594,
    logZMethod: '2-D quadrature (midpoint rule, exponentially convergent here; cross-checked with Gauss–Legendre in scipy)',
    modes: {
      labels: peaks.map((p) => `(${2 * p.k}pi, ${2 * p.l}pi)`),
      weights: peaks.map((p) => p.weight),
      assign: (x) => {
        // Nearest point of the lattice 2 pi {(k, l): k + l even}.
        const a = x[0] / TWO_PI;
        const b = x[1] / TWO_PI;
        let k = Math.round(a);
        let l = Math.round(b);
        if ((k + l) % 2 !== 0) {
          if (Math.abs(a - k) > Math.abs(b - l)) k += a > k ? 1 : -1;
          else l += b > l ? 1 : -1;
        }
        k = Math.min(5, Math.max(0, k));
        l = Math.min(5, Math.max(0, l));
        return index.get(k * 6 + l) ?? 0;
      },
    },
    source: 'dynesty tests/test_egg.py and demo "Examples -- Eggbox"; Feroz, Hobson & Bridges (2009)',
    quick: true,
  };
}

/**
 * Two Gaussian shells (dynesty demo "Examples -- Gaussian Shells", after Feroz & Hobson 2008,
 * MNRAS 384, 449, whose Table 1 gives log Z for 2 to 30 dimensions): radius 2, width 0.1, centred
 * at -3.5 e1 and +3.5 e1, each the density N(|x - c|; 2, 0.1) with its 1/sqrt(2 pi) w
 * normalisation, log L the log of their sum, on U(-6, 6)^d. Each shell integrates to
 * S_{d-1} int rho^(d-1) N(rho; 2, 0.1) d rho over R^d (S_{d-1} the unit sphere's area); in 2-D that
 * is 4 pi, so Z ~ 8 pi / 144 = pi / 18 (the demo's -1.75). The box cuts the shells' outer edge at
 * x1 = +-6, 5 widths beyond the shells' reach: a little in 2-D (pinned exactly), under 3e-7 of the
 * mass from 3 dimensions on. Mode: the sign of x_0 (half the mass each, by the mirror symmetry).
 */
export function gaussianShells(d = 2): AccuracyProblem {
  const r = 2;
  const w = 0.1;
  const constant = -0.5 * LOG_2PI - Math.log(w);
  /** log of one shell's density; `q` is the squared distance from the centre off axis 0. */
  const shell = (x0: number, q: number, c: number) => {
    // hypot(a, sqrt(x1^2)) = hypot(a, x1) exactly: the 2-D problem's likelihood is unchanged.
    const rho = Math.hypot(x0 - c, Math.sqrt(q));
    return constant - ((rho - r) * (rho - r)) / (2 * w * w);
  };
  // verify-logz.ts: in 2-D polar quadrature (radial Gauss–Legendre, two resolutions) and a 3000^2
  // Cartesian midpoint grid: -1.745642 all three (ln(pi/18) = -1.7456419: the box cut is below
  // 1e-6); peers/verify_logz.py: scipy dblquad agrees. From 3-D on, the radial integral by
  // Gauss–Legendre at two resolutions, and once more through this likelihood along a ray; scipy
  // quad of the radial integral agrees to 1e-9, and Feroz & Hobson's Table 1 gives -5.67 (5-D),
  // -14.59 (10-D) and -36.09 (20-D).
  const pinned: Record<number, number> = { 2: -1.745642, 5: -5.673601, 10: -14.590491, 20: -36.086548 };
  return {
    name: `shells-${d}`,
    title: `${d}-D Gaussian shells`,
    nDim: d,
    priorTransform: boxPrior(-6, 6),
    logLikelihood: rowwise((x, o) => {
      let q = 0;
      for (let j = 1; j < d; j++) q += x[o + j] * x[o + j];
      return logAddExp(shell(x[o], q, -3.5), shell(x[o], q, 3.5));
    }),
    trueLogZ: pinned[d] ?? Number.NaN,
    logZMethod: d === 2
      ? '2-D quadrature in polar coordinates about each centre (radial Gauss–Legendre, box cut exact); cross-checked by a Cartesian scipy grid'
      : 'radial integral by Gauss–Legendre (two resolutions, and through the likelihood along a ray; box cut < 3e-7); scipy quad; Feroz & Hobson (2008) Table 1',
    modes: { labels: ['x0 < 0', 'x0 > 0'], weights: [0.5, 0.5], assign: (x) => (x[0] > 0 ? 1 : 0) },
    source: d === 2 ? 'dynesty demo "Examples -- Gaussian Shells"; Feroz & Hobson (2008)' : 'Feroz & Hobson (2008), MNRAS 384, 449, the Gaussian shells in higher dimensions (Table 1)',
    quick: d === 2,
  };
}
