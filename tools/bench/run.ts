// `npm run bench`: figures for BENCHMARKS.md. Not a test: timings depend on the machine.
import os from 'node:os';
import { Sampler } from '@tempest/core';
import { correlatedGaussian } from './correlated-gaussian.js';
import { reweightScaling } from './reweight-scaling.js';
import { serializeBench } from './serialize-bench.js';
import { multimodalBench } from './multimodal-bench.js';
import { checkpointBench } from './checkpoint-bench.js';
import { mpiBench } from './mpi-bench.js';
import { poolBench } from './pool-bench.js';
import { evidenceCalibration } from './evidence-calibration.js';
import { cliBench } from './cli-bench.js';
import { linearRegression } from '../../test-fixtures/models/linear-regression.js';
import { accuracyMain } from './accuracy/run-accuracy.js';
import { scalingMain } from './scaling/run-scaling.js';

const seed = Number(process.env.BENCH_SEED ?? 1);
const { model, trueLogZ } = correlatedGaussian(10, 0.9);

async function main(): Promise<void> {
  console.log(`# Tempest benchmark, ${new Date().toISOString().slice(0, 10)}`);
  console.log(`node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n`);

  // Warm up the JIT with a short run so the timed run measures steady-state code.
  await new Sampler({ ...model, vectorize: true, randomState: seed + 1000 }).run({ nTotal: 256 });

  const sampler = new Sampler({ ...model, vectorize: true, randomState: seed });
  const t0 = performance.now();
  await sampler.run({ nTotal: 4096 });
  const wall = (performance.now() - t0) / 1000;
  const { logz, logzErr } = sampler.evidence();
  const its = sampler.diagnostics;
  const sum = (f: (i: (typeof its)[number]) => number) => its.reduce((s, i) => s + f(i), 0);

  console.log('## 10-D correlated Gaussian (rho 0.9), vectorized, default options, nTotal 4096');
  console.log(`nParticles ${sampler.options.nParticles}, seed ${seed}`);
  console.log(`wall time          ${wall.toFixed(2)} s`);
  console.log(`likelihood calls   ${sampler.calls}`);
  console.log(`iterations         ${sampler.iteration}`);
  console.log(`log Z              ${logz.toFixed(3)} ± ${logzErr.toFixed(3)} (true ${trueLogZ.toFixed(3)})`);
  console.log(`time split         reweight ${sum((i) => i.timing.reweight).toFixed(0)} ms, train ${sum((i) => i.timing.train).toFixed(0)} ms, mutate ${sum((i) => i.timing.mutate).toFixed(0)} ms, likelihood ${sum((i) => i.timing.likelihood).toFixed(0)} ms`);

  console.log('\n### Sampler overhead as the history grows');
  console.log('| iteration | stored particles | bisection steps | µs per bisection step | µs per step per 1k particles | train ms | mutate ms (excl. likelihood) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  const n = sampler.options.nParticles;
  const rows = its.filter((i) => i.timing.reweightSteps > 0);
  const pick = new Set([0, Math.floor(rows.length / 4), Math.floor(rows.length / 2), Math.floor((3 * rows.length) / 4), rows.length - 1]);
  for (const [k, i] of rows.entries()) {
    if (!pick.has(k)) continue;
    const stored = (i.iteration - 1) * n;
    const per = (1000 * i.timing.reweight) / i.timing.reweightSteps;
    console.log(`| ${i.iteration} | ${stored} | ${i.timing.reweightSteps} | ${per.toFixed(1)} | ${((1000 * per) / stored).toFixed(2)} | ${i.timing.train.toFixed(2)} | ${i.timing.mutate.toFixed(2)} |`);
  }

  console.log('\n### One bisection step: cached vs recomputed MIS denominator (n = 256 per iteration)');
  reweightScaling();

  console.log('\n## Multimodal and curved posteriors, default options, nTotal 4096');
  await multimodalBench(process.argv.includes('--quick') ? 0 : 20);

  console.log('\n## Checkpoints and memory');
  await checkpointBench();

  console.log('\n## @tempest/pool');
  await poolBench();

  console.log('\n## @tempest/mpi');
  await mpiBench();

  console.log('\n## @tempest/serialize');
  await serializeBench();

  console.log('\n## @tempest/cli');
  await cliBench();

  if (process.argv.includes('--quick')) return;
  console.log('\n## Evidence uncertainty calibration (unit Gaussians under U(-10, 10)^d, nTotal 4096, seeds 1-40)');
  await evidenceCalibration([
    { d: 2 }, { d: 5 }, { d: 10 },
    { d: 5, extra: { nParticles: 64 } }, { d: 5, extra: { resample: 'syst' } }, { d: 5, extra: { sample: 'rwm' } },
    { label: 'line fit with unknown noise (3-D funnel)', problem: regressionProblem() },
  ]);
}

function regressionProblem() {
  const { trueLogZ, nDim, priorTransform, logLikelihood } = linearRegression();
  return { options: { nDim, priorTransform, logLikelihood }, truth: trueLogZ };
}

// `npm run bench -- accuracy [args]` runs only the accuracy suite, `npm run bench -- scaling
// [args]` only the scaling benchmark (scaling/run-scaling.ts); plain `npm run bench` (with or
// without --quick) prints everything else, as before.
const [command, ...rest] = process.argv.slice(2);
(command === 'accuracy' ? accuracyMain(rest) : command === 'scaling' ? scalingMain(rest) : main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
