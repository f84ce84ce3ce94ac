// Quickstart: sample the 2-D Rosenbrock "banana" and print the evidence and posterior means.
// Run with `npm run example` (or `npx tsx --conditions=@tempest/source examples/quickstart.ts`). In
// your own project, save it as quickstart.mts (an ES module whatever package.json says, as the
// top-level await needs), import from 'tempest' and run `npx tsx quickstart.mts`.
import { Sampler } from '@tempest/core'; // in your project: from 'tempest'

const sampler = new Sampler({
  nDim: 2,
  // The prior, as a map from the unit square: x, y ~ U(-5, 5).
  priorTransform: (u) => u.map((v) => 10 * v - 5),
  // log L = -[(1 - x)^2 + 100 (y - x^2)^2] / 2: a narrow curved ridge along y = x^2.
  logLikelihood: ([x, y]: Float64Array) => -0.5 * ((1 - x) ** 2 + 100 * (y - x * x) ** 2),
  randomState: 1, // a seeded run is reproducible bit for bit
});

await sampler.run({ nTotal: 4096, progress: true }); // progress lines go to stderr

const { samples, weights } = sampler.posterior(); // weighted samples (weights sum to 1)
const { logz, logzErr } = sampler.evidence();
console.log(`log Z = ${logz.toFixed(3)} ± ${logzErr.toFixed(3)} (exact -5.185)`);
['x', 'y'].forEach((name, j) => {
  const mean = samples.column(j).reduce((s, v, i) => s + weights[i] * v, 0);
  console.log(`mean of ${name} = ${mean.toFixed(3)}`);
});
console.log(`${samples.n} samples, ${sampler.iteration} iterations, ${sampler.calls} likelihood calls`);
