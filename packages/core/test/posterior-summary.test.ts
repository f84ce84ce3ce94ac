// sampler.summary() and posterior({ resample: true }) on runs whose answers are known: circular
// statistics of a phase straddling 0 = 2π, the information H of a Gaussian in a box, the
// maximum-likelihood particle, and equal-weight draws. Tolerances come from the run's own errors
// (genealogical standard errors from `expectation`, `informationErr`) at a stated number of sigmas;
// seeds are fixed.
import { beforeAll, describe, expect, it } from 'vitest';
import { Sampler, TempestError, priors } from '../src/index.js';
import { gaussianProblem } from './helpers.js';

const SIGMAS = 4;
const KAPPA = 50;

/** Circular distance between two angles, in [0, π]. */
const angleGap = (a: number, b: number) => Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));

describe('summary() of a phase whose posterior straddles 0 = 2π', () => {
  // φ = 2πu (periodic) with a von Mises likelihood of concentration κ centred on φ = 0, beside an
  // ordinary Gaussian parameter a.
  const sampler = new Sampler({
    nDim: 2,
    priorTransform: priors.independentPrior(priors.uniform(0, 2 * Math.PI), priors.uniform(-5, 5)),
    logLikelihood: ([phi, a]: Float64Array) => KAPPA * (Math.cos(phi) - 1) - 0.5 * (a - 1) ** 2,
    periodic: [0],
    parameterNames: ['phase', 'a'],
    parameterLabels: ['$\\phi$', '$a$'],
    randomState: 5,
  });
  beforeAll(() => sampler.run({ nTotal: 2048 }), 120_000);

  it('gives the circular mean near 0 and the von Mises spread, not the linear 3.1 ± 2.5', () => {
    const { parameters } = sampler.summary();
    const phase = parameters[0];
    expect(phase).toMatchObject({ name: 'phase', label: '$\\phi$', circular: { low: 0, high: 2 * Math.PI } });
    // The circular mean is atan2(E sin φ, E cos φ): its error is the error of E sin φ over R.
    const sin = sampler.expectation((x) => Math.sin(x[0]));
    const cos = sampler.expectation((x) => Math.cos(x[0]));
    const R = Math.hypot(sin.mean, cos.mean);
    expect(phase.mean).toBeGreaterThanOrEqual(0);
    expect(phase.mean).toBeLessThan(2 * Math.PI);
    expect(angleGap(phase.mean, 0)).toBeLessThan((SIGMAS * sin.error) / R);
    // Von Mises: R = I1(κ)/I0(κ) = 1 − 1/(2κ) − 1/(8κ²) − … ; circular sd √(−2 ln R) = 0.1421 at κ = 50.
    const exactR = 1 - 1 / (2 * KAPPA) - 1 / (8 * KAPPA ** 2) - 1 / (8 * KAPPA ** 3);
    const exactSd = Math.sqrt(-2 * Math.log(exactR));
    const sdError = cos.error / (R * exactSd); // d sd / dR = −1/(R sd), and R's error is E cos φ's
    expect(Math.abs(phase.sd - exactSd)).toBeLessThan(SIGMAS * sdError + 1e-3);
    expect(phase.circular!.resultantLength).toBeCloseTo(R, 3);
    // Quantiles on the recentred axis: one interval around the mean, about ±1.645 sd wide.
    expect(phase.q05).toBeLessThan(phase.q16);
    expect(phase.q16).toBeLessThan(phase.q50);
    expect(phase.q84).toBeLessThan(phase.q95);
    expect(angleGap(phase.q50, 0)).toBeLessThan(0.05);
    expect((phase.q95 - phase.q05) / (2 * 1.6449 * exactSd)).toBeGreaterThan(0.9);
    expect((phase.q95 - phase.q05) / (2 * 1.6449 * exactSd)).toBeLessThan(1.1);
    // The ordinary parameter keeps linear statistics.
    expect(parameters[1].circular).toBeUndefined();
    expect(parameters[1].name).toBe('a');
  });
});

