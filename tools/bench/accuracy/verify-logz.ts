// Computes every problem's log Z independently of the sampler (analytic formulas and
// quadratures written here) and compares it with the value pinned in the problem's file.
// `npm run bench -- accuracy --verify [--export-points file.json]`; takes about a minute.
// The second, independent check is peers/verify_logz.py (scipy), which also compares its numpy
// likelihoods with these at the exported points.
import { writeFileSync } from 'node:fs';
import { accuracyProblems } from './problems/index.js';
import { logLikelihoodAt, type AccuracyProblem } from './problem.js';
import { compositeGaussLegendre, erf, LOG_2PI, logBeta as logBetaOf, logGamma as logGammaOf, LogSum, normalCdf, normalInterval } from './numerics.js';
import { periodSearchData, PERIOD_BOUNDS, mulberry32 } from './problems/period-search.js';
import { BETA_SHAPES } from './problems/ultranest.js';
import { correlatedStudent } from './problems/heavy-tails.js';
import { EIGHT_SCHOOLS, EIGHT_SCHOOLS_PRIOR } from './problems/hierarchical.js';
import { TWISTED_BOX } from './problems/twisted-gaussian.js';
import { himmelblauQuadrature, manyModesComponents } from './problems/unseen.js';
import { LABEL_SWITCH, labelSwitchData, LOGISTIC, logisticData, softplus, TORUS } from './problems/unseen-4.js';
import { SIMPLEX_COUNTS, WIDE_PRIOR } from './problems/unseen-5.js';
import { EIGHT_SCHOOLS_NC_PRIOR, GAUSS_MIX, LINEAR_REGRESSION, linearRegressionData, MEAN_SCALE, meanScaleData, MULTI_STUDENT, multiStudentScale, PRIOR_TAIL, WEDDING_CAKE } from './problems/unseen-3.js';

interface Check {
  /** What was computed. */
  method: string;
  logz: number;
  /** Extra numbers worth pinning (mode weights). */
  extra?: Record<string, number>;
}

/** log P(box) for N(mu_j, 1) coordinates, minus the box volume: the unit Gaussian's log Z. */
function unitGaussianLogZ(d: number): Check[] {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const mu = j % 2 ? -0.5 : 0.5;
    s += Math.log(normalInterval(-10 - mu, 10 - mu));
  }
  return [{ method: 'product of normal box masses', logz: s - d * Math.log(20) }];
}

/**
 * A zero-mean Gaussian with covariance matrix `correlation(i, j)` (unit variances, or below 1 as
 * for pancake-d) under U(-10, 10)^d: -d ln 20 with the union bound on the box loss, and a dense
 * Cholesky of C against the problem's own (structured, O(d)) likelihood at a fixed point.
 */
function denseGaussianLogZ(p: AccuracyProblem, correlation: (i: number, j: number) => number): Check[] {
  const d = p.nDim;
  const C = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) C[i * d + j] = correlation(i, j);
  const x = Float64Array.from({ length: d }, (_, j) => Math.sin(1 + 3 * j));
  const { logDet, quad } = choleskyForms(C, d, x);
  const dense = -0.5 * d * LOG_2PI - 0.5 * logDet - 0.5 * quad;
  const mismatch = Math.abs(dense - logLikelihoodAt(p, x));
  const boxLoss = 2 * d * normalCdf(-10);
  return [{ method: `-d ln 20, box loss < ${boxLoss.toExponential(1)}; dense-Cholesky likelihood mismatch ${mismatch.toExponential(1)}`, logz: -d * Math.log(20) + Math.log1p(-boxLoss) }];
}

function twoGaussiansLogZ(d: number, small = 0.33): Check[] {
  const mass = (c: number) => d * Math.log(normalInterval(-10 - c, 10 - c));
  const z = Math.log(small * Math.exp(mass(2)) + (1 - small) * Math.exp(mass(-2)));
  return [{ method: 'mixture box masses (normal CDFs)', logz: z - d * Math.log(20), extra: { misassigned: normalCdf(-2 * Math.sqrt(d)) } }];
}

/** Egg-box: midpoint rule on G x G nodes over [0, 10 pi]^2. */
function eggBoxLogZ(G: number): Check {
  const c = new Float64Array(G);
  for (let i = 0; i < G; i++) c[i] = Math.cos(((i + 0.5) * 10 * Math.PI) / G / 2);
  const max = 3 ** 5;
  let sum = 0;
  for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) sum += Math.exp((2 + c[i] * c[j]) ** 5 - max);
  return { method: `midpoint rule ${G}^2`, logz: max + Math.log(sum / (G * G)) };
}

/** Gaussian shells: each shell in polar coordinates about its centre, the box cut by the angle it removes. */
function shellsPolar(panels: number): Check {
  const r = 2;
  const w = 0.1;
  // Box edge 6 is 2.5 from the nearer centre's x and 9.5 from the other; 6 away in y.
  const gapX = 2.5;
  const density = (rho: number) => Math.exp(-((rho - r) ** 2) / (2 * w * w)) / (Math.sqrt(2 * Math.PI) * w);
  const inside = (rho: number) => 2 * Math.PI - (rho > gapX ? 2 * Math.acos(gapX / rho) : 0);
  let one = 0;
  // [0, 2.5] and [2.5, 2 + 20 w]: the angular factor has a kink at 2.5; beyond 4 the density is < e^-200.
  for (const [a, b] of [[0, gapX], [gapX, r + 20 * w]]) {
    const q = compositeGaussLegendre(a, b, panels, 10);
    for (let k = 0; k < q.nodes.length; k++) one += q.weights[k] * density(q.nodes[k]) * q.nodes[k] * inside(q.nodes[k]);
  }
  return { method: `polar, radial Gauss–Legendre ${panels}x10 per piece`, logz: Math.log((2 * one) / 144) };
}

function shellsCartesian(G: number, p: AccuracyProblem): Check {
  const h = 12 / G;
  const s = new LogSum();
  const row = new Float64Array(2 * G);
  for (let i = 0; i < G; i++) {
    for (let j = 0; j < G; j++) {
      row[2 * j] = -6 + (i + 0.5) * h;
      row[2 * j + 1] = -6 + (j + 0.5) * h;
    }
    const l = p.logLikelihood({ data: row, n: G, d: 2 });
    for (let j = 0; j < G; j++) s.add(l[j]);
  }
  return { method: `Cartesian midpoint ${G}^2 (through the problem's own likelihood)`, logz: s.value + Math.log((h * h) / 144) };
}

/** Rosenbrock pairs: the y-integral of each pair is Gaussian (sd 0.1 about x^2, cut at +-5). */
function rosenbrockPairsLogZ(panels: number, pairs = 5): Check {
  const q = compositeGaussLegendre(-5, 5, panels, 10);
  let z = 0;
  for (let k = 0; k < q.nodes.length; k++) {
    const x = q.nodes[k];
    const yMass = Math.sqrt(2 * Math.PI) * 0.1 * normalInterval((-5 - x * x) / 0.1, (5 - x * x) / 0.1);
    z += q.weights[k] * Math.exp(-0.5 * (1 - x) ** 2) * yMass;
  }
  return { method: `1-D Gauss–Legendre ${panels}x10 over x, y analytic`, logz: pairs * Math.log(z / 100) };
}

/**
 * Rosenbrock chain, log L = -scale f: integrate x_{d-1}, then x_{d-2}, ... on a trapezoid grid of M
 * nodes over [-5, 5] (phi_i(x) = e^{-scale (1-x)^2} int e^{-100 scale (x' - x^2)^2} phi_{i+1}(x') dx'),
 * then Z = int phi_0. Also the mass with x_0 < 0.
 */
function rosenbrockChainLogZ(M: number, d: number, scale: number): Check {
  const h = 10 / (M - 1);
  const x = Float64Array.from({ length: M }, (_, i) => -5 + i * h);
  const w = new Float64Array(M).fill(h);
  w[0] = w[M - 1] = h / 2;
  let phi = new Float64Array(M).fill(1);
  let logScale = 0;
  const band = 1.4 / Math.sqrt(2 * scale); // the kernel is below e^{-98} beyond it
  for (let step = 0; step < d - 1; step++) {
    const next = new Float64Array(M);
    for (let i = 0; i < M; i++) {
      const c = x[i] * x[i];
      const lo = Math.max(0, Math.ceil((c - band + 5) / h));
      const hi = Math.min(M - 1, Math.floor((c + band + 5) / h));
      let s = 0;
      for (let j = lo; j <= hi; j++) s += w[j] * Math.exp(-100 * scale * (x[j] - c) ** 2) * phi[j];
      next[i] = s * Math.exp(-scale * (1 - x[i]) ** 2);
    }
    // Rescale to keep the numbers near 1.
    let m = 0;
    for (let i = 0; i < M; i++) m = Math.max(m, next[i]);
    for (let i = 0; i < M; i++) next[i] /= m;
    logScale += Math.log(m);
    phi = next;
  }
  let total = 0;
  let negative = 0;
  for (let i = 0; i < M; i++) {
    const v = w[i] * phi[i];
    total += v;
    if (x[i] < -h / 2) negative += v;
    else if (Math.abs(x[i]) <= h / 2) negative += v / 2; // the node at 0 is split evenly
  }
  return { method: `transfer operator, trapezoid ${M} nodes`, logz: logScale + Math.log(total) - d * Math.log(10), extra: { secondaryMass: negative / total } };
}

