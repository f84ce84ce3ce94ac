/**
 * A curved 2-D target: log L = -[(1 - x)^2 + 100 (y - x^2)^2] / 2 on U(-5, 5)^2, a narrow
 * banana along y = x^2. The y-integral is Gaussian (sd 0.1 about x^2, cut at y = +-5), so
 * log Z reduces to a 1-D integral in x that we evaluate by the midpoint rule on 2e5 points.
 */
export function rosenbrock() {
  return {
    nDim: 2,
    priorTransform: (u: Float64Array) => u.map((v) => 10 * v - 5),
    logLikelihood: (x: Float64Array) => -0.5 * ((1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2),
    ...rosenbrockMoments(),
  };
}

/** Standard normal CDF via erfc (W. J. Cody's rational approximations are overkill here; |error| < 1.2e-7 relative). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

function rosenbrockMoments() {
  const K = 200_000;
  const sd = 0.1;
  let z = 0;
  let mx = 0;
  for (let k = 0; k < K; k++) {
    const x = -5 + (10 * (k + 0.5)) / K;
    // Mass in y of exp(-50 (y - x^2)^2) over [-5, 5].
    const yMass = Math.sqrt(2 * Math.PI) * sd * (normalCdf((5 - x * x) / sd) - normalCdf((-5 - x * x) / sd));
    const f = Math.exp(-0.5 * (1 - x) ** 2) * yMass * (10 / K);
    z += f;
    mx += x * f;
  }
  return { trueLogZ: Math.log(z / 100), meanX: mx / z };
}
