import { describe, expect, it } from 'vitest';
import { Sampler } from '../src/index.js';
import { runStateFromFile, runStateToFile } from '../src/state/run-state-codec.js';
import { gaussianLogZ, gaussianProblem, kishEss, weightedMoments } from './helpers.js';

const mu = [0.5, -1, 2, 0];
const problem = gaussianProblem(mu);
const truth = gaussianLogZ(mu.length);

async function closedRun(seed = 7, draws = 2048) {
  const sampler = new Sampler({ ...problem, randomState: seed, closingDraws: draws });
  await sampler.run({ nTotal: 1024 });
  return sampler;
}

describe('the closing importance sample (closingDraws)', () => {
  it('reports its log Z, error and draws on a Gaussian, where it covers the truth', async () => {
    const sampler = await closedRun();
    const e = sampler.evidence();
    expect(e.closing?.used).toBe(true);
    expect(e.closing!.draws).toBe(2048);
    expect(e.closing!.paretoShape).toBeLessThan(0.5);
    expect(e.logz).toBe(e.closing!.logz);
    expect(e.logzErr).toBe(e.closing!.logzErr);
    // Independent draws from a fitted Student-t: the error is the usual sqrt(Var w / M) / mean w, and a fixed
    // seed lands within 4 of it (p > 0.9999 for a calibrated error).
    expect(Math.abs(e.logz - truth)).toBeLessThan(4 * e.logzErr);
    // On 2,048 draws that error is several times smaller than the anneal's.
    expect(e.logzErr).toBeLessThan(e.annealed!.logzErr / 3);
    const check = sampler.convergence().checks.find((c) => c.name === 'closing');
    expect(check).toMatchObject({ passed: true, tested: true });
  });

  it('adds its draws to the posterior, whose ESS and moments they improve', async () => {
    const sampler = await closedRun();
    const history = sampler.results().logl.length;
    const calls = sampler.evidence().closing!.calls;
    const post = sampler.posterior({ trimImportanceWeights: false });
    expect(post.weights.length).toBe(history + calls);
    expect(kishEss(post.weights)).toBeGreaterThan(1024 + 0.5 * calls);
    for (let j = 0; j < mu.length; j++) {
      const { mean, variance } = weightedMoments(post.samples, post.weights, j);
      // Unit variance: with ESS above 2,000 the mean's error is below 0.03.
      expect(Math.abs(mean - mu[j])).toBeLessThan(0.1);
      expect(Math.abs(variance - 1)).toBeLessThan(0.15);
    }
  });

  it('counts its calls and survives a state file: no second sample on resume', async () => {
    const sampler = await closedRun();
    const again = new Sampler({ ...problem, randomState: 7, closingDraws: 2048 });
    again.loadStateBytes(sampler.stateBytes());
    expect(again.evidence()).toEqual(sampler.evidence());
    expect(again.posterior().weights).toEqual(sampler.posterior().weights);
    await again.run({ nTotal: 1024 });
    expect(again.calls).toBe(sampler.calls);
  });

  it('closes each replicate run, and the combined log Z is the runs\' closing estimates combined', async () => {
    const sampler = new Sampler({ ...problem, randomState: 21, closingDraws: 2048, nRuns: 2 });
    await sampler.run({ nTotal: 1024 });
    const e = sampler.evidence() as ReturnType<Sampler['evidence']> & { runs: { logz: number; logzErr: number }[] };
    expect(e.runs).toHaveLength(2);
    for (const r of e.runs) expect(r.logzErr).toBeLessThan(0.05);
    expect(Math.abs(e.logz - truth)).toBeLessThan(4 * e.logzErr);
    expect(sampler.convergence().checks.filter((c) => c.name === 'closing')).toHaveLength(2);
  });

  it('goes stale when iterations are added, and run() draws it again', async () => {
    const sampler = await closedRun();
    await sampler.sample();
    expect(sampler.evidence().closing).toBeUndefined();
    const before = sampler.calls;
    await sampler.run({ nTotal: 1024 });
    const closing = sampler.evidence().closing!;
    // The draws' calls and the search's (the edge particles' steps, here; no climbs).
    expect(closing.climbs!.calls).toBeGreaterThan(0);
    expect(sampler.calls).toBe(before + closing.calls + closing.climbs!.calls);
  });

  it('leaves the run\'s generator and clustering alone: a run extended after it equals one that asked for more from the start', async () => {
    const extended = await closedRun(7);
    await extended.run({ nTotal: 2048 });
    const direct = new Sampler({ ...problem, randomState: 7, closingDraws: 2048 });
    await direct.run({ nTotal: 2048 });
    expect(extended.results().logl).toEqual(direct.results().logl);
    expect(extended.evidence()).toEqual(direct.evidence());
    // Only the first closing sample's calls are extra.
    expect(extended.calls - direct.calls).toBeGreaterThan(1500);
  });

  it('fails the verdict when it disagrees with the anneal: the anneal stands where the draws are lower, the draws where they are higher, with the error widened to the difference', async () => {
    const sampler = await closedRun();
    const state = (sampler as unknown as { state: { closing: { estimate: { logz: number } } } }).state;
    const drawn = state.closing.estimate.logz;
    // Draws 1 below the anneal: their mixture lacks a mode the history holds, and the anneal stands.
    state.closing.estimate = { ...state.closing.estimate, logz: drawn - 1 };
    let e = sampler.evidence();
    expect(e.closing?.used).toBe(false);
    expect(e.logz).toBe(e.annealed!.logz);
    expect(e.logzErr).toBeGreaterThan(0.9);
    const verdict = sampler.convergence();
    expect(verdict.converged).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'closing')).toMatchObject({ passed: false, tested: true });
    expect(verdict.summary).toMatch(/closing sample and the anneal disagree/);
    // Draws 1 above it: the anneal lacks a region the draws have (trusted draws are too high only by
    // chance), so the closing sample's log Z and posterior are reported, with the difference as error.
    state.closing.estimate = { ...state.closing.estimate, logz: drawn + 1 };
    e = sampler.evidence();
    expect(e.closing?.used).toBe(true);
    expect(e.closing!.reason).toMatch(/combined errors above the anneal's log Z .*the anneal lacks a region the draws have/);
    expect(e.logz).toBe(drawn + 1);
    expect(e.logzErr).toBeCloseTo(drawn + 1 - e.annealed!.logz, 12);
    expect(sampler.convergence().converged).toBe(false);
    expect(sampler.posterior({ trimImportanceWeights: false }).weights.length).toBeGreaterThan(sampler.results().logl.length);
  });

  it('stands as a floor under the anneal when draws whose error cannot be trusted lie more than one error above it: their log Z with the difference as error, the anneal\'s posterior and verdict', async () => {
    const sampler = await closedRun();
    const state = (sampler as unknown as { state: { closing: { estimate: { logz: number; ess: number; paretoShape: number } } } }).state;
    const verdict = sampler.convergence();
    const annealed = sampler.evidence().annealed!;
    // A heavy tail (k-hat 0.6) and few effective draws (300 of 4096): not trusted, not compared.
    state.closing.estimate = { ...state.closing.estimate, ess: 300, paretoShape: 0.6, logz: annealed.logz + 3 * annealed.logzErr };
    const e = sampler.evidence();
    expect(e.closing).toMatchObject({ used: false, floor: true });
    expect(e.closing!.reason).toMatch(/too heavy to trust its error \(k-hat = 0\.60, above 0\.5\)\. But its log Z lies \d\.\d combined errors above the anneal's .* the anneal is probably too low/);
    expect(e.logz).toBe(annealed.logz + 3 * annealed.logzErr);
    expect(e.logzErr).toBeCloseTo(3 * annealed.logzErr, 12);
    // The verdict is not touched: the draws are not compared with the anneal, whose checks stand.
    expect(sampler.convergence().converged).toBe(verdict.converged);
    expect(sampler.convergence().checks.find((c) => c.name === 'closing')).toMatchObject({ passed: true, tested: false });
    expect(sampler.posterior({ trimImportanceWeights: false }).weights.length).toBe(sampler.results().logl.length);
    // Within one combined error, below the anneal, with k-hat 1 (no finite mean) or fewer than 30
    // effective draws: the anneal stands. k-hat 0.75 with 300 still stands as a floor.
    for (const change of [{ logz: annealed.logz + 0.5 * annealed.logzErr }, { logz: annealed.logz - 3 * annealed.logzErr }, { paretoShape: 1 }, { ess: 29 }]) {
      state.closing.estimate = { ...state.closing.estimate, logz: annealed.logz + 3 * annealed.logzErr, ...change };
      expect(sampler.evidence()).toMatchObject({ logz: annealed.logz, logzErr: annealed.logzErr, closing: { used: false, floor: false } });
    }
    state.closing.estimate = { ...state.closing.estimate, logz: annealed.logz + 3 * annealed.logzErr, paretoShape: 0.75, ess: 300 };
    expect(sampler.evidence()).toMatchObject({ logz: annealed.logz + 3 * annealed.logzErr, closing: { used: false, floor: true } });
  });

  it('is not used, nor compared, when k-hat says its weights are too heavy-tailed', async () => {
    const sampler = await closedRun();
    const state = (sampler as unknown as { state: { closing: { estimate: { paretoShape: number } } } }).state;
    state.closing.estimate = { ...state.closing.estimate, paretoShape: 0.8 };
    const e = sampler.evidence();
    expect(e.closing).toMatchObject({ used: false, paretoShape: 0.8 });
    expect(e.closing!.reason).toMatch(/too heavy to trust its error \(k-hat = 0\.80, above 0\.5\)/);
    expect(e).toMatchObject({ logz: e.annealed!.logz, logzErr: e.annealed!.logzErr });
    expect(sampler.convergence().checks.find((c) => c.name === 'closing')).toMatchObject({ passed: true, tested: false });
    expect(sampler.posterior({ trimImportanceWeights: false }).weights.length).toBe(sampler.results().logl.length);
  });

  it('is not used when its ESS is below half its draws and its weights are not bounded: a mixture too far from the posterior', async () => {
    const sampler = await closedRun();
    const state = (sampler as unknown as { state: { closing: { estimate: { ess: number; paretoShape: number } } } }).state;
    state.closing.estimate = { ...state.closing.estimate, ess: 800, paretoShape: 0.2 };
    const e = sampler.evidence();
    expect(e.closing?.used).toBe(false);
    expect(e.closing!.reason).toMatch(/too far from the posterior to trust its error \(ESS 800 of 2048 draws from it, below 0\.5 per draw, and k-hat = 0\.20 above 0\.17, 2 of its standard errors above 0, so its weights are not bounded\)/);
    expect(e.logz).toBe(e.annealed!.logz);
    // Bounded weights (k-hat at most 2 / sqrt(135) = 0.17 for 2,048 draws: 0 within twice the
    // estimate's standard error) are trusted from 400 effective draws.
    state.closing.estimate = { ...state.closing.estimate, ess: 800, paretoShape: -0.2 };
    expect(sampler.evidence().closing?.used).toBe(true);
    state.closing.estimate = { ...state.closing.estimate, ess: 800, paretoShape: 0.15 };
    expect(sampler.evidence().closing?.used).toBe(true);
    state.closing.estimate = { ...state.closing.estimate, ess: 200, paretoShape: -0.2 };
    expect(sampler.evidence().closing!.reason).toMatch(/its weights are bounded \(k-hat = -0\.20\) but its ESS, 200 of 2048 draws, is below 400/);
  });

  it('is used on a thin shell, where the mixture is wider than the posterior (ESS under half the draws, bounded weights), and draws on until its ESS is half a batch', async () => {
    // One Gaussian shell in 5-D, radius 2 and width 0.1, under U(-4, 4)^5. Z = S_4 E[r^4] / 8^5 with
    // S_4 = 8 pi^2 / 3 the unit 4-sphere's area and E[r^4] = R^4 + 6 R^2 w^2 + 3 w^4 under N(R, w^2)
    // (its mass below r = 0 is 20 widths away).
    const R = 2;
    const w = 0.1;
    const shell = {
      nDim: 5,
      priorTransform: (u: Float64Array) => u.map((v) => 8 * v - 4),
      logLikelihood: (x: Float64Array) => -0.5 * Math.log(2 * Math.PI) - Math.log(w) - (Math.hypot(...x) - R) ** 2 / (2 * w * w),
    };
    const trueLogZ = Math.log(((8 * Math.PI ** 2) / 3) * (R ** 4 + 6 * R ** 2 * w ** 2 + 3 * w ** 4)) - 5 * Math.log(8);
    const sampler = new Sampler({ ...shell, randomState: 2 });
    await sampler.run();
    const e = sampler.evidence();
    const closing = e.closing!;
    // Over seeds 1-20 (default options) the ESS was 0.18-0.20 per draw and k-hat -0.50 to -0.20;
    // the sample drew three batches of 4,096 (ESS about 2,300) and was used in every run, 11 of
    // 20 within one error, RMS 0.022 against a mean error of 0.019 and a bias of +0.002.
    expect(closing.draws).toBe(3 * 4096);
    expect(closing.ess).toBeGreaterThan(0.5 * 4096);
    expect(closing.calls).toBeGreaterThan(0.99 * closing.draws);
    expect(closing.ess / closing.draws).toBeGreaterThan(0.1);
    expect(closing.ess / closing.draws).toBeLessThan(0.5);
    expect(closing.paretoShape).toBeLessThanOrEqual(0);
    expect(closing.historyBeyond).toBeLessThan(closing.logzErr);
    expect(closing.used).toBe(true);
    expect(e.logzErr).toBeLessThan(e.annealed!.logzErr);
    expect(Math.abs(e.logz - trueLogZ)).toBeLessThan(4 * e.logzErr);
  });

  it('adds ln(1 + share) times the square root of the chance that a twin was lost, for its lightest mode under 10 particles\' worth', async () => {
    const sampler = await closedRun();
    const state = (sampler as unknown as { state: { closing: { modeShares: Float64Array; modeLossChances: Float64Array; climbs?: { candidates: number; complete: boolean }; estimate: { logzErr: number } } } }).state;
    // One mode in the fit, all the weight: 256 particles' worth, nothing to lose.
    expect(Array.from(state.closing.modeShares)).toEqual([expect.closeTo(1, 12)]);
    expect(Array.from(state.closing.modeLossChances)).toEqual([0]);
    // A Gaussian: no particle outside the mixture, a search with nothing to test.
    expect(state.closing.climbs).toMatchObject({ candidates: 0, complete: true });
    const draws = state.closing.estimate.logzErr;
    // A twin certain to have been lost (the allowance of a state file without the chances) shifts log Z by ln(1 + share).
    state.closing.modeShares = Float64Array.of(0.97, 0.03);
    state.closing.modeLossChances = Float64Array.of(0, 1);
    const e = sampler.evidence();
    expect(e.closing).toMatchObject({ used: true, logzErr: draws, lostModeErr: Math.log1p(0.03) });
    expect(e.logzErr).toBeCloseTo(Math.hypot(draws, Math.log1p(0.03)), 15);
    expect(e.logz).toBe(e.closing!.logz);
    expect(e.closing!.reason).toMatch(/lightest of its 2 modes holds 3\.0% of the posterior, 7\.7 particles' worth of 256 \(below 10; 334 particles would hold 10\): a twin of it, which the draws would not see, would have been emptied by one of the run's resamplings before its particles would lie outside the fitted mixture, where the climbs find them, with probability 1\.0, so 0\.030 \(ln\(1 \+ share\) × its square root\) is added to their error in quadrature/);
    // The comparison with the anneal uses the widened error too.
    expect(sampler.convergence().checks.find((c) => c.name === 'closing')?.detail).toMatch(new RegExp(`closing sample's log Z = -?[0-9.]+ ± ${e.logzErr.toFixed(3)}`));
    // With a chance of 0.04 the root-mean-square shift is a fifth of that.
    state.closing.modeLossChances = Float64Array.of(0, 0.04);
    expect(sampler.evidence().closing?.lostModeErr).toBeCloseTo(0.2 * Math.log1p(0.03), 15);
    expect(sampler.evidence().closing!.reason).toMatch(/with probability 0\.040, so 0\.006 /);
    // At 10 particles' worth nothing is added.
    state.closing.modeLossChances = Float64Array.of(0, 1);
    state.closing.modeShares = Float64Array.of(0.96, 0.04);
    expect(sampler.evidence()).toMatchObject({ logzErr: draws, closing: { used: true, lostModeErr: 0 } });
    // A mode lighter than the draws' error (about 0.007 here) is not counted: losing one of its size costs less.
    state.closing.modeShares = Float64Array.of(0.999, 0.001);
    expect(sampler.evidence().closing?.lostModeErr).toBe(0);
    // Where the widened error is no smaller than the anneal's, the anneal stands.
    state.closing.modeShares = Float64Array.of(0.62, 0.38);
    Object.assign(state, { nParticles: 16 });
    const wide = sampler.evidence();
    expect(wide.closing?.used).toBe(false);
    expect(wide.closing!.reason).toMatch(/^Its error with a lost mode allowed for, 0\.32[0-9], is no smaller than the anneal's, so log Z is the anneal's\. The lightest of its 2 modes holds 38% of the posterior, 6\.1 particles' worth of 16/);
    expect(wide).toMatchObject({ logz: wide.annealed!.logz, logzErr: wide.annealed!.logzErr });
    // Without a complete search (a state file from before it), the chance is of any loss.
    state.closing.climbs = undefined;
    expect(sampler.evidence().closing!.reason).toMatch(/would have been emptied by one of the run's resamplings with probability 1\.0/);
  });

  it('gives expectations over the history and its draws, each draw a lineage of its own', async () => {
    const sampler = await closedRun();
    const { samples, weights } = sampler.posterior({ trimImportanceWeights: false });
    let direct = 0;
    for (let i = 0; i < samples.n; i++) direct += weights[i] * samples.get(i, 0);
    let importanceVariance = 0;
    for (let i = 0; i < samples.n; i++) importanceVariance += (weights[i] * (samples.get(i, 0) - direct)) ** 2;
    const { mean, error } = sampler.expectation((x) => x[0]);
    expect(mean).toBeCloseTo(direct, 12);
    expect(Math.abs(mean - mu[0])).toBeLessThan(4 * error);
    // Never below the importance-sampling error, and the independent draws make it smaller than the history's alone.
    expect(error).toBeGreaterThanOrEqual(Math.sqrt(importanceVariance) * (1 - 1e-12));
    const historyOnly = await closedRun(7, 0);
    expect(error).toBeLessThan(historyOnly.expectation((x) => x[0]).error);
  });

  it('handles a periodic coordinate (a phase that wraps through 0) and moves in the logit', async () => {
    // A von Mises phase centred at 0.1 (its mode straddles 0 = 2 pi) and a unit Gaussian: Z = 1 / (2 pi) x 1 / 20.
    const kappa = 4;
    const logI0 = Math.log(11.301921952136330); // I0(4)
    const periodic = {
      nDim: 2,
      priorTransform: (u: Float64Array) => Float64Array.of(2 * Math.PI * u[0], 20 * u[1] - 10),
      logLikelihood: (x: Float64Array) => kappa * Math.cos(x[0] - 0.1) - Math.log(2 * Math.PI) - logI0 - 0.5 * x[1] ** 2 - 0.5 * Math.log(2 * Math.PI),
      periodic: [0],
    };
    // Seed 5: on seeds 3, 4 and 6 k-hat is 0.52-0.54 (the ring cut into 3-5 clusters), just above the gate.
    const wrapped = new Sampler({ ...periodic, randomState: 5, closingDraws: 2048 });
    await wrapped.run({ nTotal: 1024 });
    const e = wrapped.evidence();
    expect(e.closing?.used).toBe(true);
    expect(Math.abs(e.logz - (-Math.log(2 * Math.PI) - Math.log(20)))).toBeLessThan(4 * e.logzErr);
    // Every coordinate through the logit: the draws map back to the cube with the Jacobian.
    const logit = new Sampler({ ...problem, randomState: 5, closingDraws: 2048, moveSpace: 'logit' });
    await logit.run({ nTotal: 1024 });
    const f = logit.evidence();
    expect(f.closing?.used).toBe(true);
    expect(Math.abs(f.logz - truth)).toBeLessThan(4 * f.logzErr);
  });

  it('folds at the prior\'s bounds: a posterior cut by a bound and coordinates the data ignore', async () => {
    // x0, x1 ~ N(0, 1) under U(0, 5) (half-normals against 0), x2 ~ N(0, 1) under U(-10, 10), x3
    // and x4 unconstrained (posterior = prior, filling the cube); x4 reflective.
    // Z = (P(0 < x < 5) / 5)^2 x P(|x| < 10) / 20.
    const halfNormal = {
      nDim: 5,
      priorTransform: (u: Float64Array) => Float64Array.of(5 * u[0], 5 * u[1], 20 * u[2] - 10, u[3], u[4]),
      logLikelihood: (x: Float64Array) => -1.5 * Math.log(2 * Math.PI) - 0.5 * (x[0] ** 2 + x[1] ** 2 + x[2] ** 2),
      reflective: [4],
    };
    const trueLogZ = 2 * Math.log(0.5 / 5) - Math.log(20);
    const sampler = new Sampler({ ...halfNormal, randomState: 3, closingDraws: 2048 });
    await sampler.run({ nTotal: 1024 });
    const e = sampler.evidence();
    // Folded, nearly every draw is kept and useful: without folding, the half-normals and the
    // flat coordinates lose about half of them and the ESS falls below half the draws.
    expect(e.closing!.calls).toBeGreaterThan(0.97 * 2048);
    expect(e.closing!.ess).toBeGreaterThan(0.5 * 2048);
    expect(e.closing?.used).toBe(true);
    expect(Math.abs(e.logz - trueLogZ)).toBeLessThan(4 * e.logzErr);
  });

  it('is refused in a state file whose arrays do not fit the run', async () => {
    const sampler = await closedRun();
    const state = (sampler as unknown as { state: Parameters<typeof runStateToFile>[0] }).state;
    const contents = runStateToFile(state);
    contents.arrays['closing.historyLogq'] = new Float64Array(3);
    expect(() => runStateFromFile(contents, 'bad.state')).toThrow(/closing\.historyLogq: it holds 3 values; it must hold \d+ \(one per history particle\)/);
    const noDraws = runStateToFile(state);
    delete noDraws.arrays['closing.logq'];
    expect(() => runStateFromFile(noDraws, 'bad.state')).toThrow(/closing\.logq: a closing sample needs this float64 array/);
    const badShares = runStateToFile(state);
    badShares.arrays['closing.modeShares'] = Float64Array.of(0.5, 0.2);
    expect(() => runStateFromFile(badShares, 'bad.state')).toThrow(/closing\.modeShares: it must hold at least one share, each in \[0, 1\], summing to 1 \(they sum to 0\.7\)/);
    const badLoss = runStateToFile(state);
    badLoss.arrays['closing.modeLoss'] = Float64Array.of(0.5, 0.5);
    expect(() => runStateFromFile(badLoss, 'bad.state')).toThrow(/closing\.modeLoss: it must be a float64 array of 1 chances \(one per mode share\), each in \[0, 1\]/);
  });

  it('keeps the chance that each mode\'s twin was lost in a state file; older files give chances of 1, the allowance before it was measured', async () => {
    const sampler = await closedRun();
    const state = (sampler as unknown as { state: Parameters<typeof runStateToFile>[0] & { closing: { modeShares: Float64Array; modeLossChances: Float64Array } } }).state;
    state.closing.modeShares = Float64Array.of(0.97, 0.03);
    state.closing.modeLossChances = Float64Array.of(0, 0.04);
    const contents = runStateToFile(state);
    expect(Array.from(contents.arrays['closing.modeLoss'] as Float64Array)).toEqual([0, 0.04]);
    expect(Array.from(runStateFromFile(contents, 'run.state').closing!.modeLossChances)).toEqual([0, 0.04]);
    delete contents.arrays['closing.modeLoss'];
    expect(Array.from(runStateFromFile(contents, 'old.state').closing!.modeLossChances)).toEqual([1, 1]);
  });
});