/** Independent numeric check of the LogGamma closed form: Gauss–Legendre of each factor's density over [0, 1]. */
function logGammaNumeric(d = 30): Check {
  const q = compositeGaussLegendre(0, 1, 4000, 10);
  const s = 1 / 30;
  const lg = (x: number, loc: number) => Math.exp((x - loc) / s - Math.exp((x - loc) / s)) / s;
  const nm = (x: number, mu: number) => Math.exp(-0.5 * ((x - mu) / s) ** 2) / (Math.sqrt(2 * Math.PI) * s);
  let m1 = 0;
  let m2 = 0;
  let g = 0;
  let n = 0;
  let low0 = 0;
  for (let k = 0; k < q.nodes.length; k++) {
    const x = q.nodes[k];
    const wk = q.weights[k];
    const f1 = 0.5 * (lg(x, 1 / 3) + lg(x, 2 / 3));
    m1 += wk * f1;
    if (x < 0.5) low0 += wk * f1;
    m2 += wk * 0.5 * (nm(x, 1 / 3) + nm(x, 2 / 3));
    g += wk * lg(x, 2 / 3);
    n += wk * nm(x, 2 / 3);
  }
  let nGamma = 0;
  for (let i = 2; i < d; i++) if (i <= (d + 2) / 2 - 1) nGamma++;
  const logz = Math.log(m1) + Math.log(m2) + nGamma * Math.log(g) + (d - 2 - nGamma) * Math.log(n);
  return { method: 'Gauss–Legendre 4000x10 of each factor on [0, 1]', logz, extra: { lowX0: low0 / m1 } };
}

/**
 * Funnel_20: P(box | v) = E_z0[(Phi((a - sqrt(g) z0)/sqrt(1-g)) - Phi((-a - sqrt(g) z0)/sqrt(1-g)))^(d-1)],
 * a = 10 e^{-v/2}, integrated against N(v; 0, 1) on [-10, 10] by Gauss–Legendre in v and z0.
 */
function funnelLogZ(vPanels: number, zPanels: number, d = 20, gamma = 0.95): Check {
  const qv = compositeGaussLegendre(-10, 10, vPanels, 10);
  const qz = compositeGaussLegendre(-12, 12, zPanels, 10);
  const sg = Math.sqrt(gamma);
  const sr = Math.sqrt(1 - gamma);
  let total = 0;
  for (let i = 0; i < qv.nodes.length; i++) {
    const v = qv.nodes[i];
    const a = 10 * Math.exp(-v / 2);
    let inner = 0;
    for (let k = 0; k < qz.nodes.length; k++) {
      const z0 = qz.nodes[k];
      const p = normalInterval((-a - sg * z0) / sr, (a - sg * z0) / sr);
      inner += qz.weights[k] * Math.exp(-0.5 * z0 * z0 - 0.5 * LOG_2PI + (d - 1) * Math.log(p));
    }
    total += qv.weights[i] * Math.exp(-0.5 * v * v - 0.5 * LOG_2PI) * inner;
  }
  return { method: `Gauss–Legendre ${vPanels}x10 (v) by ${zPanels}x10 (z0)`, logz: Math.log(total) };
}

/** Neal's funnel: int N(v; 0, 9) erf(10 e^{-v/2}/sqrt 2)^(d-1) dv over [-10, 10], minus d ln 20. */
function nealFunnelLogZ(panels: number, d = 10): Check {
  const q = compositeGaussLegendre(-10, 10, panels, 10);
  let total = 0;
  for (let k = 0; k < q.nodes.length; k++) {
    const v = q.nodes[k];
    total += q.weights[k] * Math.exp(-(v * v) / 18 - 0.5 * LOG_2PI - Math.log(3)) * erf((10 * Math.exp(-v / 2)) / Math.SQRT2) ** (d - 1);
  }
  return { method: `Gauss–Legendre ${panels}x10 over v`, logz: Math.log(total) - d * Math.log(20) };
}

/**
 * Period search. sigma is integrated analytically: with s = log10 sigma ~ U(-2, 1) and S the sum
 * of squared residuals, int L ds = (1/ln 10) (2 pi)^{-n/2} (1/2) (2/S)^{n/2} Gamma(n/2) [Q(n/2, S/(2 sigma_hi^2)) - Q(n/2, S/(2 sigma_lo^2))],
 * Q the regularised upper incomplete gamma (a closed finite sum for integer n/2). P and phi by the
 * trapezoid rule (phi periodic), A by composite Gauss–Legendre.
 */
function periodLogZ(nP: number, nPhi: number, aPanels: number): Check {
  const { t, y } = periodSearchData();
  const n = t.length;
  const half = n / 2; // integer: Q has the closed form e^{-x} sum_{k < half} x^k / k!
  const logQ = (x: number) => {
    let term = 1;
    let sum = 1;
    for (let k = 1; k < half; k++) {
      term *= x / k;
      sum += term;
    }
    return -x + Math.log(sum);
  };
  let logGammaHalf = 0;
  for (let k = 2; k < half; k++) logGammaHalf += Math.log(k);
  const sLo = 10 ** PERIOD_BOUNDS.log10Sigma[0];
  const sHi = 10 ** PERIOD_BOUNDS.log10Sigma[1];
  const constant = -Math.log(Math.LN10) - half * LOG_2PI - Math.LN2 + half * Math.LN2 + logGammaHalf - Math.log(3); // includes the 1/3 prior density of s
  const qa = compositeGaussLegendre(PERIOD_BOUNDS.A[0], PERIOD_BOUNDS.A[1], aPanels, 8);
  let yy = 0;
  for (let i = 0; i < n; i++) yy += y[i] * y[i];
  const total = new LogSum();
  const [p0, p1] = PERIOD_BOUNDS.P;
  const hP = (p1 - p0) / (nP - 1);
  const cosPhi = Float64Array.from({ length: nPhi }, (_, k) => Math.cos((2 * Math.PI * k) / nPhi));
  const sinPhi = Float64Array.from({ length: nPhi }, (_, k) => Math.sin((2 * Math.PI * k) / nPhi));
  for (let ip = 0; ip < nP; ip++) {
    const P = p0 + ip * hP;
    const omega = (2 * Math.PI) / P;
    let ys = 0, yc = 0, ss = 0, cc = 0, sc = 0;
    for (let i = 0; i < n; i++) {
      const s = Math.sin(omega * t[i]);
      const c = Math.cos(omega * t[i]);
      ys += y[i] * s; yc += y[i] * c; ss += s * s; cc += c * c; sc += s * c;
    }
    const wP = ip === 0 || ip === nP - 1 ? hP / 2 : hP;
    for (let k = 0; k < nPhi; k++) {
      // sin(wt + phi) = sin(wt) cos(phi) + cos(wt) sin(phi): S(A) = yy - 2 A u + A^2 v.
      const u = cosPhi[k] * ys + sinPhi[k] * yc;
      const v = cosPhi[k] * cosPhi[k] * ss + 2 * cosPhi[k] * sinPhi[k] * sc + sinPhi[k] * sinPhi[k] * cc;
      for (let a = 0; a < qa.nodes.length; a++) {
        const A = qa.nodes[a];
        const S = yy - 2 * A * u + A * A * v;
        // Q(n/2, x) = 1 to 1e-19 below x = 3 and 0 to 1e-80 above x = 300 (n/2 = 30): the cut-offs
        // of the sigma prior only matter for fits far worse than the data's noise.
        const xHi = S / (2 * sLo * sLo);
        const xLo = S / (2 * sHi * sHi);
        const dQ = (xLo < 3 ? 1 : Math.exp(logQ(xLo))) - (xHi > 300 ? 0 : Math.exp(logQ(xHi)));
        total.add(Math.log(wP * qa.weights[a] * ((2 * Math.PI) / nPhi)) - half * Math.log(S) + Math.log(dQ));
      }
    }
  }
  const prior = -Math.log(PERIOD_BOUNDS.A[1] - PERIOD_BOUNDS.A[0]) - Math.log(p1 - p0) - Math.log(2 * Math.PI);
  return { method: `sigma analytic; trapezoid P ${nP}, phi ${nPhi}; Gauss–Legendre A ${aPanels}x8`, logz: constant + prior + total.value };
}

/** The asymmetric Gaussian: the closed form, and Gauss–Legendre of each coordinate's density over its +-12 sigma inside [0, 1]. */
function asymGaussLogZ(d: number): Check[] {
  const sigmaMin = 10 ** (-10 + Math.sqrt(d) / 2);
  let closed = 0;
  let numeric = 0;
  for (let j = 0; j < d; j++) {
    const s = 10 ** (-1 + (j / (d - 1)) * (Math.log10(sigmaMin) + 1));
    const c = (Math.sin(j / 2) * Math.max(1e-20, 1 - 5 * s) + 1) / 2;
    closed += Math.log(normalInterval(-c / s, (1 - c) / s));
    const { nodes, weights } = compositeGaussLegendre(Math.max(0, c - 12 * s), Math.min(1, c + 12 * s), 40, 20);
    let m = 0;
    for (let i = 0; i < nodes.length; i++) m += weights[i] * Math.exp(-0.5 * ((nodes[i] - c) / s) ** 2 - 0.5 * LOG_2PI - Math.log(s));
    numeric += Math.log(m);
  }
  return [{ method: 'product of normal intervals', logz: closed }, { method: 'Gauss–Legendre per coordinate, 40 x 20 nodes over +-12 sigma', logz: numeric }];
}

