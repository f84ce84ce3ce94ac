import { fileURLToPath } from 'node:url';
import { ProcessPool, SerialPool, ThreadPool, type Pool } from '@tempest/pool';
import { functionReference } from '@tempest/serialize';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Sampler, TempestError, type ParameterMatrix, type SamplerOptions } from '../src/index.js';
import { boxPrior } from './helpers.js';

// A likelihood shipped by value: what it uses comes as captures (mu, logNorm) and arguments (scale).
const mu = new Float64Array([0.5, -0.5]);
const logNorm = -Math.log(2 * Math.PI);
const logLikelihood = (x: Float64Array, scale: number) => -0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2) + logNorm;
const problem: SamplerOptions = {
  nDim: 2,
  nParticles: 96,
  priorTransform: boxPrior(10),
  logLikelihood,
  logLikelihoodArgs: [1],
  logLikelihoodCaptures: { mu, logNorm },
  randomState: 2024,
};
const N_TOTAL = 200;
/** Where the misbehaving likelihoods below start misbehaving (x[0] > limit: a few particles at the first iteration). */
const limit = 8.5;

interface Outcome {
  logz: number;
  logzErr: number;
  calls: number;
  samples: Float64Array;
  weights: Float64Array;
  logl: Float64Array;
  blobs?: unknown[];
}

async function runWith(options: Partial<SamplerOptions>): Promise<Outcome> {
  const merged = { ...problem, ...options };
  if (merged.pool === undefined) delete merged.logLikelihoodCaptures; // not needed in this thread
  const s = new Sampler(merged);
  await s.run({ nTotal: N_TOTAL });
  const post = s.posterior({ returnBlobs: true });
  return { ...s.evidence(), calls: s.calls, samples: post.samples.data, weights: post.weights, logl: post.logl, blobs: post.blobs };
}

function expectIdentical(a: Outcome, b: Outcome): void {
  expect(a.calls).toBe(b.calls);
  expect(Object.is(a.logz, b.logz) && Object.is(a.logzErr, b.logzErr)).toBe(true);
  expect(Buffer.from(a.samples.buffer).equals(Buffer.from(b.samples.buffer))).toBe(true);
  expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
  expect(Buffer.from(a.logl.buffer).equals(Buffer.from(b.logl.buffer))).toBe(true);
  expect(a.blobs).toEqual(b.blobs);
}

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<TempestError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (TempestError.is(e)) return e;
    throw e;
  }
  throw new Error('expected a TempestError');
}

