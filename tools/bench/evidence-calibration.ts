// Calibration of the reported log Z uncertainty: over independent seeds, the fraction of runs
// whose true log Z lies within one reported standard error (about 68% when calibrated), next
// to the actual spread of log Z and the naive importance-sampling error 1/sqrt(ESS).
import { Sampler, type SamplerOptions } from '@tempest/core';

/** A unit Gaussian centred at alternating +-0.5 under U(-10, 10)^d: log Z = -d ln 20. */
function gaussian(d: number) {
  const mu = Array.from({ length: d }, (_, j) => (j % 2 ? -0.5 : 0.5));
  const logNorm = -0.5 * d * Math.log(2 * Math.PI);
  return {
    options: {
      nDim: d,
      vectorize: true,
      priorTransform: (u: Float64Array) => u.map((v) => 20 * v - 10),
      logLikelihood: (batch: { n: number; d: number; data: Float64Array }) => {
        const out = new Float64Array(batch.n);
        for (let i = 0; i < batch.n; i++) {
          let q = 0;
          for (let j = 0; j < d; j++) q += (batch.data[i * d + j] - mu[j]) ** 2;
          out[i] = logNorm - 0.5 * q;
        }
        return out;
      },
    } satisfies SamplerOptions,
    truth: -d * Math.log(20),
  };
}

/**
 * Prints one markdown row per case.
 * @param cases - dimension and extra sampler options per row
 * @param seeds - independent runs per case
 */
export async function evidenceCalibration(
  cases: { d?: number; problem?: { options: SamplerOptions; truth: number }; extra?: Partial<SamplerOptions>; label?: string }[] = [{ d: 2 }, { d: 5 }, { d: 10 }],
  seeds = 40,
  nTotal = 4096,
): Promise<void> {
  console.log(`| case | runs | calls per run | mean error | spread (sd) of log Z | mean reported error | naive 1/sqrt(ESS) | within 1 reported sigma |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { d = 2, problem, extra = {}, label } of cases) {
    const { options, truth } = problem ?? gaussian(d);
    const errors: number[] = [];
    const reported: number[] = [];
    const naive: number[] = [];
    let calls = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const sampler = new Sampler({ ...options, ...extra, randomState: seed });
      await sampler.run({ nTotal });
      const { logz, logzErr } = sampler.evidence();
      const w = sampler.posterior({ trimImportanceWeights: false }).weights;
      let sq = 0;
      for (const v of w) sq += v * v;
      errors.push(logz - truth);
      reported.push(logzErr);
      naive.push(Math.sqrt(sq));
      calls += sampler.calls;
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const m = mean(errors);
    const sd = Math.sqrt(errors.reduce((s, v) => s + (v - m) ** 2, 0) / (errors.length - 1));
    const within = errors.filter((e, i) => Math.abs(e) <= reported[i]).length / seeds;
    const name = label ?? `${d}-D Gaussian${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`;
    console.log(`| ${name} | ${seeds} | ${Math.round(calls / seeds)} | ${m >= 0 ? '+' : ''}${m.toFixed(3)} | ${sd.toFixed(3)} | ${mean(reported).toFixed(3)} | ${mean(naive).toFixed(3)} | ${(100 * within).toFixed(0)}% |`);
  }
}