/**
 * The beta product: each factor x^(a-1) (1-x)^(b-1) / B(a, b) integrated by Gauss–Legendre after the
 * substitutions x = t^(1/p), p = min(a, 1), on [0, 1/2] and the mirror one on [1/2, 1], which
 * remove the singularities at the bounds: a check of the normalising Beta functions (the
 * likelihood itself is compared with scipy's at test points by peers/verify_logz.py).
 */
function betaLogZ(): Check[] {
  let total = 0;
  const half = (a: number, b: number) => {
    // x = t^(1/p): x^(a-1) dx = t^((a-p)/p) dt / p, smooth on [0, 0.5^p].
    const p = Math.min(a, 1);
    const { nodes, weights } = compositeGaussLegendre(0, 0.5 ** p, 40, 20);
    let m = 0;
    for (let i = 0; i < nodes.length; i++) m += (weights[i] * nodes[i] ** ((a - p) / p) * Math.exp((b - 1) * Math.log1p(-(nodes[i] ** (1 / p))))) / p;
    return m;
  };
  BETA_SHAPES.a.forEach((a, j) => {
    const b = BETA_SHAPES.b[j];
    total += Math.log(half(a, b) + half(b, a)) - logBetaOf(a, b);
  });
  return [{ method: 'Gauss–Legendre of each factor, bound singularities removed by substitution', logz: total }];
}

/** The high box: the closed form, and Gauss–Legendre for the normal integrals inside the box and the cube. */
function highBoxLogZ(d: number): Check[] {
  const A = 0.1 * Math.sqrt(2 * Math.PI) * (normalCdf(1) - 0.5);
  const B = 0.1 * Math.sqrt(2 * Math.PI) * (normalCdf(10) - 0.5);
  const integral = (hi: number) => {
    const { nodes, weights } = compositeGaussLegendre(0, hi, 50, 20);
    let s = 0;
    for (let i = 0; i < nodes.length; i++) s += weights[i] * Math.exp(-0.5 * (nodes[i] / 0.1) ** 2);
    return s;
  };
  const a = integral(0.1);
  const b = integral(1);
  const box = new LogSum();
  box.add(100 + d * Math.log(a));
  box.add(Math.log(b ** d - a ** d));
  return [{ method: 'closed form e^100 A^d + B^d - A^d', logz: Math.log(Math.exp(100 + d * Math.log(A) - 100) + Math.exp(Math.log(B ** d - A ** d) - 100)) + 100 }, { method: 'Gauss–Legendre for A and B', logz: box.value }];
}

