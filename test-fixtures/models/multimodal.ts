// Multimodal test problems with known evidence, shared by tests and benchmarks.

const LOG_2PI = Math.log(2 * Math.PI);

function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Two unit-covariance Gaussians in d dimensions with weights 2/3 and 1/3, centred at -2 and
 * +2 in every coordinate (separation 4 sqrt(d) standard deviations), under U(-10, 10)^d. The
 * mixture is normalised and lies inside the box, so log Z = -d ln 20; the posterior mass with
 * x_0 > 0 is 1/3.
 */
export function twoGaussians(d: number) {
  const weights = [2 / 3, 1 / 3];
  const centres = [-2, 2];
  const logLikelihood = (x: Float64Array) => {
    let total = -Infinity;
    for (let k = 0; k < 2; k++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += (x[j] - centres[k]) ** 2;
      total = logAddExp(total, Math.log(weights[k]) - 0.5 * d * LOG_2PI - 0.5 * q);
    }
    return total;
  };
  return {
    nDim: d,
    priorTransform: (u: Float64Array) => u.map((v) => 20 * v - 10),
    logLikelihood,
    trueLogZ: -d * Math.log(20),
    /** Posterior mass of the mode at +2 (the one with weight 1/3). */
    modeFraction: (x: Float64Array) => (x[0] > 0 ? 1 : 0),
    trueFraction: 1 / 3,
  };
}

/**
 * Two 2-D Gaussian shells (radius 2, width 0.1) centred at (-3.5, 0) and (3.5, 0) under
 * U(-6, 6)^2. Each shell integrates to 2 pi (r Phi(r/w) + w phi(r/w)) = 2 pi r to 1e-80, so
 * log Z = ln(2 * 2 pi * 2 / 144) = ln(pi / 18); each shell holds half of the posterior.
 */
export function gaussianShells() {
  const r = 2;
  const w = 0.1;
  const shell = (x: Float64Array, cx: number) => {
    const rho = Math.hypot(x[0] - cx, x[1]);
    return -0.5 * LOG_2PI - Math.log(w) - ((rho - r) ** 2) / (2 * w * w);
  };
  return {
    nDim: 2,
    priorTransform: (u: Float64Array) => u.map((v) => 12 * v - 6),
    logLikelihood: (x: Float64Array) => logAddExp(shell(x, -3.5), shell(x, 3.5)),
    trueLogZ: Math.log(Math.PI / 18),
    modeFraction: (x: Float64Array) => (x[0] > 0 ? 1 : 0),
    trueFraction: 0.5,
  };
}

/**
 * The egg-box of Feroz, Hobson & Bridges (2009, MultiNest): log L = (2 + cos(x/2) cos(y/2))^5
 * on U(0, 10 pi)^2, 18 modes of equal height. log Z = 235.856 (their reference value, which
 * our quadrature reproduces); by symmetry half the posterior lies in x < 5 pi.
 */
export function eggBox() {
  return {
    nDim: 2,
    priorTransform: (u: Float64Array) => u.map((v) => 10 * Math.PI * v),
    logLikelihood: (x: Float64Array) => (2 + Math.cos(x[0] / 2) * Math.cos(x[1] / 2)) ** 5,
    trueLogZ: eggBoxLogZ(),
    modeFraction: (x: Float64Array) => (x[0] < 5 * Math.PI ? 1 : 0),
    trueFraction: 0.5,
  };
}

/**
 * log of the mean of L over the box, by the midpoint rule on a 4000 x 4000 grid: the
 * integrand is smooth and periodic over whole periods, where the rule converges exponentially
 * (the modes are ~0.3 wide, ~40 grid points each).
 */
function eggBoxLogZ(): number {
  const G = 4000;
  const c = new Float64Array(G);
  for (let i = 0; i < G; i++) c[i] = Math.cos(((i + 0.5) * 10 * Math.PI) / G / 2);
  const max = 3 ** 5;
  let sum = 0;
  for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) sum += Math.exp((2 + c[i] * c[j]) ** 5 - max);
  return max + Math.log(sum / (G * G));
}
