// Multimodal and curved targets with default options: cost, accuracy of log Z and of the mass
// of a mode, time spent training the proposal, and calibration of both reported errors.
import { Sampler, type SamplerOptions } from '@tempest/core';
import { eggBox, gaussianShells, twoGaussians } from '../../test-fixtures/models/multimodal.js';
import { rosenbrock } from '../../test-fixtures/models/rosenbrock.js';

interface Problem {
  name: string;
  options: SamplerOptions;
  trueLogZ: number;
  /** Indicator of one mode (or any function whose posterior mean is known) and its true mean. */
  statistic: (x: Float64Array) => number;
  trueMean: number;
}

function problems(): Problem[] {
  const pick = (name: string, p: { nDim: number; priorTransform: SamplerOptions['priorTransform']; logLikelihood: (x: Float64Array) => number; trueLogZ: number }, statistic: (x: Float64Array) => number, trueMean: number): Problem => ({
    name,
    options: { nDim: p.nDim, priorTransform: p.priorTransform, logLikelihood: p.logLikelihood },
    trueLogZ: p.trueLogZ,
    statistic,
    trueMean,
  });
  const two = twoGaussians(10);
  const shells = gaussianShells();
  const egg = eggBox();
  const ros = rosenbrock();
  return [
    pick('10-D two Gaussians (weights 2/3, 1/3)', two, two.modeFraction, two.trueFraction),
    pick('2-D Gaussian shells', shells, shells.modeFraction, shells.trueFraction),
    pick('2-D egg-box (18 modes)', egg, egg.modeFraction, egg.trueFraction),
    pick('2-D Rosenbrock (mean of x)', ros, (x) => x[0], ros.meanX),
  ];
}

/**
 * Prints two markdown tables: one seeded run per problem (cost and errors), then coverage of
 * the reported errors over `seeds` runs.
 * @param seeds - runs per problem for the calibration table (0 to skip it)
 */
export async function multimodalBench(seeds = 20): Promise<void> {
  console.log('| problem | wall time | likelihood calls | iterations | max K | log Z error (reported) | mode mass / mean error (reported) | training ms per iteration |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of problems()) {
    const t0 = performance.now();
    const sampler = new Sampler({ ...p.options, randomState: 1 });
    await sampler.run({ nTotal: 4096 });
    const wall = (performance.now() - t0) / 1000;
    const { logz, logzErr } = sampler.evidence();
    const m = sampler.expectation(p.statistic);
    const its = sampler.diagnostics;
    const train = its.reduce((s, i) => s + i.timing.train, 0) / Math.max(1, its.length - 1);
    const sign = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(3);
    console.log(`| ${p.name} | ${wall.toFixed(2)} s | ${sampler.calls} | ${sampler.iteration} | ${Math.max(...its.map((i) => i.K))} | ${sign(logz - p.trueLogZ)} (${logzErr.toFixed(3)}) | ${sign(m.mean - p.trueMean)} (${m.error.toFixed(3)}) | ${train.toFixed(1)} |`);
  }
  if (seeds === 0) return;
  console.log(`\nCalibration over seeds 1-${seeds}:\n`);
  console.log('| problem | calls per run | log Z: mean error | sd | mean reported | within 1 sigma | mode mass / mean: mean error | sd | mean reported | within 1 sigma |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of problems()) {
    const ez: number[] = [];
    const rz: number[] = [];
    const em: number[] = [];
    const rm: number[] = [];
    let calls = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const sampler = new Sampler({ ...p.options, randomState: seed });
      await sampler.run({ nTotal: 4096 });
      const { logz, logzErr } = sampler.evidence();
      const m = sampler.expectation(p.statistic);
      ez.push(logz - p.trueLogZ);
      rz.push(logzErr);
      em.push(m.mean - p.trueMean);
      rm.push(m.error);
      calls += sampler.calls;
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const sd = (a: number[]) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / (a.length - 1));
    const within = (e: number[], r: number[]) => `${((100 * e.filter((v, i) => Math.abs(v) <= r[i]).length) / e.length).toFixed(0)}%`;
    const f = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(3);
    console.log(`| ${p.name} | ${Math.round(calls / seeds)} | ${f(mean(ez))} | ${sd(ez).toFixed(3)} | ${mean(rz).toFixed(3)} | ${within(ez, rz)} | ${f(mean(em))} | ${sd(em).toFixed(3)} | ${mean(rm).toFixed(3)} | ${within(em, rm)} |`);
  }
}