/** The mass of N(mu, s^2) inside [-10, 10], by Gauss–Legendre over mu ± 12 s within the box. */
function boxNormalMass(mu: number, s: number): number {
  const { nodes, weights } = compositeGaussLegendre(Math.max(-10, mu - 12 * s), Math.min(10, mu + 12 * s), 40, 20);
  let m = 0;
  for (let i = 0; i < nodes.length; i++) m += weights[i] * Math.exp(-0.5 * ((nodes[i] - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
  return m;
}

/** Spike and slab: each component's mass in the box by Gauss–Legendre of its 1-D normal factor. */
function spikeSlabLogZ(d: number, factor: number, offset: number): Check[] {
  const s2 = factor ** (-1 / d);
  const mass = (mu: number, s: number) => boxNormalMass(mu, s) ** d;
  return [{ method: 'Gauss–Legendre of both components per coordinate', logz: Math.log(2 * mass(offset, 1) + 2 * mass(0, s2)) - d * Math.log(20) }];
}

/** Unequal Gaussians: each component's box mass by Gauss–Legendre of its 1-D normal factors. */
function unequalGaussiansLogZ(d: number): Check[] {
  const narrow = boxNormalMass(-4, 0.5) * boxNormalMass(0, 0.5) ** (d - 1);
  const wide = boxNormalMass(4, 1.5) * boxNormalMass(0, 1.5) ** (d - 1);
  return [{ method: 'Gauss–Legendre of each component per coordinate', logz: Math.log(0.2 * narrow + 0.8 * wide) - d * Math.log(20), extra: { narrowWeight: (0.2 * narrow) / (0.2 * narrow + 0.8 * wide) } }];
}

/** Student-t product: Gauss–Legendre of the 1-D density (2 + x^2)^(-3/2) over the box. */
function studentProductLogZ(d: number, L = 50): Check[] {
  const { nodes, weights } = compositeGaussLegendre(-L, L, 400, 20);
  let m = 0;
  for (let i = 0; i < nodes.length; i++) m += weights[i] * (2 + nodes[i] * nodes[i]) ** -1.5;
  return [{ method: 'Gauss–Legendre of one factor over [-50, 50]', logz: d * (Math.log(m) - Math.log(2 * L)) }];
}

/** Gaussian shells from 3-D on: 2 S_{d-1} int rho^(d-1) N(rho; 2, 0.1) d rho / 12^d. */
function shellsRadial(d: number, panels: number): Check {
  const { nodes, weights } = compositeGaussLegendre(0, 4, panels, 20);
  let m = 0;
  for (let k = 0; k < nodes.length; k++) m += weights[k] * nodes[k] ** (d - 1) * Math.exp(-((nodes[k] - 2) ** 2) / 0.02) / (Math.sqrt(2 * Math.PI) * 0.1);
  const logSphere = Math.log(2) + (d / 2) * Math.log(Math.PI) - logGammaOf(d / 2);
  return { method: `radial Gauss–Legendre ${panels}x20`, logz: Math.log(2 * m) + logSphere - d * Math.log(12) };
}

/** The same radial integral, through the problem's likelihood along the ray c + rho e2 (the other shell adds e^-1250). */
function shellsAlongRay(p: AccuracyProblem, panels: number): Check {
  const d = p.nDim;
  const { nodes, weights } = compositeGaussLegendre(0, 4, panels, 20);
  const x = new Float64Array(d * nodes.length);
  for (let k = 0; k < nodes.length; k++) {
    x[k * d] = -3.5;
    x[k * d + 1] = nodes[k];
  }
  const l = p.logLikelihood({ data: x, n: nodes.length, d });
  let m = 0;
  for (let k = 0; k < nodes.length; k++) m += weights[k] * nodes[k] ** (d - 1) * Math.exp(l[k]);
  const logSphere = Math.log(2) + (d / 2) * Math.log(Math.PI) - logGammaOf(d / 2);
  return { method: `through the likelihood along a ray, Gauss–Legendre ${panels}x20`, logz: Math.log(2 * m) + logSphere - d * Math.log(12) };
}

/** Four Gaussians: each component's box mass by Gauss–Legendre of its 1-D factors. */
function fourGaussiansLogZ(d: number): Check[] {
  const m = boxNormalMass(5, 1) * boxNormalMass(0, 1) ** (d - 1);
  return [{ method: 'Gauss–Legendre of a component\'s 1-D factors (all four the same by symmetry)', logz: Math.log(m) - d * Math.log(20), extra: { misassignedToANeighbour: normalCdf(-5 / Math.SQRT2) } }];
}

/** Light modes: a component's box mass by Gauss–Legendre of its 1-D factors (all five alike). */
function lightModesLogZ(d: number): Check[] {
  const m = boxNormalMass(6, 1) * boxNormalMass(0, 1) ** (d - 1);
  return [{ method: 'Gauss–Legendre of a component\'s 1-D factors (all five the same by symmetry)', logz: Math.log(m) - d * Math.log(20), extra: { misassignedToANeighbour: normalCdf(-6 / Math.SQRT2) } }];
}

/** Half Gaussian: the 1-D factor over [0, 5] by Gauss–Legendre. */
function halfGaussianLogZ(d: number): Check[] {
  const { nodes, weights } = compositeGaussLegendre(0, 5, 20, 20);
  let m = 0;
  for (let k = 0; k < nodes.length; k++) m += weights[k] * Math.exp(-0.5 * nodes[k] ** 2) / Math.sqrt(2 * Math.PI);
  return [{ method: 'Gauss–Legendre of the factor over [0, 5]', logz: d * Math.log(m / 5) }];
}

/**
 * Partly constrained Gaussian: the constrained 1-D factor over [-10, 10] by Gauss–Legendre, and
 * the likelihood checked to ignore the other coordinates (its value at random points against the
 * same points with those coordinates negated).
 */
function partlyConstrainedLogZ(p: AccuracyProblem, constrained: number): Check[] {
  const { nodes, weights } = compositeGaussLegendre(-10, 10, 40, 20);
  let m = 0;
  for (let k = 0; k < nodes.length; k++) m += weights[k] * Math.exp(-0.5 * nodes[k] ** 2) / Math.sqrt(2 * Math.PI);
  const d = p.nDim;
  const n = 64;
  const rng = mulberry32(11);
  const a = Float64Array.from({ length: n * d }, () => -10 + 20 * rng());
  const b = a.slice();
  for (let i = 0; i < n; i++) for (let j = constrained; j < d; j++) b[i * d + j] = -b[i * d + j];
  const la = p.logLikelihood({ data: a, n, d });
  const lb = p.logLikelihood({ data: b, n, d });
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(la[i] - lb[i]));
  return [{ method: 'Gauss–Legendre of a constrained factor over [-10, 10]', logz: constrained * Math.log(m / 20), extra: { changeWithUnconstrained: largest } }];
}

/** Scaled Gaussian: each 1-D factor N(1, s_j^2) over [-5, 5] by Gauss–Legendre (within 12 widths of 1). */
function scaledGaussianLogZ(d: number): Check[] {
  let logz = -d * Math.log(10);
  for (let j = 0; j < d; j++) {
    const s = 10 ** (-3 + (3 * j) / (d - 1));
    const { nodes, weights } = compositeGaussLegendre(Math.max(-5, 1 - 12 * s), Math.min(5, 1 + 12 * s), 40, 20);
    let m = 0;
    for (let k = 0; k < nodes.length; k++) m += weights[k] * Math.exp(-0.5 * ((nodes[k] - 1) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    logz += Math.log(m);
  }
  return [{ method: 'Gauss–Legendre of each 1-D factor', logz }];
}

/**
 * Correlated Student-t: the t_5 marginal's mass in [-50, 50] (Gauss–Legendre) with the union
 * bound over coordinates, and the multivariate density's normalisation checked by integrating
 * its 2-D version over [-50, 50]^2 (returned as `normalisation2d`, which should be P(box) ~ 1).
 */
function correlatedStudentLogZ(d: number): Check[] {
  const nu = 5;
  const q1 = compositeGaussLegendre(-50, 50, 400, 20);
  const logC1 = logGammaOf((nu + 1) / 2) - logGammaOf(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  let m = 0;
  for (let k = 0; k < q1.nodes.length; k++) m += q1.weights[k] * Math.exp(logC1 - 0.5 * (nu + 1) * Math.log1p(q1.nodes[k] ** 2 / nu));
  const two = correlatedStudent(2);
  const g = compositeGaussLegendre(-50, 50, 200, 20);
  const n = g.nodes.length;
  const row = new Float64Array(2 * n);
  let z2 = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      row[2 * j] = g.nodes[i];
      row[2 * j + 1] = g.nodes[j];
    }
    const l = two.logLikelihood({ data: row, n, d: 2 });
    for (let j = 0; j < n; j++) z2 += g.weights[i] * g.weights[j] * Math.exp(l[j]);
  }
  // P(box) lies between 1 - d (1 - m) (union bound) and 1.
  return [{ method: 'union bound on the t_5 marginals\' box loss (the lower end)', logz: Math.log(1 - d * (1 - m)) - d * Math.log(100), extra: { marginalLoss: 1 - m, normalisation2d: z2 } }];
}

/**
 * Eight schools: each theta_j integrated in closed form, N(y_j | mu, sigma_j^2 + tau^2) times the
 * mass of theta_j's conditional normal inside its prior, then (mu, tau) by Gauss-Legendre.
 */
function eightSchoolsLogZ(panels: number): Check {
  const { y, sigma } = EIGHT_SCHOOLS;
  const { mu: M, tau: T, theta: H } = EIGHT_SCHOOLS_PRIOR;
  const gm = compositeGaussLegendre(-M, M, panels, 20);
  const gt = compositeGaussLegendre(0, T, panels, 20);
  const sum = new LogSum();
  for (let a = 0; a < gm.nodes.length; a++) {
    const mu = gm.nodes[a];
    for (let b = 0; b < gt.nodes.length; b++) {
      const tau = gt.nodes[b];
      let l = Math.log(gm.weights[a] * gt.weights[b]);
      for (let j = 0; j < y.length; j++) {
        const v = sigma[j] ** 2 + tau * tau;
        const m = (y[j] * tau * tau + mu * sigma[j] ** 2) / v;
        const sd = (sigma[j] * tau) / Math.sqrt(v);
        l += -0.5 * (LOG_2PI + Math.log(v)) - (y[j] - mu) ** 2 / (2 * v) + Math.log(normalInterval((-H - m) / sd, (H - m) / sd));
      }
      sum.add(l);
    }
  }
  return { method: `(mu, tau) by Gauss-Legendre, ${panels} panels of 20 nodes each`, logz: sum.value - Math.log(2 * M) - Math.log(T) - y.length * Math.log(2 * H) };
}

/** The twisted Gaussian: over y_1 by Gauss-Legendre, y_2 given y_1 and the rest by normal intervals. */
function twistedLogZ(d: number, b: number, panels: number): Check {
  const { lo, hi, rest } = TWISTED_BOX;
  const g = compositeGaussLegendre(lo[0], hi[0], panels, 20);
  let mass = 0;
  for (let k = 0; k < g.nodes.length; k++) {
    const y1 = g.nodes[k];
    const c = b * (y1 * y1 - 100);
    mass += g.weights[k] * Math.exp(-0.5 * (y1 / 10) ** 2 - 0.5 * LOG_2PI - Math.log(10)) * normalInterval(lo[1] - c, hi[1] - c);
  }
  const logz = Math.log(mass) + (d - 2) * Math.log(normalInterval(-rest, rest)) - Math.log(hi[0] - lo[0]) - Math.log(hi[1] - lo[1]) - (d - 2) * Math.log(2 * rest);
  return { method: `y_1 by Gauss-Legendre, ${panels} panels of 20 nodes each`, logz };
}

/** The hyperbolic ridges: over x_1 by Gauss-Legendre (both signs alike), x_2 given x_1 by a normal interval. */
function hyperbolaLogZ(d: number, width: number, panels: number): Check {
  const g = compositeGaussLegendre(0, 5, panels, 20);
  let v = 0;
  for (let k = 0; k < g.nodes.length; k++) {
    const a = g.nodes[k];
    v += (g.weights[k] * normalInterval((-5 * a - 1) / width, (5 * a - 1) / width)) / a;
  }
  const logz = Math.log(2 * v) + (d - 2) * Math.log(normalInterval(-5, 5)) - d * Math.log(10);
  return { method: `x_1 by Gauss-Legendre, ${panels} panels of 20 nodes each`, logz };
}

/** A 1-D integral of exp(f) over [a, b] by composite Gauss-Legendre, with panel edges at `kinks`. */
function integrate1d(f: (x: number) => number, a: number, b: number, panels: number, kinks: number[] = []): number {
  const edges = [a, ...kinks.filter((k) => k > a && k < b), b];
  let v = 0;
  for (let e = 0; e + 1 < edges.length; e++) {
    const g = compositeGaussLegendre(edges[e], edges[e + 1], panels, 20);
    for (let k = 0; k < g.nodes.length; k++) v += g.weights[k] * Math.exp(f(g.nodes[k]));
  }
  return v;
}

/** The concentric Gaussians: each component a product of 1-D integrals over [-5, 5]. */
function concentricLogZ(d: number, s: number): Check {
  const one = (w: number) => integrate1d((x) => -0.5 * (x / w) ** 2 - 0.5 * LOG_2PI - Math.log(w), -5, 5, 400, [0]);
  return { method: '1-D Gauss-Legendre per coordinate and component', logz: Math.log(0.5 * one(s) ** d + 0.5 * one(1) ** d) - d * Math.log(10) };
}

/** The pyramid: the max-norm's density d 2^d r^(d-1) e^(-r/s) over [0, 1/2]. */
function pyramidLogZ(d: number, s: number): Check {
  return { method: 'Gauss-Legendre over the max-norm', logz: Math.log(integrate1d((r) => Math.log(d) + d * Math.log(2) + (d - 1) * Math.log(r) - r / s, 0, 0.5, 400)) };
}

/** Product problems: one coordinate's log-likelihood integrated over its box, d times. */
function productLogZ(f: (x: number, j: number) => number, d: number, lo: number, hi: number, kinks: (j: number) => number[]): Check {
  let logz = 0;
  for (let j = 0; j < d; j++) logz += Math.log(integrate1d((x) => f(x, j), lo, hi, 2000, kinks(j)) / (hi - lo));
  return { method: 'Gauss-Legendre per coordinate', logz };
}

/** The twelve Gaussians: 2-D Gauss-Legendre over the unit square, panels fine enough for widths of 0.01. */
function manyModesLogZ(): Check {
  const { centres, widths, weights } = manyModesComponents();
  const g = compositeGaussLegendre(0, 1, 500, 10);
  let z = 0;
  for (let i = 0; i < g.nodes.length; i++) {
    for (let j = 0; j < g.nodes.length; j++) {
      let l = 0;
      for (let k = 0; k < 12; k++) l += (weights[k] / (2 * Math.PI * widths[k] ** 2)) * Math.exp(-0.5 * ((g.nodes[i] - centres[k][0]) ** 2 + (g.nodes[j] - centres[k][1]) ** 2) / widths[k] ** 2);
      z += g.weights[i] * g.weights[j] * l;
    }
  }
  return { method: '2-D Gauss-Legendre, 500 panels of 10 nodes per axis', logz: Math.log(z) };
}

/**
 * The ball: its volume by the recursion V_d = 2 pi r^2 / d V_(d-2) from V_0 = 1 and V_1 = 2r (no
 * Gamma function), and the likelihood along a ray from the cube's centre integrated in polar
 * coordinates, S_(d-1) int rho^(d-1) e^(L) d rho over [0, 1/2] with a panel edge at r (the
 * likelihood is 1 or 0; the ray checks where it steps and that it is 1 inside).
 */
function ballLogZ(p: AccuracyProblem, r: number): Check[] {
  const d = p.nDim;
  let v = d % 2 ? 2 * r : 1;
  for (let k = d % 2 ? 3 : 2; k <= d; k += 2) v *= (2 * Math.PI * r * r) / k;
  // Along the unit vector (1, 2, ..., d) / |.|, not an axis; [0, r] and [r, 1/2] as separate pieces.
  const direction = Array.from({ length: d }, (_, j) => (j + 1) / Math.sqrt((d * (d + 1) * (2 * d + 1)) / 6));
  let m = 0;
  for (const [a, b] of [[0, r], [r, 0.5]]) {
    const { nodes, weights } = compositeGaussLegendre(a, b, 50, 20);
    const x = new Float64Array(d * nodes.length);
    for (let k = 0; k < nodes.length; k++) for (let j = 0; j < d; j++) x[k * d + j] = 0.5 + nodes[k] * direction[j];
    const l = p.logLikelihood({ data: x, n: nodes.length, d });
    for (let k = 0; k < nodes.length; k++) m += weights[k] * nodes[k] ** (d - 1) * Math.exp(l[k]);
  }
  const logSphere = Math.log(2) + (d / 2) * Math.log(Math.PI) - logGammaOf(d / 2);
  return [
    { method: 'recursion V_d = 2 pi r^2 / d V_(d-2) (the ball lies inside the cube)', logz: Math.log(v) },
    { method: 'through the likelihood along an oblique ray, polar Gauss-Legendre with a panel edge at r', logz: logSphere + Math.log(m) },
  ];
}

/**
 * The plateau: in polar coordinates, 4 pi int_0^2 rho^2 max(phi(rho), c) d rho over the ball of
 * radius 2 (where phi >= c) plus c times the rest of the box, the whole over the box's volume.
 */
function plateauLogZ(panels: number): Check {
  const R = 2;
  const phi = (rho: number) => Math.exp(-0.5 * rho * rho) / (2 * Math.PI) ** 1.5;
  const c = phi(R);
  const { nodes, weights } = compositeGaussLegendre(0, R, panels, 20);
  let ball = 0;
  for (let k = 0; k < nodes.length; k++) ball += weights[k] * 4 * Math.PI * nodes[k] ** 2 * Math.max(phi(nodes[k]), c);
  const rest = c * (1000 - (4 / 3) * Math.PI * R ** 3);
  return { method: `radial Gauss-Legendre ${panels}x20 over the ball of radius 2, plus c times the rest of the box`, logz: Math.log((ball + rest) / 1000), extra: { ballWeight: ball / (ball + rest) } };
}

/**
 * The crossing ridges: the closed form -ln 400 less the union bound on the components' mass
 * outside the box (4 Phi(-10)), and a 2-D Gauss-Legendre through the problem's own likelihood,
 * which also splits the mass between same-sign and opposite-sign quadrants.
 */
function crossLogZ(p: AccuracyProblem, panels: number): Check[] {
  const g = compositeGaussLegendre(-10, 10, panels, 10);
  const n = g.nodes.length;
  const row = new Float64Array(2 * n);
  let z = 0;
  let same = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      row[2 * j] = g.nodes[i];
      row[2 * j + 1] = g.nodes[j];
    }
    const l = p.logLikelihood({ data: row, n, d: 2 });
    for (let j = 0; j < n; j++) {
      const v = g.weights[i] * g.weights[j] * Math.exp(l[j]);
      z += v;
      if (g.nodes[i] * g.nodes[j] > 0) same += v;
    }
  }
  const loss = 4 * normalCdf(-10);
  return [
    { method: `-ln 400 (unit normal marginals), box loss < ${loss.toExponential(1)}`, logz: -Math.log(400) + Math.log1p(-loss) },
    { method: `2-D Gauss-Legendre through the likelihood, ${panels} panels of 10 nodes per axis`, logz: Math.log(z / 400), extra: { sameSignWeight: same / z } },
  ];
}

/** The bimodal product: one factor by Gauss-Legendre (all alike), and the first coordinate's mass below 0. */
function bimodalProductLogZ(d: number, s = 0.3): Check {
  const f = (x: number) => Math.log(0.3 * Math.exp(-0.5 * ((x + 2) / s) ** 2) + 0.7 * Math.exp(-0.5 * ((x - 2) / s) ** 2)) - Math.log(s * Math.sqrt(2 * Math.PI));
  const all = integrate1d(f, -10, 10, 2000, [-2, 0, 2]);
  const below = integrate1d(f, -10, 0, 2000, [-2]);
  return { method: 'Gauss-Legendre of one factor over [-10, 10]', logz: d * Math.log(all / 20), extra: { x0Negative: below / all } };
}

/** The twin spikes: Gauss-Legendre over [-1, 1] with panel edges at the spikes, and the mass below 0. */
function twinSpikesLogZ(s = 0.002): Check {
  const f = (x: number) => Math.log(0.3 * Math.exp(-0.5 * ((x + 0.5) / s) ** 2) + 0.7 * Math.exp(-0.5 * ((x - 0.6) / s) ** 2)) - Math.log(s * Math.sqrt(2 * Math.PI));
  const all = integrate1d(f, -1, 1, 2000, [-0.5, 0, 0.6]);
  const below = integrate1d(f, -1, 0, 2000, [-0.5]);
  return { method: 'Gauss-Legendre over [-1, 1], panel edges at the spikes', logz: Math.log(all / 2), extra: { left: below / all } };
}

/** I_m(x) by its power series (x of order 1: a few dozen terms). */
function besselI(m: number, x: number): number {
  let term = (x / 2) ** m / Math.exp(logGammaOf(m + 1));
  let sum = term;
  for (let k = 1; k < 200 && term > 1e-18 * sum; k++) {
    term *= (x * x) / 4 / (k * (k + m));
    sum += term;
  }
  return sum;
}

/**
 * torus-4: the sine model's normaliser by its series in I_m, and by a periodic trapezoid rule on
 * G x G nodes (spectrally accurate for a smooth periodic integrand); each von Mises factor by a
 * 1-D periodic trapezoid rule, which must give 1 with the pinned normalisers.
 */
function torusLogZ(p: AccuracyProblem, G: number): Check[] {
  const { k1, k2, lambda, mu, vonMises } = TORUS;
  let series = 0;
  let binom = 1;
  for (let m = 0; m < 60; m++) {
    if (m > 0) binom *= (2 * (2 * m - 1)) / m;
    series += binom * (lambda * lambda / (4 * k1 * k2)) ** m * besselI(m, k1) * besselI(m, k2);
  }
  const logC = Math.log(4 * Math.PI * Math.PI * series);
  const h = (2 * Math.PI) / G;
  let grid = 0;
  for (let a = 0; a < G; a++) {
    for (let b = 0; b < G; b++) {
      const u = a * h;
      const v = b * h;
      grid += Math.exp(k1 * (Math.cos(u) - 1) + k2 * (Math.cos(v) - 1) + lambda * Math.sin(u) * Math.sin(v));
    }
  }
  const logGrid = Math.log(grid * h * h) + k1 + k2;
  let vmLog = 0;
  for (const c of vonMises) {
    let sum = 0;
    for (let a = 0; a < G; a++) sum += Math.exp(c.kappa * (Math.cos(a * h - c.mu) - 1) - c.logNorm);
    vmLog += Math.log(sum * h);
  }
  // The problem's own likelihood at a point against the formula.
  const x = Float64Array.from([1.1, 5.2, 0.3, 2.9]);
  const direct = k1 * (Math.cos(x[0] - mu[0]) - 1) + k2 * (Math.cos(x[1] - mu[1]) - 1) + lambda * Math.sin(x[0] - mu[0]) * Math.sin(x[1] - mu[1])
    + vonMises.reduce((t, c, j) => t + c.kappa * (Math.cos(x[2 + j] - c.mu) - 1) - c.logNorm, 0);
  const mismatch = Math.abs(direct - logLikelihoodAt(p, x));
  const rest = -k1 - k2 - 4 * Math.log(2 * Math.PI);
  return [
    { method: `series of the sine model's normaliser (Singh et al. 2002); likelihood mismatch ${mismatch.toExponential(1)}`, logz: logC + rest + vmLog },
    { method: `periodic trapezoid, ${G}^2 nodes; the von Mises factors integrate to exp(${vmLog.toExponential(1)})`, logz: logGrid + rest + vmLog },
  ];
}

/**
 * label-switch-3: a 3-D tensor Gauss-Legendre rule over the prior box, with each datum's
 * component densities tabulated per node (the integrand is prod_i (g_i(a) + g_i(b) + g_i(c)),
 * e g_i(mu) = e N(y_i; mu, 1) / 3, the factor e keeping the product in range).
 */
function labelSwitchLogZ(panels: number, order: number): Check {
  const y = labelSwitchData();
  const { nodes, weights } = compositeGaussLegendre(-LABEL_SWITCH.half, LABEL_SWITCH.half, panels, order);
  const K = nodes.length;
  const n = y.length;
  const g = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let a = 0; a < K; a++) g[i * K + a] = (Math.E * Math.exp(-0.5 * (y[i] - nodes[a]) ** 2)) / Math.sqrt(2 * Math.PI) / 3;
  let total = 0;
  for (let c = 0; c < K; c++) {
    for (let b = 0; b < K; b++) {
      const wbc = weights[b] * weights[c];
      for (let a = 0; a < K; a++) {
        let prod = 1;
        for (let i = 0; i < n; i++) prod *= g[i * K + a] + g[i * K + b] + g[i * K + c];
        total += weights[a] * wbc * prod;
      }
    }
  }
  return { method: `3-D Gauss-Legendre, ${panels} panels of ${order} nodes per axis`, logz: Math.log(total) - n - 3 * Math.log(2 * LABEL_SWITCH.half) };
}