describe('summary() of a unit Gaussian in the box U(-10, 10)^2', () => {
  const d = 2;
  const sampler = new Sampler({ ...gaussianProblem([1, -1]), randomState: 3 });
  beforeAll(() => sampler.run({ nTotal: 2048 }), 120_000);

  it('reports the information H = ln(V_prior / V_post) within its error', () => {
    // KL(posterior ‖ prior) = E[ln L] − ln Z = −d/2 + ln(V) − (d/2) ln(2π) = ln(400 / (2πe)) for d = 2.
    const exact = Math.log(20 ** d) - (d / 2) * Math.log(2 * Math.PI * Math.E);
    const { information, informationErr } = sampler.summary();
    expect(informationErr).toBeGreaterThan(0);
    expect(informationErr).toBeLessThan(0.3);
    expect(Math.abs(information - exact)).toBeLessThan(SIGMAS * informationErr);
  });

  it('reports the maximum-likelihood particle: the stored particle of highest ln L', () => {
    const { maxLikelihood, parameters } = sampler.summary();
    const { logl, x } = sampler.results();
    let best = 0;
    for (let s = 1; s < logl.length; s++) if (logl[s] > logl[best]) best = s;
    expect(maxLikelihood.logl).toBe(logl[best]);
    expect(maxLikelihood.parameters).toEqual({ x0: x.get(best, 0), x1: x.get(best, 1) });
    expect(parameters.map((p) => p.maxLikelihood)).toEqual([x.get(best, 0), x.get(best, 1)]);
    // Of thousands of draws near the peak, the best lies within 0.1 of it (ln L within 0.005 of the top).
    expect(Math.hypot(x.get(best, 0) - 1, x.get(best, 1) + 1)).toBeLessThan(0.1);
    expect(parameters.map((p) => p.name)).toEqual(['x0', 'x1']);
    expect(parameters.map((p) => p.label)).toEqual(['x0', 'x1']);
  });

  it('posterior({ resample: true }) gives equal-weight draws whose mean is the weighted mean within Monte Carlo error', () => {
    const weighted = sampler.posterior();
    const equal = sampler.posterior({ resample: true });
    const n = equal.weights.length;
    expect(n).toBe(weighted.weights.length);
    expect(new Set(equal.weights)).toEqual(new Set([1 / n]));
    for (let j = 0; j < d; j++) {
      let mean = 0;
      let variance = 0;
      for (let i = 0; i < weighted.weights.length; i++) mean += weighted.weights[i] * weighted.samples.get(i, j);
      for (let i = 0; i < weighted.weights.length; i++) variance += weighted.weights[i] * (weighted.samples.get(i, j) - mean) ** 2;
      let equalMean = 0;
      for (let i = 0; i < n; i++) equalMean += equal.samples.get(i, j) / n;
      // Systematic resampling's error is below multinomial's, whose standard deviation is σ/√n.
      expect(Math.abs(equalMean - mean)).toBeLessThan(SIGMAS * Math.sqrt(variance / n));
    }
  });
});

describe('options a scientist gets wrong in the first week', () => {
  const base = { nDim: 2, priorTransform: (u: Float64Array) => u, logLikelihood: () => 0 };
  const problems = (options: object): string => {
    try {
      new Sampler({ ...base, ...options } as never);
    } catch (error) {
      expect(TempestError.is(error, 'INVALID_CONFIGURATION')).toBe(true);
      return (error as Error).message;
    }
    throw new Error('no error');
  };

  it('refuses a parameter named weight, logl or blob, and TeX in a name', () => {
    expect(problems({ parameterNames: ['a', 'weight'] })).toMatch(/parameterNames\[1\] is "weight", which samples\.csv uses for its own column \(weight, logl, blob are reserved\)\. Rename the parameter/);
    expect(problems({ parameterNames: ['logl', 'b'] })).toMatch(/parameterNames\[0\] is "logl"/);
    expect(problems({ parameterNames: ['$A$', 'b'] })).toMatch(/parameterNames\[0\] is "\$A\$", which looks like TeX.*Give the TeX as parameterLabels\[0\].*e\.g\. "A"/);
    expect(problems({ parameterNames: ['a', 'a'] })).toMatch(/parameterNames\[1\] repeats "a"/);
    expect(problems({ parameterNames: ['a'] })).toMatch(/parameterNames must be 2 non-empty strings/);
    expect(problems({ parameterLabels: ['$a$'] })).toMatch(/parameterLabels must be 2 non-empty strings/);
  });

  it('labels default to the names', () => {
    const s = new Sampler({ ...base, parameterNames: ['m', 'c'] });
    expect(s.options.parameterLabels).toEqual(['m', 'c']);
    expect(new Sampler(base).options.parameterNames).toEqual(['x0', 'x1']);
  });

  it('maps the names other samplers use (seed, nlive, n_particles, nparticles) to the options', () => {
    expect(problems({ seed: 1 })).toMatch(/unknown option "seed"; Tempest calls it randomState: use randomState\./);
    expect(problems({ n_particles: 100 })).toMatch(/unknown option "n_particles"; options are camelCase: use nParticles\./);
    expect(problems({ nparticles: 100 })).toMatch(/unknown option "nparticles"; did you mean nParticles\?/);
    expect(problems({ nlive: 100 })).toMatch(/use nParticles/);
  });

  it('refuses a misspelt posterior() option with the one meant', async () => {
    const s = new Sampler({ ...base, randomState: 1 });
    await s.run({ nTotal: 200 });
    expect(() => s.posterior({ resampel: true } as never)).toThrow(/unknown posterior\(\) option "resampel"; did you mean resample\?/);
    expect(() => s.posterior({ return_blobs: true } as never)).toThrow(/did you mean returnBlobs\?/);
    await expect(s.run({ seed: 3 } as never)).rejects.toThrow(/seed is an option of the Sampler, not of run\(\): pass it to new Sampler\(\{ \.\.\., randomState \}\)/);
  });
});
