import { describe, expect, it } from 'vitest';
import { Sampler } from '../src/index.js';
import { runStateFromFile, runStateToFile } from '../src/state/run-state-codec.js';
import { ORPHAN_ROUNDS } from '../src/run/closing-orphans.js';
import { quietly } from './helpers.js';

/**
 * The accuracy suite's unequal pair in 5-D: N(-4, 0.5^2 I) with weight 0.2 and N(+4, 1.5^2 I)
 * with weight 0.8 in U(-10, 10)^5. Tempering under-weights the narrow mode (its tempered share is
 * 0.4% at beta = 0 and reaches 20% only at beta = 1), so a few lineages hold it.
 */
const d = 5;
const logNormal = (x: Float64Array, centre: number, width: number) => {
  let s = 0;
  for (let j = 0; j < d; j++) s += ((x[j] - centre) / width) ** 2;
  return -0.5 * s - d * Math.log(width * Math.sqrt(2 * Math.PI));
};
const unequalPair = {
  nDim: d,
  priorTransform: (u: Float64Array) => Float64Array.from(u, (v) => 20 * v - 10),
  logLikelihood: (x: Float64Array) => {
    const a = Math.log(0.2) + logNormal(x, -4, 0.5);
    const b = Math.log(0.8) + logNormal(x, 4, 1.5);
    const m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  },
};
// Closed form: the normal masses inside the box (the wide component loses 3.2e-5 of its mass per coordinate at 10).
const TRUE_LOGZ = -14.978687;

/**
 * The accuracy suite's unequal-gauss-5: the same widths and weights, but the centres at -4 e1 and
 * +4 e1, so the narrow mode lies 5 of the wide one's widths from it. Its normal masses inside
 * the box give the same log Z to six decimals.
 */
const onAxis = (x: Float64Array, centre: number, width: number) => {
  let s = ((x[0] - centre) / width) ** 2;
  for (let j = 1; j < d; j++) s += (x[j] / width) ** 2;
  return -0.5 * s - d * Math.log(width * Math.sqrt(2 * Math.PI));
};
const unequalOnAxis = {
  ...unequalPair,
  logLikelihood: (x: Float64Array) => {
    const a = Math.log(0.2) + onAxis(x, -4, 0.5);
    const b = Math.log(0.8) + onAxis(x, 4, 1.5);
    const m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  },
};

/**
 * UltraNest's spike and slab in 2-D, as in the accuracy suite: normalised Gaussians of equal
 * weight in U(-10, 10)^2, a slab of width 1 at (4, 4) and a spike of width 1000^(-1/2) = 0.032 at
 * the origin, in the slab's far tail. log Z = ln(4 / 400) (both masses inside the box 1 - 1e-9).
 */
const SPIKE = 1000 ** -0.5;
const spikeAndSlab = {
  nDim: 2,
  priorTransform: (u: Float64Array) => Float64Array.from(u, (v) => 20 * v - 10),
  logLikelihood: (x: Float64Array) => {
    const slab = -0.5 * ((x[0] - 4) ** 2 + (x[1] - 4) ** 2) - Math.log(2 * Math.PI);
    const spike = -0.5 * (x[0] ** 2 + x[1] ** 2) / SPIKE ** 2 - Math.log(2 * Math.PI * SPIKE ** 2);
    const m = Math.max(slab, spike);
    return Math.log(2) + m + Math.log(Math.exp(slab - m) + Math.exp(spike - m));
  },
};
const SPIKE_LOGZ = Math.log(4 / 400);

/**
 * A narrow Gaussian inside a wide one at the same centre, of equal mass (the phase change of
 * Skilling 2006, the accuracy suite's concentric-5): 0.5 N(0, 0.1^2 I) + 0.5 N(0, I) in
 * U(-5, 5)^5. The spike is 1e-5 of the slab's volume; tempering reaches it only through a chain
 * that happens to land there.
 */