/**
 * simplex-K: the likelihood factorises over the stick-breaking fractions, p_k^n_k = b_k^n_k times
 * (1 - b_k)^(counts after k) times what earlier fractions left, and the fractions are independent
 * under the prior (b_k ~ Beta(1, K - k)): Z is the product of 1-D integrals
 * int_0^1 b^n_k (1 - b)^(m_k + K - k - 1) (K - k) db, each by composite Gauss-Legendre.
 */
function simplexLogZ(panels: number): Check {
  const counts = SIMPLEX_COUNTS;
  const k = counts.length;
  let logz = 0;
  for (let j = 0; j < k - 1; j++) {
    const after = counts.slice(j + 1).reduce((a, b) => a + b, 0);
    const { nodes, weights } = compositeGaussLegendre(0, 1, panels, 10);
    let total = 0;
    for (let i = 0; i < nodes.length; i++) total += weights[i] * nodes[i] ** counts[j] * (1 - nodes[i]) ** (after + k - 2 - j) * (k - 1 - j);
    logz += Math.log(total);
  }
  return { method: `product of the stick-breaking factors, Gauss-Legendre, ${panels} panels of 10 nodes`, logz };
}

/** prior-filling-d: each coordinate's normal density integrated over the box by Gauss-Legendre. */
function priorFillingLogZ(d: number, panels: number): Check {
  const { half, tight, loose, centre } = WIDE_PRIOR;
  let logz = 0;
  for (let j = 0; j < d; j++) {
    const s = j < tight.count ? tight.error : loose.error;
    const c = centre(j);
    const { nodes, weights } = compositeGaussLegendre(-half, half, panels, 10);
    let total = 0;
    for (let i = 0; i < nodes.length; i++) total += weights[i] * Math.exp(-0.5 * ((nodes[i] - c) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    logz += Math.log(total / (2 * half));
  }
  return { method: `product of per-coordinate Gauss-Legendre integrals over the box, ${panels} panels of 10 nodes`, logz };
}

/** ordered-d: the nested integral G_k(t) = int_0^t f(s) G_(k-1)(s) ds by cumulative Gauss-Legendre, Z = G_d(1). */
function orderedLogZ(d: number, s: number, panels: number): Check {
  const f = (x: number) => Math.exp(-0.5 * ((x - 0.5) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
  // Every G_k on one uniform grid, so that G_(k-1) is only needed at grid nodes: Simpson's rule
  // over each pair of cells to the even nodes, the trapezoid over one cell to the odd ones.
  const n = 2 * panels;
  const h = 1 / n;
  let G = new Float64Array(n + 1).fill(1);
  for (let k = 0; k < d; k++) {
    const next = new Float64Array(n + 1);
    for (let i = 2; i <= n; i += 2) {
      const t = (x: number, j: number) => f(x) * G[j];
      next[i] = next[i - 2] + (h / 3) * (t((i - 2) * h, i - 2) + 4 * t((i - 1) * h, i - 1) + t(i * h, i));
      // The odd node: Simpson's rule needs pairs, so the trapezoid from the even node before.
      next[i - 1] = next[i - 2] + (h / 2) * (t((i - 2) * h, i - 2) + t((i - 1) * h, i - 1));
    }
    G = next;
  }
  return { method: `nested cumulative integrals G_k(t) = int_0^t f G_(k-1), Simpson on ${n} cells (closed form: d ln(Phi(5) - Phi(-5)) - ln d! = ${(d * Math.log(normalInterval(-5, 5)) - logGammaOf(d + 1)).toFixed(12)})`, logz: Math.log(G[n]) };
}

/**
 * logistic-3: a 3-D tensor Gauss-Legendre rule over the posterior mode +- 12 sd per axis (the
 * mode and sd by Newton's method on the log posterior, prior N(0, 5^2) included).
 */
function logisticLogZ(panels: number, order: number): Check {
  const { X, y } = logisticData();
  const n = y.length;
  const s2 = LOGISTIC.priorSd ** 2;
  const logPost = (b: number[]) => {
    let l = -1.5 * LOG_2PI - 3 * Math.log(LOGISTIC.priorSd) - (0.5 * (b[0] * b[0] + b[1] * b[1] + b[2] * b[2])) / s2;
    for (let i = 0; i < n; i++) {
      const eta = b[0] + b[1] * X[2 * i] + b[2] * X[2 * i + 1];
      l += y[i] * eta - softplus(eta);
    }
    return l;
  };
  const b = [0, 0, 0];
  let H: number[][] = [];
  for (let it = 0; it < 50; it++) {
    const grad = b.map((v) => -v / s2);
    H = [0, 1, 2].map((r) => [0, 1, 2].map((c) => (r === c ? -1 / s2 : 0)));
    for (let i = 0; i < n; i++) {
      const row = [1, X[2 * i], X[2 * i + 1]];
      const eta = row[0] * b[0] + row[1] * b[1] + row[2] * b[2];
      const p = 1 / (1 + Math.exp(-eta));
      for (let r = 0; r < 3; r++) {
        grad[r] += (y[i] - p) * row[r];
        for (let c = 0; c < 3; c++) H[r][c] -= p * (1 - p) * row[r] * row[c];
      }
    }
    const step = solve3(H, grad);
    for (let r = 0; r < 3; r++) b[r] -= step[r];
  }
  const cov = [0, 1, 2].map((c) => solve3(H, [0, 1, 2].map((r) => (r === c ? -1 : 0))));
  const sd = [0, 1, 2].map((j) => Math.sqrt(cov[j][j]));
  const rules = [0, 1, 2].map((j) => compositeGaussLegendre(b[j] - 12 * sd[j], b[j] + 12 * sd[j], panels, order));
  const peak = logPost(b);
  let total = 0;
  const at = [0, 0, 0];
  for (let a = 0; a < rules[0].nodes.length; a++) {
    at[0] = rules[0].nodes[a];
    for (let c = 0; c < rules[1].nodes.length; c++) {
      at[1] = rules[1].nodes[c];
      for (let e = 0; e < rules[2].nodes.length; e++) {
        at[2] = rules[2].nodes[e];
        total += rules[0].weights[a] * rules[1].weights[c] * rules[2].weights[e] * Math.exp(logPost(at) - peak);
      }
    }
  }
  return { method: `3-D Gauss-Legendre over the mode +- 12 sd, ${panels} panels of ${order} nodes per axis`, logz: peak + Math.log(total) };
}

/** x with A x = r for a 3 x 3 matrix A (Cramer's rule). */
function solve3(A: number[][], r: number[]): number[] {
  const det = (M: number[][]) => M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) - M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) + M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]);
  const D = det(A);
  return [0, 1, 2].map((k) => det(A.map((row, i) => row.map((v, j) => (j === k ? r[i] : v)))) / D);
}

