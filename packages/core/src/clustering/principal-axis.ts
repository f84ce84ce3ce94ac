/**
 * The leading eigenvector and eigenvalue of a symmetric positive semi-definite matrix, by
 * power iteration from a deterministic start (the diagonal's largest direction blended with
 * all-ones, so it is never orthogonal to the answer for the matrices clustering meets).
 * @param a - d x d symmetric matrix, row-major
 * @param d - dimension
 * @param iterations - power iterations (default 100; stops early once the vector settles)
 * @returns unit `vector` and its Rayleigh quotient `value`
 */
export function principalAxis(a: Float64Array, d: number, iterations = 100): { vector: Float64Array; value: number } {
  let v = new Float64Array(d);
  let jMax = 0;
  for (let j = 1; j < d; j++) if (a[j * d + j] > a[jMax * d + jMax]) jMax = j;
  for (let j = 0; j < d; j++) v[j] = 1 / Math.sqrt(d);
  v[jMax] += 1;
  normalise(v);
  let next = new Float64Array(d);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[i * d + j] * v[j];
      next[i] = s;
    }
    if (normalise(next) === 0) break;
    let change = 0;
    for (let j = 0; j < d; j++) change = Math.max(change, Math.abs(next[j] - v[j]));
    [v, next] = [next, v];
    if (change < 1e-10) break;
  }
  let value = 0;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += a[i * d + j] * v[j];
    value += v[i] * s;
  }
  return { vector: v, value };
}

function normalise(v: Float64Array): number {
  let norm = 0;
  for (let j = 0; j < v.length; j++) norm += v[j] * v[j];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let j = 0; j < v.length; j++) v[j] /= norm;
  return norm;
}
