// The model of `format1.state`: a state file of format version 1 (32-bit offsets, one buffer),
// written by the sampler of commit d5d4165 (the last before format 2) after 5 iterations of seed 5
// with nParticles 64: 2-D, two modes, a periodic coordinate and blobs, so that the file has every
// section (history, clustering, blobs, diagnostics). Files like it must keep loading, and resuming
// one must give, bit for bit, the run that sampler finished from it (the figures below).
export const nDim = 2;
export const periodic = [1];
export const priorTransform = (u: Float64Array) => Float64Array.of(16 * u[0] - 8, 2 * Math.PI * u[1]);
export function logLikelihood(x: Float64Array): readonly [number, { r: number }] {
  const a = (x[0] - 3) ** 2;
  const b = (x[0] + 3) ** 2;
  const logl = Math.log(0.3 * Math.exp((-0.5 * a) / 0.25) + 0.7 * Math.exp((-0.5 * b) / 0.25)) + 2 * Math.cos(x[1] - 1);
  return [logl, { r: Math.abs(x[0]) }];
}
export const options = { nDim, periodic, priorTransform, logLikelihood, nParticles: 64, randomState: 5 };