describe('a sampler with a pool', () => {
  let serial: Outcome;
  const pools: Pool[] = [];
  beforeAll(async () => {
    serial = await runWith({});
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });
  const keep = <P extends Pool>(p: P): P => {
    pools.push(p);
    return p;
  };

  it.each([
    ['a SerialPool', () => keep(new SerialPool())],
    ['one worker thread', () => keep(new ThreadPool({ size: 1 }))],
    ['two worker threads, three chunks each', () => keep(new ThreadPool({ size: 2, chunksPerWorker: 3 }))],
    ['two child processes', () => keep(new ProcessPool({ size: 2 }))],
    ['pool: 2 (threads the sampler owns)', () => 2],
  ])('gives results bit-identical to the serial run with %s', async (_name, pool) => {
    expectIdentical(await runWith({ pool: pool() }), serial);
  });

  it('orders the calls by predicted cost when the cost varies across the prior, with results bit-identical to serial', async () => {
    // Busy for 0.01–1 ms, rising with x[0] (tenfold over 2 units near the posterior, sd 1).
    const dear = (x: Float64Array, scale: number) => {
      const end = performance.now() + 0.1 * 10 ** Math.min(1, Math.max(-1, 0.5 * x[0]));
      while (performance.now() < end);
      return -0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2) + logNorm;
    };
    const here = await runWith({ logLikelihood: dear });
    const pool = keep(new ThreadPool({ size: 3 }));
    const spy = vi.spyOn(pool, 'map');
    const there = await runWith({ logLikelihood: dear, pool });
    expectIdentical(there, here);
    const options = spy.mock.calls.map((call) => call[2]);
    expect(options.every((o) => o?.durations !== undefined)).toBe(true);
    expect(options.some((o) => o?.costHints !== undefined)).toBe(true);
  });

  it('draws a closing sample on the pool, with its blobs, bit-identical to serial', async () => {
    const withBlob = (x: Float64Array, scale: number) => [-0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2) + logNorm, { r: Math.hypot(x[0], x[1]) }] as const;
    const here = await runWith({ logLikelihood: withBlob, closingDraws: 512 });
    const there = await runWith({ logLikelihood: withBlob, closingDraws: 512, pool: keep(new ThreadPool({ size: 2 })) });
    expectIdentical(there, here);
    // The draws are in the posterior, each with its own blob.
    const closing = (there as Outcome & { closing?: { used: boolean; calls: number } }).closing!;
    expect(closing.used).toBe(true);
    expect(there.blobs!.length).toBe(there.weights.length);
    expect(there.blobs!.every((b) => typeof (b as { r: number }).r === 'number')).toBe(true);
    // Most of the 512 draws land inside the prior's box and are evaluated on the pool.
    expect(closing.calls).toBeGreaterThan(400);
  });

  it('hands a vectorized likelihood one batch per worker, with the same results', async () => {
    const sizes: number[] = [];
    const vectorized = (batch: ParameterMatrix, scale: number) => batch.rows().map((x) => -0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2) + logNorm);
    const pool = keep(new ThreadPool({ size: 2 }));
    const spy = vi.spyOn(pool, 'map');
    const result = await runWith({ pool, vectorize: true, logLikelihood: vectorized });
    expectIdentical(result, serial);
    for (const call of spy.mock.calls) sizes.push((call[1] as unknown[]).length);
    expect(new Set(sizes)).toEqual(new Set([2])); // n vectors → 2 tasks, one per worker
  });

  it('carries blobs back from the workers', async () => {
    const withBlob = (x: Float64Array, scale: number) => [-0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2) + logNorm, { r: Math.hypot(x[0], x[1]) }] as const;
    const here = await runWith({ logLikelihood: withBlob });
    const there = await runWith({ logLikelihood: withBlob, pool: keep(new ThreadPool({ size: 2 })) });
    expect(there.blobs?.length).toBeGreaterThan(0);
    expectIdentical(there, here);
  });

  it('accepts a function reference, in a pool and without one', async () => {
    const reference = functionReference(import.meta.url, './fixtures/pool-models.ts', 'gaussianLogLikelihood');
    const { logLikelihoodCaptures: _unused, ...rest } = problem;
    const a = await runWith({ ...rest, logLikelihoodCaptures: undefined, logLikelihood: reference });
    const b = await runWith({ ...rest, logLikelihoodCaptures: undefined, logLikelihood: reference, pool: keep(new ThreadPool({ size: 2 })) });
    expectIdentical(a, serial);
    expectIdentical(b, serial);
  });

  it('refuses a likelihood that cannot be shipped at construction, naming what to change', async () => {
    const error = await rejection(() => new Sampler({ ...problem, logLikelihoodCaptures: undefined, pool: 2 }));
    expect(error.code).toBe('INVALID_CONFIGURATION');
    expect(error.message).toMatch(/logLikelihood cannot be shipped/);
    expect(error.message).toMatch(/mu/);
    expect(error.message).toMatch(/Add logLikelihoodCaptures: \{ mu, logNorm \}/);
    // The Sampler's own remedy only: not serialize's lower-level encodeFunction/allowGlobals.
    expect(error.message).not.toMatch(/encodeFunction|allowGlobals/);
    expect(error.message).toMatch(/uses `mu` \(line \d+, column \d+ of its source\)/);
    const args = await rejection(() => new Sampler({ ...problem, logLikelihoodArgs: [() => 1], pool: 2 }));
    expect(args.message).toMatch(/logLikelihoodArgs cannot be sent/);
  });

  it('reports a likelihood the workers cannot load as a set-up error, not as the likelihood throwing at x', async () => {
    const { logLikelihoodCaptures: _unused, ...rest } = problem;
    const missing = functionReference(import.meta.url, './fixtures/no-such-model.js', 'logLikelihood');
    const pool = new ThreadPool({ size: 2 });
    try {
      const error = await rejection(() => new Sampler({ ...rest, logLikelihood: missing, pool }).run({ nTotal: N_TOTAL }));
      expect(error.code).toBe('REFERENCE_FAILED');
      expect(error.message).toMatch(/^The pool's workers could not load logLikelihood, so it never ran: Could not import .*no-such-model\.js/);
      expect(error.message).not.toMatch(/threw at x/);
    } finally {
      await pool.close();
    }
  });

  it('reports a likelihood reference the workers may not import as a set-up error naming allowModules', async () => {
    const { logLikelihoodCaptures: _unused, ...rest } = problem;
    const reference = functionReference(import.meta.url, './fixtures/pool-models.ts', 'gaussianLogLikelihood');
    const pool = new ThreadPool({ size: 1, allowModules: [fileURLToPath(new URL('./fixtures/no-such-folder/', import.meta.url))] });
    try {
      const error = await rejection(() => new Sampler({ ...rest, logLikelihood: reference, pool }).run({ nTotal: N_TOTAL }));
      expect(error.code).toBe('REFERENCE_NOT_ALLOWED');
      expect(error.message).toMatch(/^The pool's workers could not load logLikelihood, so it never ran: Refusing to import .*pool-models\.ts .*allowModules/);
    } finally {
      await pool.close();
    }
  });

  it('reports bad likelihood output from workers exactly as the serial path does, and restores its state', async () => {
    const bad = (x: Float64Array, scale: number) => {
      if (x[0] > limit) throw new Error(`too far: ${x[0]}`);
      return x[1] > limit ? NaN : -0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2) + logNorm;
    };
    const options = { ...problem, logLikelihood: bad, logLikelihoodCaptures: { mu, logNorm, limit } };
    const serialError = await rejection(new Sampler(options).run({ nTotal: N_TOTAL }));
    const pool = keep(new ThreadPool({ size: 2 }));
    const sampler = new Sampler({ ...options, pool });
    const poolError = await rejection(sampler.run({ nTotal: N_TOTAL }));
    expect(poolError.code).toBe(serialError.code);
    expect(poolError.message).toBe(serialError.message);
    expect(poolError.iteration).toBe(serialError.iteration);
    expect(poolError.parameters).toEqual(serialError.parameters);
    expect(sampler.iteration).toBe(0);
    expect(sampler.calls).toBe(0);
    expect(await pool.map((v: number) => v + 1, [1])).toEqual([2]); // the user's pool stays open
  });

  // What a serial run reports as bad output (INVALID_LIKELIHOOD), a pool's worker meets as a
  // result it cannot send back or a promise that can never settle: the same code either way.
  it.each([
    ['a generator function', /got a generator object/, /generator object: is logLikelihood a generator function/,
      function* (x: Float64Array, scale: number) {
        yield -0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2) + logNorm;
      }],
    ['a blob that cannot be copied', /its blob cannot be copied \(.*could not be cloned/, /could not be sent back to the master \(.*could not be cloned/,
      (x: Float64Array, scale: number) => [-0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2) + logNorm, x[0] > limit ? { f: () => 1 } : { r: x[0] }]],
  ])('reports %s with the serial run\'s code, iteration and parameters', async (_what, serialReason, poolReason, logLikelihood) => {
    const options = { ...problem, logLikelihood: logLikelihood as SamplerOptions['logLikelihood'], logLikelihoodCaptures: { mu, logNorm, limit } };
    const serialError = await rejection(new Sampler(options).run({ nTotal: N_TOTAL }));
    const poolError = await rejection(new Sampler({ ...options, pool: keep(new ThreadPool({ size: 2 })) }).run({ nTotal: N_TOTAL }));
    expect(serialError.code).toBe('INVALID_LIKELIHOOD');
    expect(poolError.code).toBe(serialError.code);
    expect(poolError.iteration).toBe(serialError.iteration);
    expect(poolError.parameters).toEqual(serialError.parameters);
    expect(serialError.message).toMatch(serialReason);
    expect(poolError.message).toMatch(poolReason);
  });

  it('reports a likelihood promise that never settles in a worker as INVALID_LIKELIHOOD naming the parameters', async () => {
    const never = async (x: Float64Array, scale: number) => (x[0] > limit ? new Promise<number>(() => {}) : -0.5 * scale * ((x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2) + logNorm);
    const sampler = new Sampler({ ...problem, logLikelihood: never, logLikelihoodCaptures: { mu, logNorm, limit }, pool: keep(new ThreadPool({ size: 2 })) });
    const error = await rejection(sampler.run({ nTotal: N_TOTAL }));
    expect(error.code).toBe('INVALID_LIKELIHOOD');
    expect(error.message).toMatch(/^logLikelihood returned a promise that never settled at x = \[.*\] \(iteration \d+\): the event loop ran out of work/);
    expect(error.parameters![0]).toBeGreaterThan(limit);
  });

  it('closes the pool it created when run() ends, also when run() throws', async () => {
    const close = vi.spyOn(ThreadPool.prototype, 'close');
    try {
      await new Sampler({ ...problem, pool: 2 }).run({ nTotal: N_TOTAL });
      expect(close).toHaveBeenCalledTimes(1);
      const failing = (x: Float64Array) => {
        if (x[0] > 0) throw new Error('no');
        return 0;
      };
      const error = await rejection(new Sampler({ ...problem, logLikelihood: failing, logLikelihoodCaptures: undefined, pool: 2 }).run({ nTotal: N_TOTAL }));
      expect(error.code).toBe('LIKELIHOOD_THREW');
      expect(close).toHaveBeenCalledTimes(2);
    } finally {
      close.mockRestore();
    }
  });
});