export function checksFor(p: AccuracyProblem): Check[] {
  const name = p.name;
  if (name.startsWith('gauss-mix-')) return threeGaussiansLogZ(p);
  if (name.startsWith('gauss-')) return unitGaussianLogZ(p.nDim);
  if (name.startsWith('corr-gauss-')) return denseGaussianLogZ(p, (i, j) => 0.5 ** Math.abs(i - j));
  if (name.startsWith('two-gauss-')) return twoGaussiansLogZ(p.nDim);
  if (name === 'eggbox-2') return [eggBoxLogZ(4000), eggBoxLogZ(6000)];
  if (name === 'shells-2') return [shellsPolar(200), shellsPolar(400), shellsCartesian(3000, p)];
  if (name.startsWith('shells-')) return [shellsRadial(p.nDim, 200), shellsRadial(p.nDim, 400), shellsAlongRay(p, 400)];
  if (name.startsWith('four-gauss-')) return fourGaussiansLogZ(p.nDim);
  if (name.startsWith('equicorr-gauss-')) return denseGaussianLogZ(p, (i, j) => (i === j ? 1 : 0.95));
  if (name.startsWith('light-modes-')) return lightModesLogZ(p.nDim);
  if (name.startsWith('halfgauss-')) return halfGaussianLogZ(p.nDim);
  if (name.startsWith('partial-gauss-')) return partlyConstrainedLogZ(p, 5);
  if (name.startsWith('scales-')) return scaledGaussianLogZ(p.nDim);
  if (name.startsWith('student5-corr-')) return correlatedStudentLogZ(p.nDim);
  if (name.startsWith('rosenbrock-pairs-')) return [rosenbrockPairsLogZ(2000), rosenbrockPairsLogZ(4000)];
  if (name.startsWith('rosenbrock-chain-')) return [rosenbrockChainLogZ(4001, p.nDim, 0.5), rosenbrockChainLogZ(8001, p.nDim, 0.5)];
  if (name.startsWith('rosenbrock-nautilus-')) return [rosenbrockChainLogZ(4001, p.nDim, 1), rosenbrockChainLogZ(8001, p.nDim, 1)];
  if (name.startsWith('loggamma-')) return [logGammaNumeric(p.nDim)];
  if (name.startsWith('funnel-')) return [funnelLogZ(100, 60, p.nDim), funnelLogZ(200, 120, p.nDim)];
  if (name.startsWith('neal-funnel-')) return [nealFunnelLogZ(400, p.nDim), nealFunnelLogZ(800, p.nDim)];
  if (name === 'period-search') return [periodLogZ(4001, 256, 20), periodLogZ(6001, 320, 24)];
  if (name.startsWith('asymgauss-')) return asymGaussLogZ(p.nDim);
  if (name.startsWith('beta-')) return betaLogZ();
  if (name.startsWith('box-')) return highBoxLogZ(p.nDim);
  if (name === 'spikeslab-2') return spikeSlabLogZ(2, 1000, 4);
  if (name === 'spikeslab-4') return spikeSlabLogZ(4, 1000, 4);
  if (name.startsWith('unequal-gauss-')) return unequalGaussiansLogZ(p.nDim);
  if (name.startsWith('student2-')) return studentProductLogZ(p.nDim);
  if (name === 'eight-schools') return [eightSchoolsLogZ(20), eightSchoolsLogZ(40)];
  if (name.startsWith('hyperbola-')) return [hyperbolaLogZ(p.nDim, 0.05, 200), hyperbolaLogZ(p.nDim, 0.05, 400)];
  if (name.startsWith('twisted-gauss-')) return [twistedLogZ(p.nDim, 0.1, 100), twistedLogZ(p.nDim, 0.1, 200)];
  if (name.startsWith('concentric-')) return [concentricLogZ(p.nDim, 0.1)];
  if (name.startsWith('pyramid-')) return [pyramidLogZ(p.nDim, 0.02)];
  if (name.startsWith('cauchy-')) return [productLogZ((x) => Math.log(0.1 / Math.PI / (x * x + 0.01)), p.nDim, -10, 10, () => [0])];
  if (name.startsWith('laplace-')) return [productLogZ((x, j) => -Math.log(0.6) - Math.abs(x - (j % 2 ? -1 : 1)) / 0.3, p.nDim, -10, 10, (j) => [j % 2 ? -1 : 1])];
  if (name.startsWith('narrow-gauss-')) return [productLogZ((x, j) => -0.5 * ((x - [0.31, 0.62, 0.47, 0.83][j]) / 1e-4) ** 2 - 0.5 * LOG_2PI - Math.log(1e-4), p.nDim, 0, 1, (j) => [[0.31, 0.62, 0.47, 0.83][j]])];
  if (name === 'many-modes-2') return [manyModesLogZ()];
  if (name === 'himmelblau-2') {
    const q = himmelblauQuadrature(300);
    return [{ method: 'Gauss-Legendre, 300 panels of 10 nodes per axis', logz: q.logz, extra: Object.fromEntries(q.weights.map((w, k) => [`mode ${k + 1}`, w])) }];
  }
  if (name.startsWith('ar99-gauss-')) return denseGaussianLogZ(p, (i, j) => 0.99 ** Math.abs(i - j));
  if (name.startsWith('ball-')) return ballLogZ(p, 0.3);
  if (name.startsWith('lognormal-')) return [productLogZ((x) => -Math.log(x * Math.sqrt(2 * Math.PI)) - 0.5 * Math.log(x) ** 2, p.nDim, 0, 20, () => [Math.exp(-1), 1])];
  if (name.startsWith('exp-corner-')) return [productLogZ((x) => -Math.log(0.05) - x / 0.05, p.nDim, 0, 1, () => [])];
  if (name === 'plateau-3') return [plateauLogZ(100), plateauLogZ(200)];
  if (name === 'twin-spikes-1') return [twinSpikesLogZ()];
  if (name === 'x-cross-2') return crossLogZ(p, 300);
  if (name.startsWith('pancake-')) return denseGaussianLogZ(p, (i, j) => (i === j ? 1 : 0) - (1 - 1e-6) / p.nDim);
  if (name.startsWith('bimodal-product-')) return [bimodalProductLogZ(p.nDim)];
  if (name.startsWith('linreg-')) return linearRegressionLogZ();
  if (name.startsWith('prior-tail-')) return priorTailLogZ();
  if (name.startsWith('wedding-cake-')) return weddingCakeLogZ(p.nDim);
  if (name.startsWith('mvt3-')) return [multiStudentLogZ(p.nDim, 'log'), multiStudentLogZ(p.nDim, 'scale')];
  if (name === 'mean-scale-2') return [meanScaleLogZ(), meanScale2dLogZ(300)];
  if (name === 'eight-schools-nc') return [eightSchoolsNcLogZ('quantile'), eightSchoolsNcLogZ('log')];
  if (name === 'torus-4') return torusLogZ(p, 400);
  if (name === 'label-switch-3') return [labelSwitchLogZ(60, 6)];
  if (name.startsWith('ordered-')) return [orderedLogZ(p.nDim, 0.1, 20000)];
  if (name === 'logistic-3') return [logisticLogZ(40, 6)];
  if (name.startsWith('simplex-')) return [simplexLogZ(200), simplexLogZ(400)];
  if (name.startsWith('prior-filling-')) return [priorFillingLogZ(p.nDim, 200), priorFillingLogZ(p.nDim, 400)];
  return [];
}

