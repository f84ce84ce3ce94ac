// `npm run result-hash --workspace=tools`: one SHA-256 over every seeded result of many
// configurations, to prove that a refactor changes no result bit. Run it before and after the
// change and compare the printed hashes (per configuration and overall). Timings are excluded:
// they are the only values that legitimately differ between two runs.
//
// `-- --legacy` runs every configuration with the rules of the sampler before the hard-posterior
// work (`mixing: 'acceptance'`, `proposalFolds: 1`, `jumpEvery: 0`, `lineageGroups: 1`, `clusterSearch: 'basic'`, `adaptiveMoves: false`, `reanneal: false`, `moveSpace: 'cube'`, `closingDraws: 0`, `clusterScales: 'separate'`, `splitTest: 'full'`, and
// `essRatio: 2` where a configuration does not set it) and leaves out the diagnostic fields added
// since (correlation, capped, loglGain, loglGainError). It prints 38d63405...7713, as the sampler of
// commit 5ece7eb did (before cross-fitting; that sampler's acceptance rule was itself shown equal
// to the one before the mixing option), which proves the old rules are still there bit for bit.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { priors, Sampler, type ParameterMatrix, type SamplerOptions, type SamplerResults } from '@tempest/core';

type Options = Omit<SamplerOptions, 'randomState'>;

const LEGACY = process.argv.includes('--legacy');
const LEGACY_OPTIONS = LEGACY ? { mixing: 'acceptance', proposalFolds: 1, jumpEvery: 0, lineageGroups: 1, clusterSearch: 'basic', adaptiveMoves: false, reanneal: false, moveSpace: 'cube', closingDraws: 0, clusterScales: 'separate', splitTest: 'full' } : {};
// The configurations that do not set essRatio ran with the default of that time, 2.
const LEGACY_ESS_RATIO = LEGACY ? { essRatio: 2 } : {};
const NEWER_FIELDS = ['correlation', 'capped', 'loglGain', 'loglGainError'];

const box = (half: number) => (u: Float64Array) => u.map((v) => 2 * half * v - half);
const gaussian = (mu: number[], scale = 1) => (x: Float64Array) => {
  let q = 0;
  for (let j = 0; j < mu.length; j++) q += ((x[j] - mu[j]) / scale) ** 2;
  return -0.5 * q;
};
const bimodal = (x: Float64Array) => {
  let a = 0;
  let b = 0;
  for (let j = 0; j < x.length; j++) {
    a += (x[j] - 3) ** 2;
    b += (x[j] + 3) ** 2;
  }
  return Math.log(0.3 * Math.exp(-0.5 * a / 0.25) + 0.7 * Math.exp(-0.5 * b / 0.25));
};
const rosenbrock = ([x, y]: Float64Array) => -0.5 * ((1 - x) ** 2 + 100 * (y - x * x) ** 2);

const base: Options = { nDim: 3, priorTransform: box(10), logLikelihood: gaussian([1, -1, 0.5]) };
const configurations: Record<string, Options> = {
  'gaussian-3d': base,
  'gaussian-3d-rwm': { ...base, sample: 'rwm' },
  'gaussian-3d-syst': { ...base, resample: 'syst' },
  'gaussian-3d-no-clustering': { ...base, clustering: false },
  'gaussian-3d-no-normalize': { ...base, normalize: false },
  'gaussian-3d-dynamic': { ...base, volumeVariation: 0.5 },
  'gaussian-3d-small': { ...base, nParticles: 64, essRatio: 1.5, nSteps: 2, nMaxSteps: 10 },
  'gaussian-5d-periodic-reflective': { nDim: 5, priorTransform: box(4), logLikelihood: gaussian([3.5, -3.5, 0, 1, 2], 0.8), periodic: [0], reflective: [1] },
  'gaussian-5d-periodic-rwm': { nDim: 5, priorTransform: box(4), logLikelihood: gaussian([3.5, -3.5, 0, 1, 2], 0.8), periodic: [0, 2], sample: 'rwm' },
  'bimodal-2d': { nDim: 2, priorTransform: box(8), logLikelihood: bimodal },
  'bimodal-4d-clusters': { nDim: 4, priorTransform: box(8), logLikelihood: bimodal, nMaxClusters: 3, clusterEvery: 2, splitThreshold: 0.5 },
  'bimodal-2d-no-clustering': { nDim: 2, priorTransform: box(8), logLikelihood: bimodal, clustering: false },
  'bimodal-2d-no-normalize': { nDim: 2, priorTransform: box(8), logLikelihood: bimodal, normalize: false },
  'bimodal-3d-syst-rwm-dynamic': { nDim: 3, priorTransform: box(8), logLikelihood: bimodal, resample: 'syst', sample: 'rwm', volumeVariation: 1 },
  'correlated-8d': { nDim: 8, priorTransform: box(10), logLikelihood: (x: Float64Array) => { let q = 0; for (let j = 0; j < 8; j++) q += (x[j] - (j > 0 ? 0.9 * x[j - 1] : 0)) ** 2 / 0.19; return -0.5 * q; } },
  'rosenbrock-2d': { nDim: 2, priorTransform: box(5), logLikelihood: rosenbrock },
  'truncated-support': { nDim: 2, priorTransform: box(10), logLikelihood: (x: Float64Array) => (x[0] > 5 ? -Infinity : gaussian([4, 0])(x)) },
  blobs: { nDim: 2, priorTransform: box(10), logLikelihood: (x: Float64Array) => [gaussian([0, 1])(x), { r: Math.hypot(x[0], x[1]) }] as const },
  vectorized: { nDim: 2, priorTransform: box(10), vectorize: true, logLikelihood: (batch: ParameterMatrix) => batch.rows().map((x) => gaussian([0.5, -0.5])(x)) },
  // Added in session 22 with the unbounded priors' logit moves (not in the legacy set, whose hash it would change).
  ...(LEGACY ? {} : {
    'normal-priors-tension': { nDim: 3, priorTransform: priors.independentPrior(priors.normal(0, 1), priors.normal(0, 1), priors.uniform(-5, 5)), logLikelihood: gaussian([3, 4.5, 1], 0.1) },
  }),
};

