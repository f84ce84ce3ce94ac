// Model comparison with the evidence: is there a quadratic term in these data, or is a straight
// line enough? We fit both models to the same 30 points (drawn from a line, noise sd 0.2 known)
// and compare their evidences. ln B = log Z_line - log Z_quadratic > 0 favours the line.
// Run with `npx tsx --conditions=@tempest/source examples/model-comparison.ts`. In your own project, save it
// as model-comparison.mts (an ES module whatever package.json says, as the top-level await needs), import
// from 'tempest' and run `npx tsx model-comparison.mts`.
import { RandomGenerator, Sampler } from '@tempest/core';

const rng = new RandomGenerator(7);
const sigma = 0.2;
const xs = Array.from({ length: 30 }, (_, i) => -1 + (2 * i) / 29);
const ys = xs.map((x) => 0.5 + 1.2 * x + sigma * rng.normal());

// A polynomial model of degree `k - 1`: coefficients c_0..c_{k-1}, each ~ U(-5, 5).
function model(k: number) {
  return {
    nDim: k,
    priorTransform: (u: Float64Array) => u.map((v) => 10 * v - 5),
    logLikelihood: (c: Float64Array) => {
      let chi2 = 0;
      for (let i = 0; i < xs.length; i++) {
        let f = 0;
        for (let j = k - 1; j >= 0; j--) f = f * xs[i] + c[j];
        chi2 += ((ys[i] - f) / sigma) ** 2;
      }
      return -0.5 * chi2 - xs.length * Math.log(sigma * Math.sqrt(2 * Math.PI));
    },
  };
}

// For a linear model with Gaussian noise the evidence is exact (the posterior lies far inside the
// prior box): log Z = log L_max + (k/2) ln 2 pi - (1/2) ln det(A) - k ln 10, A = X^T X / sigma^2.
function exactLogZ(k: number): number {
  const A = Array.from({ length: k }, (_, a) => Array.from({ length: k + 1 }, (_, b) =>
    xs.reduce((s, x, i) => s + x ** a * (b < k ? x ** b : ys[i]), 0) / sigma ** 2));
  let logDet = 0;
  for (let p = 0; p < k; p++) { // Gaussian elimination on [A | X^T y / sigma^2]
    logDet += Math.log(A[p][p]);
    for (let r = p + 1; r < k; r++) for (let q = k; q >= p; q--) A[r][q] -= (A[r][p] / A[p][p]) * A[p][q];
  }
  const c = new Float64Array(k);
  for (let p = k - 1; p >= 0; p--) c[p] = (A[p][k] - A[p].slice(p + 1, k).reduce((s, v, j) => s + v * c[p + 1 + j], 0)) / A[p][p];
  return model(k).logLikelihood(c) + (k / 2) * Math.log(2 * Math.PI) - 0.5 * logDet - k * Math.log(10);
}

const evidence: Record<string, { logz: number; logzErr: number }> = {};
for (const [name, k] of [['line', 2], ['quadratic', 3]] as const) {
  const sampler = new Sampler({ ...model(k), randomState: 1 });
  await sampler.run({ nTotal: 2048 });
  evidence[name] = sampler.evidence();
  const { logz, logzErr } = evidence[name];
  console.log(`log Z (${name.padEnd(9)}) = ${logz.toFixed(3)} ± ${logzErr.toFixed(3)}   exact ${exactLogZ(k).toFixed(3)}`);
}

// The two runs are independent, so their errors add in quadrature.
const lnB = evidence.line.logz - evidence.quadratic.logz;
const lnBErr = Math.hypot(evidence.line.logzErr, evidence.quadratic.logzErr);
console.log(`ln B (line vs quadratic) = ${lnB.toFixed(3)} ± ${lnBErr.toFixed(3)}   exact ${(exactLogZ(2) - exactLogZ(3)).toFixed(3)}`);
// Both models fit equally well (the quadratic term comes out near 0); the quadratic pays an
// Occam penalty, the log of (prior width / posterior width) of its extra coefficient. On the
// Kass & Raftery scale, ln B of 1-3 is positive evidence, 3-5 strong, above 5 very strong.
console.log(lnB > 0 ? `The data favour the line: odds ${Math.exp(lnB).toFixed(0)} : 1 at equal prior odds.` : 'The data favour the quadratic.');
