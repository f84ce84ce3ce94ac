// Fit a straight line with unknown noise to 40 data points, then print the posterior summary
// (weighted mean ± sd of each parameter) and the model evidence.
// Run with `npx tsx --conditions=@tempest/source examples/line-fit.ts`. In your own project, save it
// as line-fit.mts (an ES module whatever package.json says, as the top-level await needs), import
// from 'tempest' and run `npx tsx line-fit.mts`.
// The posterior is a funnel in (intercept, log10 sigma) at low temperatures; log Z by quadrature
// is in test-fixtures/models/linear-regression.ts.
import { RandomGenerator, Sampler } from '@tempest/core';

// Synthetic data: y = 1.5 x - 0.7 + noise(sd 0.4), drawn from a seeded generator.
const rng = new RandomGenerator(2024);
const xs = Array.from({ length: 40 }, (_, i) => -2 + (4 * i) / 39);
const ys = xs.map((x) => 1.5 * x - 0.7 + 0.4 * rng.normal());

const names = ['slope', 'intercept', 'log10 sigma'];

// Priors as a transform of the unit cube: slope, intercept ~ U(-5, 5); log10 sigma ~ U(-2, 1).
const priorTransform = (u: Float64Array) => [10 * u[0] - 5, 10 * u[1] - 5, 3 * u[2] - 2];

const logLikelihood = (theta: Float64Array) => {
  const [slope, intercept, logSigma] = theta;
  const sigma = 10 ** logSigma;
  let chi2 = 0;
  for (let i = 0; i < xs.length; i++) chi2 += ((ys[i] - slope * xs[i] - intercept) / sigma) ** 2;
  return -0.5 * chi2 - xs.length * Math.log(sigma * Math.sqrt(2 * Math.PI));
};

const sampler = new Sampler({ priorTransform, logLikelihood, nDim: 3, randomState: 42 });
await sampler.run({ nTotal: 4096, progress: true });

const { samples, weights } = sampler.posterior();
const { logz, logzErr } = sampler.evidence();
console.log(`\n${samples.n} weighted samples after ${sampler.iteration} iterations and ${sampler.calls} likelihood calls`);
for (let j = 0; j < 3; j++) {
  const column = samples.column(j);
  let mean = 0;
  for (let i = 0; i < column.length; i++) mean += weights[i] * column[i];
  let variance = 0;
  for (let i = 0; i < column.length; i++) variance += weights[i] * (column[i] - mean) ** 2;
  console.log(`${names[j].padEnd(12)} ${mean.toFixed(3)} ± ${Math.sqrt(variance).toFixed(3)}`);
}
console.log(`log Z        ${logz.toFixed(3)} ± ${logzErr.toFixed(3)}`);
