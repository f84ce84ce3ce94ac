// A multimodal posterior: two 10-D Gaussians with weights 2/3 and 1/3. Prints the mass of each
// mode with its error and the evidence (true log Z = -10 ln 20 = -29.957).
// Run with `npx tsx --conditions=@tempest/source examples/gaussian-mixture.ts`. In your own project, save it
// as gaussian-mixture.mts (an ES module whatever package.json says, as the top-level await needs), import
// from 'tempest' and run `npx tsx gaussian-mixture.mts`.
import { Sampler } from '@tempest/core';

const d = 10;
const logGauss = (x: Float64Array, c: number) => -0.5 * x.reduce((s, v) => s + (v - c) ** 2, 0) - 0.5 * d * Math.log(2 * Math.PI);

const sampler = new Sampler({
  nDim: d,
  priorTransform: (u) => u.map((v) => 20 * v - 10),
  logLikelihood: (x: Float64Array) => {
    const a = Math.log(2 / 3) + logGauss(x, -2);
    const b = Math.log(1 / 3) + logGauss(x, 2);
    return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
  },
  randomState: 1,
});
await sampler.run({ progress: true });

const mode = sampler.expectation((x) => (x[0] > 0 ? 1 : 0));
const { logz, logzErr } = sampler.evidence();
console.log(`\nclusters at the end: ${sampler.diagnostics[sampler.iteration - 1].K}`);
console.log(`mass of the mode at +2: ${mode.mean.toFixed(3)} ± ${mode.error.toFixed(3)} (true 0.333)`);
console.log(`log Z: ${logz.toFixed(3)} ± ${logzErr.toFixed(3)} (true ${(-d * Math.log(20)).toFixed(3)})`);