/** Cholesky of the symmetric positive-definite n x n matrix A (row-major): ln det A and b^T A^-1 b. */
function choleskyForms(A: Float64Array, n: number, b: Float64Array): { logDet: number; quad: number } {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j];
    for (let k = 0; k < j; k++) s -= L[j * n + k] ** 2;
    L[j * n + j] = Math.sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j];
      for (let k = 0; k < j; k++) t -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = t / L[j * n + j];
    }
  }
  let logDet = 0;
  let quad = 0;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    logDet += 2 * Math.log(L[i * n + i]);
    let t = b[i];
    for (let k = 0; k < i; k++) t -= L[i * n + k] * z[k];
    z[i] = t / L[i * n + i];
    quad += z[i] * z[i];
  }
  return { logDet, quad };
}

/**
 * The regression's evidence two ways: N(y; 0, s^2 I + t^2 X X^T) by an n x n Cholesky, and from the
 * p x p posterior precision A = X^T X / s^2 + I / t^2 with b = X^T y / s^2:
 * ln Z = -n/2 ln(2 pi s^2) - p ln t - 1/2 ln det A - y^T y / (2 s^2) + b^T A^-1 b / 2.
 */
function linearRegressionLogZ(): Check[] {
  const { n, p, noise: s, priorSd: t } = LINEAR_REGRESSION;
  const { X, y } = linearRegressionData();
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      let v = i === k ? s * s : 0;
      for (let j = 0; j < p; j++) v += t * t * X[i * p + j] * X[k * p + j];
      C[i * n + k] = v;
    }
  }
  const big = choleskyForms(C, n, y);
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < p; l++) {
      let v = j === l ? 1 / (t * t) : 0;
      for (let i = 0; i < n; i++) v += (X[i * p + j] * X[i * p + l]) / (s * s);
      A[j * p + l] = v;
    }
    for (let i = 0; i < n; i++) b[j] += (X[i * p + j] * y[i]) / (s * s);
  }
  const small = choleskyForms(A, p, b);
  const yy = y.reduce((acc, v) => acc + v * v, 0);
  return [
    { method: `n x n Cholesky of s^2 I + t^2 X X^T (${n} x ${n})`, logz: -0.5 * n * LOG_2PI - 0.5 * big.logDet - 0.5 * big.quad },
    { method: `p x p posterior precision (${p} x ${p})`, logz: -0.5 * n * Math.log(2 * Math.PI * s * s) - p * Math.log(t) - 0.5 * small.logDet - yy / (2 * s * s) + 0.5 * small.quad },
  ];
}

/** The prior-conflict problem: each factor N(m; 0, 1 + s^2) in closed form, and by Gauss-Legendre over the clipped prior. */
function priorTailLogZ(): Check[] {
  const { measured, error: s } = PRIOR_TAIL;
  const closed = measured.reduce((acc, m) => acc - 0.5 * Math.log(2 * Math.PI * (1 + s * s)) - (m * m) / (2 * (1 + s * s)), 0);
  const clip = 8.21; // normal(0, 1) at u = 2^-53 and 1 - 2^-53
  const numeric = measured.reduce((acc, m) => acc + Math.log(integrate1d((x) => -LOG_2PI - Math.log(s) - 0.5 * x * x - 0.5 * ((x - m) / s) ** 2, -clip, clip, 2000, [m - 1, m + 1])), 0);
  return [
    { method: 'closed form: sum_j ln N(m_j; 0, 1 + s^2)', logz: closed },
    { method: 'Gauss-Legendre of each factor over the prior\'s clipped range (+-8.21 sd)', logz: numeric },
  ];
}

/** The wedding cake: the shells' volumes times their likelihoods, and by parts over the nested cubes. */
function weddingCakeLogZ(d: number): Check[] {
  const { levels: n, width: w } = WEDDING_CAKE;
  const like = (i: number) => (i >= n ? 0 : Math.exp(-(i * i) / (2 * w * w)));
  let shells = 0;
  let parts = 0;
  for (let i = 0; i < n; i++) {
    shells += (((i + 1) / n) ** d - (i / n) ** d) * like(i);
    parts += ((i + 1) / n) ** d * (like(i) - like(i + 1));
  }
  return [
    { method: 'shell volumes ((i + 1)^d - i^d) / n^d times e^(-i^2 / 2w^2)', logz: Math.log(shells) },
    { method: 'by parts: cube volumes ((i + 1) / n)^d times the drops in L', logz: Math.log(parts) },
  ];
}

/**
 * The multivariate Student-t's box mass: with g = chi2_nu / nu, x = z s / sqrt(g) for z ~ N(0, I),
 * so P(box) = E_g[prod_j erf(L sqrt(g) / (s_j sqrt 2))]. Integrated in t = ln g, or in the scale
 * v = 1 / sqrt(g) (g = v^-2, dg = 2 v^-3 dv).
 */
