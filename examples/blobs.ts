// Blobs: a likelihood may return [logL, blob] to keep any by-product of its computation with the
// sample (a derived quantity, a chi-square, a model prediction), instead of recomputing it later.
// Here we estimate the mean mu and standard deviation sigma of 50 measurements and keep, for each
// sample, the signal-to-noise ratio mu / sigma and the chi-square.
// Run with `npx tsx --conditions=@tempest/source examples/blobs.ts`. In your own project, save it
// as blobs.mts (an ES module whatever package.json says, as the top-level await needs), import
// from 'tempest' and run `npx tsx blobs.mts`.
import { RandomGenerator, Sampler } from '@tempest/core';

const rng = new RandomGenerator(3);
const data = Array.from({ length: 50 }, () => 2 + 0.5 * rng.normal());

const sampler = new Sampler({
  nDim: 2,
  // mu ~ U(-10, 10), sigma ~ log-uniform on [0.01, 10].
  priorTransform: (u) => [20 * u[0] - 10, 10 ** (3 * u[1] - 2)],
  logLikelihood: (p: Float64Array): [number, { snr: number; chi2: number }] => {
    const [mu, sigma] = p;
    let chi2 = 0;
    for (const d of data) chi2 += ((d - mu) / sigma) ** 2;
    const logL = -0.5 * chi2 - data.length * Math.log(sigma * Math.sqrt(2 * Math.PI));
    return [logL, { snr: mu / sigma, chi2 }]; // the blob: any structured-cloneable value
  },
  randomState: 5,
});
await sampler.run({ nTotal: 2048 });

// Blobs come back aligned with the samples: blobs[i] belongs to samples.row(i).
const { samples, weights, blobs } = sampler.posterior({ returnBlobs: true });
const typed = blobs as { snr: number; chi2: number }[];
const mean = (f: (i: number) => number) => weights.reduce((s, w, i) => s + w * f(i), 0);
console.log(`${samples.n} samples, ${typed.length} blobs`);
console.log(`mu    = ${mean((i) => samples.get(i, 0)).toFixed(3)}   sigma = ${mean((i) => samples.get(i, 1)).toFixed(3)}`);
console.log(`mean of the blob snr = ${mean((i) => typed[i].snr).toFixed(6)}`);
console.log(`mu / sigma recomputed = ${mean((i) => samples.get(i, 0) / samples.get(i, 1)).toFixed(6)}`);
console.log(`mean chi-square      = ${mean((i) => typed[i].chi2).toFixed(2)} (about ${data.length} expected)`);