const CONCENTRIC_WIDTH = 0.1;
const concentric = {
  nDim: d,
  priorTransform: (u: Float64Array) => Float64Array.from(u, (v) => 10 * v - 5),
  logLikelihood: (x: Float64Array) => {
    const a = Math.log(0.5) + logNormal(x, 0, CONCENTRIC_WIDTH);
    const b = Math.log(0.5) + logNormal(x, 0, 1);
    const m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  },
};
// Closed form; the box holds 1 - 6e-7 of the slab.
const CONCENTRIC_LOGZ = -11.512927;
const spikeWeight = (sampler: Sampler) => {
  const post = sampler.posterior({ trimImportanceWeights: false });
  let spike = 0;
  for (let i = 0; i < post.weights.length; i++) if (Math.hypot(...post.samples.row(i)) < 3 * CONCENTRIC_WIDTH * Math.sqrt(d)) spike += post.weights[i];
  return spike;
};

describe('orphan regions of the closing mixture', () => {
  it('draws from a mode that only a few particles reached and the clustering never split off, and gets log Z and its weight right', async () => {
    // Seed 5: one cluster throughout; the anneal's weights give the narrow mode 0.000 of the
    // posterior (log Z 0.22 low, 48 of its own errors before orphans were drawn from).
    const sampler = new Sampler({ ...unequalPair, randomState: 5 });
    await quietly(() => sampler.run({ nTotal: 4096 }));
    const e = sampler.evidence();
    expect(e.annealed!.logz - TRUE_LOGZ).toBeLessThan(-0.15);
    expect(e.closing!.orphanRegions).toBeGreaterThanOrEqual(1);
    expect(e.closing!.reason).toMatch(new RegExp(`lacked (one region|\\d regions) of high likelihood .* refitted over ${ORPHAN_ROUNDS} rounds, and the posterior is the draws' alone`));
    expect(e.closing!.used).toBe(true);
    // Trusted draws are compared with the anneal by the closing check; the orphans check is not made.
    expect(sampler.results().convergence.checks.map((c) => c.name)).not.toContain('orphans');
    // Refitted over the rounds, the orphan's component fits the mode: light-tailed weights.
    expect(e.closing!.paretoShape).toBeLessThan(0.5);
    expect(Math.abs(e.logz - TRUE_LOGZ)).toBeLessThan(3.5 * e.logzErr);
    // The posterior is the draws' alone: no history particle carries weight, and the narrow mode has its 0.2.
    const history = sampler.results().logl.length;
    const post = sampler.posterior({ trimImportanceWeights: false });
    expect(post.weights.subarray(0, history).every((w) => w === 0)).toBe(true);
    let narrow = 0;
    const first = post.samples.column(0);
    for (let i = 0; i < post.weights.length; i++) if (first[i] < 0) narrow += post.weights[i];
    expect(Math.abs(narrow - 0.2)).toBeLessThan(0.04);
  });

  it('climbs to a mode the anneal never populated from particles at the edge of the mixture, past its saddle, and weighs it', async () => {
    // Seed 34: six particles, at beta 0.09-0.53, came near the narrow mode but none into it; they
    // lie inside the wide mode's tempered reach (beta x squared distance 11-16), with no valley on
    // the path to its centre. The anneal and the fit have one mode; log Z was 0.22 low (z -45)
    // with every check passed. A step towards the wide centre lowers the likelihood at one of them.
    const sampler = new Sampler({ ...unequalOnAxis, randomState: 34 });
    await quietly(() => sampler.run({ nTotal: 4096 }));
    const e = sampler.evidence();
    expect(e.annealed!.logz - TRUE_LOGZ).toBeLessThan(-0.15);
    expect(e.closing!.climbs!.edgeClimbs).toBeGreaterThanOrEqual(1);
    expect(e.closing!.reason).toMatch(/regions of history particles at the edge of its fitted mixture, (one|\d+) turned away from every mode it has/);
    expect(e.closing!.orphanRegions).toBeGreaterThanOrEqual(1);
    expect(Math.abs(e.logz - TRUE_LOGZ)).toBeLessThan(3.5 * e.logzErr);
    let narrow = 0;
    const post = sampler.posterior({ trimImportanceWeights: false });
    const first = post.samples.column(0);
    for (let i = 0; i < post.weights.length; i++) if (first[i] < 0) narrow += post.weights[i];
    expect(Math.abs(narrow - 0.2)).toBeLessThan(0.04);
  });

  it('anneals again with jumps into a spike that only its closing sample found, or reports the draws\' log Z with the disagreement as its error', async () => {
    // Seed 14: no particle of the anneal reached the spike (log Z 0.52 low, 8 of its errors); the
    // closing sample's orphan rounds found it, with weights light enough to trust (k-hat below 0).
    const again = new Sampler({ ...spikeAndSlab, randomState: 14 });
    await quietly(() => again.run({ nTotal: 4096 }));
    const first = again.firstPass!;
    expect(first.logz - SPIKE_LOGZ).toBeLessThan(-0.4);
    const disagreement = first.checks.find((c) => c.name === 'closing')!;
    expect(disagreement).toMatchObject({ passed: false, tested: true });
    expect(disagreement.statistic).toBeGreaterThan(4);
    expect(disagreement.detail).toMatch(/the anneal one found only as the temperature fell, so the anneal is probably too low/);
    const e = again.evidence();
    expect(Math.abs(e.logz - SPIKE_LOGZ)).toBeLessThan(3.5 * e.logzErr);
    expect(again.results().convergence.converged).toBe(true);
    let spike = 0;
    const post = again.posterior({ trimImportanceWeights: false });
    for (let i = 0; i < post.weights.length; i++) if (Math.hypot(...post.samples.row(i)) < 0.3) spike += post.weights[i];
    expect(Math.abs(spike - 0.5)).toBeLessThan(0.04);

    // Without a second pass the run reports the draws' log Z, the error widened to their
    // difference from the anneal, and says the two disagree.
    const once = new Sampler({ ...spikeAndSlab, randomState: 14, reanneal: false });
    await quietly(() => once.run({ nTotal: 4096 }));
    const onceEvidence = once.evidence();
    expect(onceEvidence.annealed!.logz).toBe(first.logz);
    expect(onceEvidence.closing!.used).toBe(true);
    expect(onceEvidence.logzErr).toBeGreaterThan(0.4);
    expect(Math.abs(onceEvidence.logz - SPIKE_LOGZ)).toBeLessThan(onceEvidence.logzErr);
    const verdict = once.results().convergence;
    expect(verdict.converged).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'closing')!.passed).toBe(false);
    expect(verdict.summary).toMatch(/The closing sample and the anneal disagree/);
  });

  it('finds a spike that no particle of the history held but a chain passed through, among the best proposals it evaluated', async () => {
    // Seed 2: one proposal at beta = 0.04 landed in the spike and its chain walked on; the history
    // (where chains ended) never held a point there, and before the best proposals were kept the
    // run reported ln 2 too low, converged, 227 of its errors off.
    const inSpike = (x: Float64Array, i: number) => Math.hypot(x[2 * i], x[2 * i + 1]) < 0.117;
    const once = new Sampler({ ...spikeAndSlab, randomState: 2, reanneal: false });
    await quietly(() => once.run({ nTotal: 4096 }));
    const state = (once as unknown as { state: { history: { x: Float64Array; length: number }; standouts: { snapshot(): { u: Float64Array } } } }).state;
    expect(Array.from({ length: state.history.length }, (_, i) => inSpike(state.history.x, i)).some(Boolean)).toBe(false);
    const best = state.standouts.snapshot().u.map((v) => 20 * v - 10);
    expect(Array.from({ length: best.length / 2 }, (_, i) => inSpike(best, i)).some(Boolean)).toBe(true);
    expect(once.evidence().closing!.orphanRegions).toBeGreaterThanOrEqual(1);
    expect(once.results().convergence.checks.find((c) => c.name === 'closing')).toMatchObject({ passed: false, tested: true });

    const again = new Sampler({ ...spikeAndSlab, randomState: 2 });
    await quietly(() => again.run({ nTotal: 4096 }));
    const e = again.evidence();
    expect(Math.abs(e.logz - SPIKE_LOGZ)).toBeLessThan(3.5 * e.logzErr);
    expect(again.results().convergence.converged).toBe(true);
  });

  it('finds the core of a spike inside the slab from an orphan on its flank, with components from the pooled width down to 1/64 of it', async () => {
    // Seed 2: one history particle reached the spike's flank (0.27 from its centre, 2.7 of its
    // widths). Drawn from the pooled (slab) scale alone, the orphan rounds never reached the core:
    // the closing sample was untrusted and the run reported ln 2 too low, converged, 6.6 errors off.
    const once = new Sampler({ ...concentric, randomState: 2, reanneal: false });
    await quietly(() => once.run({ nTotal: 4096 }));
    const closing = once.evidence().closing!;
    expect(closing.orphanRegions).toBe(1);
    expect(closing.logz - CONCENTRIC_LOGZ).toBeGreaterThan(-0.05);
    // The draws lie far above the anneal, which lacks the spike: the closing check fails...
    expect(once.results().convergence.checks.find((c) => c.name === 'closing')).toMatchObject({ passed: false, tested: true });
    expect(once.results().convergence.checks.find((c) => c.name === 'closing')!.statistic).toBeGreaterThan(4);

    // ... and with a second pass the chains jump into the region the draws found.
    const again = new Sampler({ ...concentric, randomState: 2 });
    await quietly(() => again.run({ nTotal: 4096 }));
    expect(again.firstPass!.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['closing']);
    const e = again.evidence();
    expect(Math.abs(e.logz - CONCENTRIC_LOGZ)).toBeLessThan(3.5 * e.logzErr);
    expect(e.logzErr).toBeLessThan(0.02);
    expect(again.results().convergence.converged).toBe(true);
    expect(Math.abs(spikeWeight(again) - 0.5)).toBeLessThan(0.04);
  });

  it('sets aside the few draws that hold most of the weight, so the region they hit is an orphan region', async () => {
    // Seed 9: a few closing draws reached the spike's flank, the largest ratio 3 above the next
    // (no gap of ORPHAN_OUTLIER_GAP) but holding 93% of the weight. Measured against it, the
    // history's particle in the spike was no orphan, and the run reported ln 2 too low, converged.
    const once = new Sampler({ ...concentric, randomState: 9, reanneal: false });
    await quietly(() => once.run({ nTotal: 4096 }));
    expect(once.evidence().closing!.orphanRegions).toBeGreaterThanOrEqual(1);
    const again = new Sampler({ ...concentric, randomState: 9 });
    await quietly(() => again.run({ nTotal: 4096 }));
    const e = again.evidence();
    expect(Math.abs(e.logz - CONCENTRIC_LOGZ)).toBeLessThan(3.5 * e.logzErr);
    expect(again.results().convergence.converged).toBe(true);
  });

  it('keeps its orphans in a state file, and refuses a damaged count', async () => {
    const sampler = new Sampler({ ...unequalPair, randomState: 5 });
    await quietly(() => sampler.run({ nTotal: 4096 }));
    const state = (sampler as unknown as { state: Parameters<typeof runStateToFile>[0] }).state;
    const contents = runStateToFile(state);
    const again = runStateFromFile(contents, 'ok.state');
    const closing = (again as unknown as { closing: { orphanRegions: number; orphanDraws: number } }).closing;
    const original = sampler.evidence().closing!;
    expect(closing.orphanRegions).toBe(original.orphanRegions);
    expect(closing.orphanDraws).toBeGreaterThan(0);
    // The regions' shares, which the orphans check reads; a second pass's components are not kept.
    const shares = (again as unknown as { closing: { orphanShares: { draws: number; history: number }; orphanGuide?: unknown } }).closing;
    const originalShares = (state as unknown as { closing: { orphanShares: { draws: number; history: number } } }).closing.orphanShares;
    expect(shares.orphanShares).toEqual(originalShares);
    expect(originalShares.draws).toBeGreaterThan(0.1);
    expect(shares.orphanGuide).toBeUndefined();
    // A file from before the shares were kept: the check cannot be made.
    const withoutShares = runStateToFile(state);
    withoutShares.arrays['closing.orphans'] = (withoutShares.arrays['closing.orphans'] as Float64Array).slice(0, 2);
    const loaded = runStateFromFile(withoutShares, 'older.state') as unknown as { closing: { orphanShares: { draws: number } } };
    expect(loaded.closing.orphanShares.draws).toBeNaN();
    // A file from before orphans has no such array: none were drawn.
    const older = runStateToFile(state);
    delete older.arrays['closing.orphans'];
    expect((runStateFromFile(older, 'old.state') as unknown as { closing: { orphanRegions: number } }).closing.orphanRegions).toBe(0);
    // The search by climbs, and a file from before it was kept (its lost-mode allowance stands).
    const climbs = (again as unknown as { closing: { climbs?: { candidates: number; complete: boolean } } }).closing.climbs;
    expect(climbs).toEqual(original.climbs);
    expect(climbs!.calls).toBeGreaterThan(0);
    expect(climbs).toBeDefined();
    const beforeClimbs = runStateToFile(state);
    delete beforeClimbs.arrays['closing.climbs'];
    expect((runStateFromFile(beforeClimbs, 'old.state') as unknown as { closing: { climbs?: unknown } }).closing.climbs).toBeUndefined();
    // The edge particles' tests are kept too; a file from before them holds six values.
    expect(climbs).toHaveProperty('edgeTests');
    const beforeEdges = runStateToFile(state);
    beforeEdges.arrays['closing.climbs'] = (beforeEdges.arrays['closing.climbs'] as Float64Array).slice(0, 6);
    const sixValues = (runStateFromFile(beforeEdges, 'old.state') as unknown as { closing: { climbs: Record<string, unknown> } }).closing.climbs;
    expect(sixValues).toEqual({ candidates: original.climbs!.candidates, tested: original.climbs!.tested, valleys: original.climbs!.valleys, climbs: original.climbs!.climbs, complete: original.climbs!.complete, calls: original.climbs!.calls });
    const badClimbs = runStateToFile(state);
    badClimbs.arrays['closing.climbs'] = Float64Array.of(3, 4, 0, 0, 1, 0);
    expect(() => runStateFromFile(badClimbs, 'bad.state')).toThrow(/closing\.climbs: it must be a float64 array of six or nine whole numbers: candidates, tested \(at most the candidates\)/);
    badClimbs.arrays['closing.climbs'] = Float64Array.of(3, 2, 0, 0, 1, 0, 5, 1, 2);
    expect(() => runStateFromFile(badClimbs, 'bad.state')).toThrow(/closing\.climbs: .*edge particles tested, turned \(at most the tested\) and climbed from \(at most the turned\)/);
    const bad = runStateToFile(state);
    bad.arrays['closing.orphans'] = Float64Array.of(1.5, 0);
    expect(() => runStateFromFile(bad, 'bad.state')).toThrow(/closing\.orphans: it must be a float64 array of two whole numbers/);
    bad.arrays['closing.orphans'] = Float64Array.of(1, 10, 1.5, 0);
    expect(() => runStateFromFile(bad, 'bad.state')).toThrow(/closing\.orphans: .*shares of the draws' and of the history's posterior, each in \[0, 1\]/);
  });
});
