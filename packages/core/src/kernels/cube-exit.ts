import { BOUNDARY_NONE } from '../math/boundaries.js';

/**
 * Writes a proposal `out = base + step * (L z)` coordinate by coordinate and stops at the first
 * coordinate that leaves [0, 1] where it neither wraps nor reflects: the sampler rejects such a
 * proposal whatever the rest is, so the rest of the O(d²) product L z is not computed. Each row of
 * L z is summed in the order of `lowerTimesVector`, so a completed proposal is the same to the bit.
 * @param out - receives the proposal at `outOffset`
 * @param outOffset - where it starts
 * @param base - the proposal's centre (length d)
 * @param step - multiplier of L z
 * @param chol - lower Cholesky factor L (d x d, row-major)
 * @param z - standard normal draws (length d)
 * @param kinds - boundary kind of every coordinate
 * @param d - dimension
 */
export function writeUntilOutside(out: Float64Array, outOffset: number, base: Float64Array, step: number, chol: Float64Array, z: Float64Array, kinds: Uint8Array, d: number): void {
  for (let j = 0; j < d; j++) {
    const rj = j * d;
    let lz = 0;
    for (let k = 0; k <= j; k++) lz += chol[rj + k] * z[k];
    const v = base[j] + step * lz;
    out[outOffset + j] = v;
    if (kinds[j] === BOUNDARY_NONE && !(v >= 0 && v <= 1)) return;
  }
}
