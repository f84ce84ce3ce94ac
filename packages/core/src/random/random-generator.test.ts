import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { RandomGenerator } from './random-generator.js';

const FC_SEED = 20240611;
const N = 200_000;
/** Every statistical check below allows this many standard errors. */
const SIGMAS = 5;

interface Moments {
  mean: number;
  variance: number;
  /** m4 / m2², the (non-excess) sample kurtosis. */
  kurtosis: number;
}

function moments(xs: Float64Array): Moments {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  const mean = sum / xs.length;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = xs[i] - mean;
    const r2 = r * r;
    m2 += r2;
    m4 += r2 * r2;
  }
  m2 /= xs.length;
  m4 /= xs.length;
  return { mean, variance: m2, kurtosis: m4 / (m2 * m2) };
}

function draw(n: number, f: () => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = f();
  return xs;
}

describe('RandomGenerator determinism', () => {
  it('gives identical streams for identical seeds', () => {
    const a = new RandomGenerator(12345);
    const b = new RandomGenerator(12345);
    for (let i = 0; i < 1000; i++) {
      expect(a.uniform()).toBe(b.uniform());
      expect(a.normal()).toBe(b.normal());
      expect(a.gamma(0.7)).toBe(b.gamma(0.7));
      expect(a.integer(1000)).toBe(b.integer(1000));
    }
  });

  it('gives different streams for seeds differing only above 32 bits, in sign or in the fraction', () => {
    const seeds = [0, 5, 5 + 2 ** 32, -1, 2 ** 32 - 1, 0.5, -0.5, 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e300];
    const firsts = seeds.map((s) => {
      const rng = new RandomGenerator(s);
      return [rng.uniform(), rng.uniform()].join(',');
    });
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('decorrelates neighbouring seeds from the first draw on', () => {
    // Sample correlation of independent uniforms has standard error 1/sqrt(n); bound at 5 sigma.
    const n = 10_000;
    const first = new Float64Array(n + 1);
    for (let s = 0; s <= n; s++) first[s] = new RandomGenerator(s).uniform();
    let sx = 0;
    let sy = 0;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let s = 0; s < n; s++) {
      const x = first[s];
      const y = first[s + 1];
      sx += x;
      sy += y;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
    const cov = sxy / n - (sx / n) * (sy / n);
    const corr = cov / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
    expect(Math.abs(corr)).toBeLessThan(SIGMAS / Math.sqrt(n));
  });

  it('round-trips its state, including a cached spare normal, through JSON', () => {
    const rng = new RandomGenerator(7);
    for (let i = 0; i < 37; i++) rng.uniform();
    rng.normal(); // odd count: the spare normal is cached
    const state = JSON.parse(JSON.stringify(rng.getState())) as number[];
    const restored = RandomGenerator.fromState(state);
    for (let i = 0; i < 500; i++) {
      expect(restored.normal()).toBe(rng.normal());
      expect(restored.uniform()).toBe(rng.uniform());
      expect(restored.gamma(2.5)).toBe(rng.gamma(2.5));
      expect(restored.integer(2 ** 40)).toBe(rng.integer(2 ** 40));
    }
    expect(restored.getState()).toEqual(rng.getState());
  });

  it('round-trips state at any point of any stream (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(200), (seed, skip) => {
        const rng = new RandomGenerator(seed);
        for (let i = 0; i < skip; i++) rng.normal();
        const restored = RandomGenerator.fromState(rng.getState());
        for (let i = 0; i < 5; i++) {
          if (restored.normal() !== rng.normal()) return false;
          if (restored.uniform() !== rng.uniform()) return false;
        }
        return true;
      }),
      { seed: FC_SEED, numRuns: 200 },
    );
  });

  it('fills buffers with the same values as successive single draws', () => {
    const a = new RandomGenerator(99);
    const b = new RandomGenerator(99);
    const buf = new Float64Array(11).fill(-7);
    a.fillNormal(buf, 2, 5);
    expect(buf[0]).toBe(-7);
    expect(buf[1]).toBe(-7);
    for (let i = 2; i < 7; i++) expect(buf[i]).toBe(b.normal());
    expect(buf[7]).toBe(-7);
    a.fillUniform(buf, 3);
    for (let i = 3; i < 11; i++) expect(buf[i]).toBe(b.uniform());
    const whole = new Float64Array(4);
    a.fillUniform(whole);
    for (let i = 0; i < 4; i++) expect(whole[i]).toBe(b.uniform());
  });
});

describe('RandomGenerator argument checks', () => {
  const rng = new RandomGenerator(1);
  const throwsInvalid = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(TempestError.is(e)).toBe(true);
      expect((e as TempestError).code).toBe('INVALID_ARGUMENT');
      return;
    }
    throw new Error('expected a TempestError');
  };

  it('rejects non-finite seeds and malformed states', () => {
    throwsInvalid(() => new RandomGenerator(Number.NaN));
    throwsInvalid(() => new RandomGenerator(Number.POSITIVE_INFINITY));
    throwsInvalid(() => RandomGenerator.fromState([1, 2, 3]));
    throwsInvalid(() => RandomGenerator.fromState([0, 0, 0, 0, 0, 0]));
    throwsInvalid(() => RandomGenerator.fromState([1.5, 2, 3, 4, 0, 0]));
    throwsInvalid(() => RandomGenerator.fromState([1, 2, 3, 4, 2, 0]));
    throwsInvalid(() => RandomGenerator.fromState([1, 2, 3, 4, 1, Number.NaN]));
  });

  it('rejects invalid gamma shapes, integer ranges and fill ranges', () => {
    for (const shape of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) throwsInvalid(() => rng.gamma(shape));
    for (const n of [0, -3, 2.5, Number.NaN, 2 ** 53 + 2]) throwsInvalid(() => rng.integer(n));
    const buf = new Float64Array(4);
    throwsInvalid(() => rng.fillUniform(buf, 2, 3));
    throwsInvalid(() => rng.fillNormal(buf, -1, 1));
    throwsInvalid(() => rng.fillNormal(buf, 0.5, 1));
  });
});