function multiStudentLogZ(d: number, variable: 'log' | 'scale'): Check {
  const { dof: nu, half: L } = MULTI_STUDENT;
  const logDensityG = (g: number) => 0.5 * nu * Math.log(nu / 2) - logGammaOf(nu / 2) + (nu / 2 - 1) * Math.log(g) - (nu * g) / 2;
  const logInside = (g: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.log(erf((L * Math.sqrt(g)) / (multiStudentScale(j, d) * Math.SQRT2)));
    return s;
  };
  const mass = variable === 'log'
    ? integrate1d((t) => logDensityG(Math.exp(t)) + t + logInside(Math.exp(t)), -40, 7, 4000)
    : integrate1d((v) => logDensityG(v ** -2) + Math.log(2) - 3 * Math.log(v) + logInside(v ** -2), 1e-3, 60, 4000, [0.5, 2, 5, 10]);
  return { method: variable === 'log' ? 'E_g of the box mass, Gauss-Legendre in ln g' : 'E_g of the box mass, Gauss-Legendre in the scale 1 / sqrt(g)', logz: Math.log(mass) - d * Math.log(2 * L) };
}

/** The three Gaussians: -d ln 20 with the union bound on the box loss; each component's likelihood against a dense Cholesky. */
function threeGaussiansLogZ(p: AccuracyProblem): Check[] {
  const d = p.nDim;
  let loss = 0;
  let mismatch = 0;
  const x = Float64Array.from({ length: d }, (_, j) => 0.3 * Math.sin(1 + 3 * j));
  for (const c of GAUSS_MIX) {
    for (let j = 0; j < d; j++) loss += c.weight * (normalCdf(-(10 - c.centre(j)) / c.scale) + normalCdf(-(10 + c.centre(j)) / c.scale));
    // The component alone at a point next to its centre (the others' share there is below 1e-30).
    const C = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) C[i * d + j] = c.scale * c.scale * c.rho ** Math.abs(i - j);
    const at = Float64Array.from(x, (v, j) => c.centre(j) + v);
    const dense = choleskyForms(C, d, x);
    const expected = Math.log(c.weight) - 0.5 * d * LOG_2PI - 0.5 * dense.logDet - 0.5 * dense.quad;
    mismatch = Math.max(mismatch, Math.abs(expected - logLikelihoodAt(p, at)));
  }
  return [{ method: `-d ln 20, box loss < ${loss.toExponential(1)}; dense-Cholesky likelihood mismatch ${mismatch.toExponential(1)}`, logz: -d * Math.log(20) + Math.log1p(-loss), extra: Object.fromEntries(GAUSS_MIX.map((c, k) => [`mode ${k + 1}`, c.weight])) }];
}

/** ln p(y | sigma) with mu ~ N(0, t^2) integrated out: N(y; 0, sigma^2 I + t^2 J), via Sherman-Morrison. */
function meanMarginal(y: Float64Array, sigma: number, t: number): number {
  const n = y.length;
  const s2 = sigma * sigma;
  const sum = y.reduce((a, v) => a + v, 0);
  const sumSq = y.reduce((a, v) => a + v * v, 0);
  const c = s2 + n * t * t;
  return -0.5 * n * LOG_2PI - (n - 1) * Math.log(sigma) - 0.5 * Math.log(c) - 0.5 * (sumSq / s2 - (t * t * sum * sum) / (s2 * c));
}

/** The mean and scale: mu in closed form, ln sigma by Gauss-Legendre (the log-uniform prior is uniform in ln sigma). */
function meanScaleLogZ(): Check {
  const y = meanScaleData();
  const { priorSd, scaleLow: a, scaleHigh: b } = MEAN_SCALE;
  const width = Math.log(b / a);
  const z = integrate1d((ls) => meanMarginal(y, Math.exp(ls), priorSd) - Math.log(width), Math.log(a), Math.log(b), 2000);
  return { method: 'mu in closed form, ln sigma by Gauss-Legendre', logz: Math.log(z) };
}

/** The mean and scale by 2-D Gauss-Legendre over (mu, ln sigma), the normal prior on mu clipped at +-8.21 sd. */
function meanScale2dLogZ(panels: number): Check {
  const y = meanScaleData();
  const { priorSd: t, scaleLow: a, scaleHigh: b } = MEAN_SCALE;
  const mus = compositeGaussLegendre(-8.21 * t, 8.21 * t, panels, 20);
  const lss = compositeGaussLegendre(Math.log(a), Math.log(b), panels, 20);
  const width = Math.log(b / a);
  const acc = new LogSum();
  for (let i = 0; i < mus.nodes.length; i++) {
    const mu = mus.nodes[i];
    const logPriorMu = -0.5 * LOG_2PI - Math.log(t) - 0.5 * (mu / t) ** 2 + Math.log(mus.weights[i]);
    for (let k = 0; k < lss.nodes.length; k++) {
      const sigma = Math.exp(lss.nodes[k]);
      let q = 0;
      for (const v of y) q += ((v - mu) / sigma) ** 2;
      acc.add(logPriorMu + Math.log(lss.weights[k] / width) - y.length * (0.5 * LOG_2PI + lss.nodes[k]) - 0.5 * q);
    }
  }
  return { method: `2-D Gauss-Legendre over (mu, ln sigma), ${panels} panels of 20 per axis`, logz: acc.value };
}

/**
 * The eight schools with standard priors: given tau, y ~ N(0, V + s^2 1 1^T) with V = diag(sigma_j^2 +
 * tau^2) and s = 5 (mu and the thetas integrated), by Sherman-Morrison; then tau over the
 * half-Cauchy, by Gauss-Legendre in its quantile u (tau = 5 tan(pi u / 2)) or in ln tau.
 */
function eightSchoolsNcLogZ(variable: 'quantile' | 'log'): Check {
  const { y, sigma } = EIGHT_SCHOOLS;
  const { muSd: s, tauScale: c } = EIGHT_SCHOOLS_NC_PRIOR;
  const logMarginal = (tau: number) => {
    let logDet = 0;
    let a = 0;
    let b = 0;
    let q = 0;
    y.forEach((yj, j) => {
      const v = sigma[j] ** 2 + tau * tau;
      logDet += Math.log(v);
      a += 1 / v;
      b += yj / v;
      q += (yj * yj) / v;
    });
    const k = 1 + s * s * a;
    return -0.5 * y.length * LOG_2PI - 0.5 * (logDet + Math.log(k)) - 0.5 * (q - (s * s * b * b) / k);
  };
  const z = variable === 'quantile'
    ? integrate1d((u) => logMarginal(c * Math.tan((Math.PI / 2) * u)), 0, 1, 4000)
    : integrate1d((t) => logMarginal(Math.exp(t)) + Math.log(2 / (Math.PI * c)) - Math.log1p((Math.exp(t) / c) ** 2) + t, -30, 40, 4000);
  return { method: variable === 'quantile' ? 'thetas and mu in closed form, tau by Gauss-Legendre in the half-Cauchy quantile' : 'thetas and mu in closed form, tau by Gauss-Legendre in ln tau', logz: Math.log(z) };
}

/** Likelihood values at a few points per problem, for peers/verify_logz.py to compare its numpy versions with. */
function exportPoints(path: string): void {
  const rng = mulberry32(7);
  const out: Record<string, { x: number[][]; logl: number[] }> = {};
  for (const p of accuracyProblems()) {
    const xs: number[][] = [];
    const ls: number[] = [];
    for (let k = 0; k < 12; k++) {
      // Half from the prior, half pulled towards the box centre (larger likelihoods).
      const u = Float64Array.from({ length: p.nDim }, () => (k < 6 ? rng() : 0.45 + 0.1 * rng()));
      const x = p.priorTransform(u);
      xs.push(Array.from(x));
      ls.push(logLikelihoodAt(p, x));
    }
    out[p.name] = { x: xs, logl: ls };
  }
  const { t, y } = periodSearchData();
  // JSON has no infinities (ball-5's log-likelihood is -Infinity outside the ball): they go as strings, which Python's float() reads.
  const infinitiesAsStrings = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
  writeFileSync(path, JSON.stringify({ points: out, periodData: { t: Array.from(t), y: Array.from(y) } }, infinitiesAsStrings));
  console.log(`wrote likelihood test points to ${path}`);
}

/**
 * Prints, per problem, each independent computation of log Z next to the pinned value.
 * @param names - problems to check (all when empty)
 * @param exportPath - also write likelihood test points here
 * @returns true when every check agrees with the pinned value to 2e-4
 */
export function verifyLogZ(names: string[] = [], exportPath?: string): boolean {
  if (exportPath) exportPoints(exportPath);
  let ok = true;
  console.log('| problem | d | pinned log Z | independent value | difference | method |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const p of accuracyProblems()) {
    if (names.length && !names.includes(p.name)) continue;
    for (const c of checksFor(p)) {
      const diff = c.logz - p.trueLogZ;
      const good = Math.abs(diff) < 2e-4;
      ok &&= good;
      const extra = c.extra ? ` [${Object.entries(c.extra).map(([k, v]) => `${k} ${v.toPrecision(6)}`).join(', ')}]` : '';
      console.log(`| ${p.name} | ${p.nDim} | ${p.trueLogZ.toFixed(6)} | ${c.logz.toFixed(6)} | ${diff.toExponential(1)}${good ? '' : ' MISMATCH'} | ${c.method}${extra} |`);
    }
    if (p.modes) console.log(`|  |  | mode weights | ${p.modes.weights.map((w) => w.toPrecision(6)).join(', ')} |  |  |`);
  }
  return ok;
}
