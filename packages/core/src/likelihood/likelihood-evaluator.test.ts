import { SerialPool, shipFunction, type MapOptions, type Pool, type PoolFunction } from '@tempest/pool';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { LikelihoodEvaluator } from './likelihood-evaluator.js';
import { ParameterMatrix } from './parameter-matrix.js';

const identity = (u: Float64Array) => u;
const rows = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);

async function failure(p: Promise<unknown> | (() => unknown)): Promise<TempestError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(TempestError.is(e)).toBe(true);
    return e as TempestError;
  }
  throw new Error('expected a TempestError');
}

describe('LikelihoodEvaluator', () => {
  it('evaluates sync and async per-vector likelihoods with extra arguments', async () => {
    const out = new Float64Array(3);
    const sync = new LikelihoodEvaluator(identity, (x: Float64Array, a: number) => x[0] * a, 2, false, [10]);
    await sync.evaluate(out, rows, 3, 1);
    expect(Array.from(out)).toEqual([1, 3, 5]);
    const asyncEval = new LikelihoodEvaluator(identity, async (x: Float64Array) => -x[1], 2, false, []);
    await asyncEval.evaluate(out, rows, 3, 1);
    expect(Array.from(out)).toEqual([-0.2, -0.4, -0.6]);
    expect(asyncEval.calls).toBe(3);
  });

  it('lets the event loop run during a long serial batch of a synchronous likelihood', async () => {
    // What lets Ctrl-C save a state file mid-iteration: signal handlers run on the event loop.
    // 40 calls of 5 ms each: a 200 ms batch that gives the loop a turn about every 50 ms.
    let calls = 0;
    const slow = (x: Float64Array) => {
      const until = performance.now() + 5;
      while (performance.now() < until);
      calls++;
      return -x[0];
    };
    const ev = new LikelihoodEvaluator(identity, slow, 1, false, []);
    const x = Float64Array.from({ length: 40 }, (_, i) => i);
    const out = new Float64Array(40);
    let callsWhenTimerRan = -1;
    setTimeout(() => (callsWhenTimerRan = calls), 0);
    await ev.evaluate(out, x, 40, 1);
    expect(callsWhenTimerRan).toBeGreaterThan(0);
    expect(callsWhenTimerRan).toBeLessThan(40);
    expect(out[39]).toBe(-39);
  });

  it('collects blobs returned as [logL, blob]', async () => {
    const out = new Float64Array(3);
    const ev = new LikelihoodEvaluator(identity, (x: Float64Array) => [x[0], { sum: x[0] + x[1] }] as const, 2, false, []);
    const blobs = await ev.evaluate(out, rows, 3, 1);
    expect(blobs?.map((b) => (b as { sum: number }).sum)).toEqual([0.1 + 0.2, 0.3 + 0.4, 0.5 + 0.6]);
  });

  it('passes a ParameterMatrix to vectorized likelihoods and accepts {logl, blobs}', async () => {
    const out = new Float64Array(3);
    let seen: ParameterMatrix | undefined;
    const ev = new LikelihoodEvaluator(identity, (b: ParameterMatrix) => {
      seen = b;
      return { logl: b.column(0), blobs: b.rows().map((r) => r[1]) };
    }, 2, true, []);
    const blobs = await ev.evaluate(out, rows, 3, 1);
    expect(seen?.n).toBe(3);
    expect(seen?.row(2)[1]).toBe(0.6);
    expect(Array.from(out)).toEqual([0.1, 0.3, 0.5]);
    expect(blobs).toEqual([0.2, 0.4, 0.6]);
  });

  it('keeps -Infinity as zero likelihood', async () => {
    const out = new Float64Array(3);
    await new LikelihoodEvaluator(identity, () => -Infinity, 2, false, []).evaluate(out, rows, 3, 1);
    expect(Array.from(out)).toEqual([-Infinity, -Infinity, -Infinity]);
  });

  it.each([
    ['NaN', () => NaN, /logLikelihood returned NaN at x = \[0\.3, 0\.4\] \(iteration 7\)/, 'INVALID_LIKELIHOOD'],
    ['+Infinity', () => Infinity, /returned \+Infinity at x = \[0\.3, 0\.4\]/, 'INVALID_LIKELIHOOD'],
    ['a string', () => 'oops', /must return a number.*got string oops at x = \[0\.3, 0\.4\]/, 'INVALID_LIKELIHOOD'],
    ['undefined (a forgotten return)', () => undefined, /must return a number.*got undefined \(did the function forget `return`\?.*at x = \[0\.3, 0\.4\]/, 'INVALID_LIKELIHOOD'],
    ['a throw', () => { throw new Error('boom'); }, /logLikelihood threw at x = \[0\.3, 0\.4\] \(iteration 7\): boom/, 'LIKELIHOOD_THREW'],
    ['a rejection', async () => { throw new Error('late boom'); }, /threw at x = \[0\.3, 0\.4\].*late boom/, 'LIKELIHOOD_THREW'],
  ])('reports %s with the offending parameters', async (_name, bad, message, code) => {
    const fn = (x: Float64Array) => (x[0] === 0.3 ? (bad as () => number)() : 0);
    const e = await failure(new LikelihoodEvaluator(identity, fn, 2, false, []).evaluate(new Float64Array(3), rows, 3, 7));
    expect(e.message).toMatch(message);
    expect(e.code).toBe(code);
    expect(e.parameters).toEqual([0.3, 0.4]);
    expect(e.iteration).toBe(7);
  });

  it('rejects a vectorized result of the wrong length', async () => {
    const e = await failure(new LikelihoodEvaluator(identity, () => [1, 2], 2, true, []).evaluate(new Float64Array(3), rows, 3, 2));
    expect(e.message).toMatch(/must return 3 values for a batch of 3 vectors; got an array of length 2/);
  });

  it.each([
    ['a wrong length', () => [1], /must return 2 numbers \(nDim\); got an array of length 1/],
    ['a non-finite value', () => [1, NaN], /non-finite value NaN at index 1/],
    ['a throw', () => { throw new Error('bad u'); }, /priorTransform threw at u = \[0\.1, 0\.2\].*bad u/],
  ])('reports a prior transform returning %s', async (_name, prior, message) => {
    const ev = new LikelihoodEvaluator(prior as never, () => 0, 2, false, []);
    const e = await failure(() => ev.transform(new Float64Array(6), rows, 3, 4));
    expect(e.code).toBe('INVALID_PRIOR_TRANSFORM');
    expect(e.message).toMatch(message);
  });
});

describe('LikelihoodEvaluator on a pool of several workers', () => {
  /** A pool of 4 that runs tasks here, "measures" each task's time as cost(x), and keeps the options it got. */
  function fakePool(cost: (x: Float64Array) => number) {
    const seen: (MapOptions | undefined)[] = [];
    const serial = new SerialPool();
    const pool: Pool = {
      size: 4,
      async map<T, R>(fn: PoolFunction<T, R>, tasks: readonly T[], options?: MapOptions): Promise<R[]> {
        seen.push(options);
        tasks.forEach((t, i) => options?.durations?.set([cost(t as Float64Array)], i));
        return serial.map(fn, tasks);
      },
      close: () => serial.close(),
      isMaster: () => true,
      isWorker: () => false,
      wait: () => serial.wait(),
      [Symbol.asyncDispose]: () => serial.close(),
    };
    return { pool, seen };
  }
  const logl = (x: Float64Array) => -0.5 * (x[0] * x[0] + x[1] * x[1]);

  it('learns the cost by position and hints at it once the times vary and are predicted; results unchanged', async () => {
    const { pool, seen } = fakePool((x) => 10 ** x[0]);
    const ev = new LikelihoodEvaluator(identity, logl, 2, false, [], { pool: () => pool, shipped: shipFunction(logl) });
    let seed = 9;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let map = 0; map < 6; map++) {
      const u = Float64Array.from({ length: 128 * 2 }, random);
      const out = new Float64Array(128);
      await ev.evaluate(out, u, 128, 1, u);
      for (let i = 0; i < 128; i++) expect(out[i]).toBe(logl(u.subarray(2 * i, 2 * i + 2)));
    }
    expect(seen.every((o) => o?.durations?.length === 128)).toBe(true);
    expect(seen[0]?.costHints).toBeUndefined();
    const hints = seen.at(-1)?.costHints;
    expect(hints).toBeDefined();
    expect(hints!.length).toBe(128);
  });

  it('gives no hints when the cost is uniform, and none without unit-cube rows', async () => {
    const { pool, seen } = fakePool(() => 20);
    const ev = new LikelihoodEvaluator(identity, logl, 2, false, [], { pool: () => pool, shipped: shipFunction(logl) });
    const u = Float64Array.from({ length: 128 * 2 }, (_, i) => (i * 0.618) % 1);
    for (let map = 0; map < 4; map++) await ev.evaluate(new Float64Array(128), u, 128, 1, u);
    await ev.evaluate(new Float64Array(128), u, 128, 1);
    expect(seen.slice(0, 4).every((o) => o?.durations !== undefined && o.costHints === undefined)).toBe(true);
    expect(seen[4]).toBeUndefined();
  });
});