describe('RandomGenerator ranges', () => {
  it('keeps uniform in [0, 1) and uniformOpen in (0, 1) (property)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = new RandomGenerator(seed);
        for (let i = 0; i < 200; i++) {
          const u = rng.uniform();
          const v = rng.uniformOpen();
          if (!(u >= 0 && u < 1 && v > 0 && v < 1)) return false;
        }
        return true;
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('keeps integer(n) in {0..n-1} for n up to 2^53 (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.maxSafeNat().map((n) => n + 1)), (seed, n) => {
        const rng = new RandomGenerator(seed);
        for (let i = 0; i < 50; i++) {
          const k = rng.integer(n);
          if (!(Number.isInteger(k) && k >= 0 && k < n)) return false;
        }
        return true;
      }),
      { seed: FC_SEED, numRuns: 500 },
    );
    expect(new RandomGenerator(3).integer(1)).toBe(0);
  });

  it('draws integer outcomes with equal frequency (chi-square)', () => {
    // Pearson's statistic for k categories is approximately chi2(k-1): mean k-1, sd sqrt(2(k-1)).
    const chiSquare = (rng: RandomGenerator, n: number, k: number, bucket: (x: number) => number, draws: number) => {
      const counts = new Float64Array(k);
      for (let i = 0; i < draws; i++) counts[bucket(rng.integer(n))]++;
      const expected = draws / k;
      let stat = 0;
      for (let j = 0; j < k; j++) stat += (counts[j] - expected) ** 2 / expected;
      return stat;
    };
    const rng = new RandomGenerator(2024);
    const small = chiSquare(rng, 7, 7, (x) => x, 70_000);
    expect(small).toBeLessThan(6 + SIGMAS * Math.sqrt(12));
    // n = 3·2^40 exercises the 53-bit path; its thirds are [0, 2^40), [2^40, 2^41), [2^41, 3·2^40).
    const large = chiSquare(rng, 3 * 2 ** 40, 3, (x) => Math.floor(x / 2 ** 40), 60_000);
    expect(large).toBeLessThan(2 + SIGMAS * 2);
  });
});

describe('RandomGenerator distributions', () => {
  it('has uniform mean 1/2 and variance 1/12', () => {
    const rng = new RandomGenerator(101);
    const xs = new Float64Array(N);
    rng.fillUniform(xs);
    const m = moments(xs);
    // SE(mean) = sqrt(1/12 / n); SE(variance) = sqrt((mu4 - sigma^4) / n) with mu4 = 1/80.
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(SIGMAS * Math.sqrt(1 / 12 / N));
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(SIGMAS * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it('has normal mean 0, variance 1 and kurtosis 3', () => {
    const rng = new RandomGenerator(202);
    const xs = new Float64Array(N);
    rng.fillNormal(xs);
    const m = moments(xs);
    // SE(mean) = 1/sqrt(n); SE(variance) = sqrt(2/n); SE(kurtosis) = sqrt(24/n) for Gaussian data.
    expect(Math.abs(m.mean)).toBeLessThan(SIGMAS / Math.sqrt(N));
    expect(Math.abs(m.variance - 1)).toBeLessThan(SIGMAS * Math.sqrt(2 / N));
    expect(Math.abs(m.kurtosis - 3)).toBeLessThan(SIGMAS * Math.sqrt(24 / N));
  });

  it('has normal tails matching P(|Z| > 2) = 0.0455003', () => {
    const rng = new RandomGenerator(203);
    let count = 0;
    for (let i = 0; i < N; i++) if (Math.abs(rng.normal()) > 2) count++;
    const p = 0.04550026389635842;
    // Binomial count: SE = sqrt(n p (1 - p)).
    expect(Math.abs(count - N * p)).toBeLessThan(SIGMAS * Math.sqrt(N * p * (1 - p)));
  });

  for (const shape of [0.3, 1, 2.5, 30]) {
    it(`has gamma(${shape}) mean and variance equal to the shape`, () => {
      const rng = new RandomGenerator(300 + shape * 10);
      const xs = draw(N, () => rng.gamma(shape));
      let min = Infinity;
      for (let i = 0; i < N; i++) min = Math.min(min, xs[i]);
      expect(min).toBeGreaterThanOrEqual(0);
      const m = moments(xs);
      // Gamma(k, 1): variance k, central fourth moment 3k^2 + 6k.
      // SE(mean) = sqrt(k/n); SE(variance) = sqrt((3k^2 + 6k - k^2) / n).
      expect(Math.abs(m.mean - shape)).toBeLessThan(SIGMAS * Math.sqrt(shape / N));
      expect(Math.abs(m.variance - shape)).toBeLessThan(SIGMAS * Math.sqrt((2 * shape * shape + 6 * shape) / N));
    });
  }
});