function hashResults(h: ReturnType<typeof createHash>, s: Sampler, r: SamplerResults): void {
  const f64 = (a: Float64Array | Int32Array) => h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  h.update(JSON.stringify({ logz: r.logz, logzErr: r.logzErr, seed: r.seed, calls: r.calls, n: r.nParticles }));
  for (const it of r.iterations) {
    const { timing, ...rest } = it;
    if (LEGACY) for (const field of NEWER_FIELDS) delete (rest as Record<string, unknown>)[field];
    h.update(JSON.stringify({ ...rest, reweightSteps: timing.reweightSteps }));
  }
  f64(r.u.data);
  f64(r.x.data);
  f64(r.logl);
  f64(r.logw);
  f64(r.iterationOf);
  if (r.blobs) h.update(JSON.stringify(r.blobs));
  const post = s.posterior();
  f64(post.samples.data);
  f64(post.weights);
  const resampled = s.posterior({ resample: true, trimImportanceWeights: false, returnBlobs: true, returnLogw: true });
  f64(resampled.samples.data);
  f64(resampled.logw!);
  const e = s.expectation((x) => x[0] * x[0]);
  h.update(JSON.stringify([e.mean, e.error, s.logz, s.beta, s.ess, s.cv, s.iteration]));
}

async function main(): Promise<void> {
  const seeds = [1, 7];
  const total = createHash('sha256');
  const dir = mkdtempSync(join(tmpdir(), 'tempest-hash-'));
  try {
    for (const [name, options] of Object.entries(configurations)) {
      for (const seed of seeds) {
        const h = createHash('sha256');
        const sampler = new Sampler({ ...LEGACY_ESS_RATIO, ...options, ...LEGACY_OPTIONS, randomState: seed } as SamplerOptions);
        hashResults(h, sampler, await sampler.run({ nTotal: 1024 }));
        // Resume: stop after 4 iterations, save, continue in a fresh sampler; must equal the straight run.
        const first = new Sampler({ ...LEGACY_ESS_RATIO, ...options, ...LEGACY_OPTIONS, randomState: seed } as SamplerOptions);
        for (let i = 0; i < 4; i++) await first.sample();
        const path = join(dir, `${name}-${seed}.state`);
        await first.saveState(path);
        const resumed = new Sampler({ ...LEGACY_ESS_RATIO, ...options, ...LEGACY_OPTIONS, randomState: seed + 1000 } as SamplerOptions);
        const hr = createHash('sha256');
        hashResults(hr, resumed, await resumed.run({ nTotal: 1024, resumeStatePath: path }));
        const straight = h.copy().digest('hex');
        const again = createHash('sha256');
        hashResults(again, sampler, sampler.results());
        h.update(hr.digest());
        const digest = h.digest('hex');
        total.update(digest);
        console.log(`${name.padEnd(34)} seed ${seed}  ${digest.slice(0, 16)}  state ${readFileSync(path).length} B${straight === again.digest('hex') ? '' : '  (read-outs not repeatable!)'}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`overall ${total.digest('hex')}`);
}

await main();
