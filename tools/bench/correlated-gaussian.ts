import type { ParameterMatrix } from '@tempest/core';

/**
 * A 10-D correlated Gaussian likelihood (AR(1) covariance, rho = 0.9, unit variances) under a
 * uniform prior on [-10, 10]^d, vectorized. The likelihood is a normalised density whose mass
 * lies well inside the box, so log Z = -d ln 20 to within 1e-20.
 */
export function correlatedGaussian(d = 10, rho = 0.9) {
  // Precision of an AR(1) covariance is tridiagonal; its log-determinant is (d - 1) ln(1 - rho^2).
  const diag = new Float64Array(d).fill((1 + rho * rho) / (1 - rho * rho));
  diag[0] = diag[d - 1] = 1 / (1 - rho * rho);
  const off = -rho / (1 - rho * rho);
  const logNorm = -0.5 * d * Math.log(2 * Math.PI) - 0.5 * (d - 1) * Math.log(1 - rho * rho);
  const logLikelihood = (batch: ParameterMatrix) => {
    const out = new Float64Array(batch.n);
    const x = batch.data;
    for (let i = 0; i < batch.n; i++) {
      const o = i * d;
      let q = 0;
      for (let j = 0; j < d; j++) {
        q += diag[j] * x[o + j] * x[o + j];
        if (j + 1 < d) q += 2 * off * x[o + j] * x[o + j + 1];
      }
      out[i] = logNorm - 0.5 * q;
    }
    return out;
  };
  const priorTransform = (u: Float64Array) => u.map((v) => 20 * v - 10);
  return { model: { nDim: d, logLikelihood, priorTransform }, trueLogZ: -d * Math.log(20) };
}
