import { currentClosing, type ClosingSample } from '../run/closing-draw.js';
import type { RunState } from '../run/run-state.js';
import { annealedEvidenceOf, type AnnealedEvidence } from './annealed-evidence.js';
import { historyBeyondDraws } from './closing-coverage.js';
import type { ConvergenceCheck } from './convergence.js';
import { paretoTailSize } from '../math/pareto-shape.js';

/**
 * Largest Pareto tail shape k-hat of the closing sample's weights whose error can be trusted:
 * below 1/2 their variance is finite and the central limit theorem holds (Vehtari et al. 2024,
 * "Pareto smoothed importance sampling"); above it the reported error is too small.
 */
export const CLOSING_MAX_PARETO_SHAPE = 0.5;

/**
 * Smallest Kish ESS per draw of a closing sample whose estimate can be trusted on the strength of
 * its ESS. ESS / M estimates 1 / (1 + chi^2(p || q)), so at least 1/2 means the mixture is within
 * a chi-square divergence of 1 of the posterior, the regime where importance sampling behaves as
 * its error says (Agapiou, Papaspiliopoulos, Sanz-Alonso & Stuart 2017). A mixture of ellipsoids
 * on a curved ridge falls below it: on the 10-D Rosenbrock chain 0.02-0.40 (with k-hat as low as
 * 0.28, and log Z up to 12 errors low), where the problems of the accuracy suite that the mixture
 * covers had 0.63-0.91. The value was chosen on that suite (BENCHMARKS.md, session 11). Below it,
 * a sample with bounded weights may still be trusted (see {@link CLOSING_BOUNDED_SHAPE}).
 */
export const CLOSING_MIN_EFFICIENCY = 0.5;

/**
 * The tail shape at or below which a closing sample's weights are bounded. A generalized Pareto
 * tail of shape k <= 0 has a finite upper end: the ratio p / q stays below a bound wherever the
 * draws went, so the mixture is wider than the posterior there, as on a thin shell that
 * ellipsoids cover with room to spare (ESS 0.19-0.25 per draw with k-hat -0.43 to -0.05 on the
 * 5-D and 10-D shells, the log Z right to its error). A mixture that misses part of a curved
 * ridge leaves a heavy tail instead (k-hat 0.28-0.57 on the Rosenbrock chain, 0.03-0.59 on the
 * funnels). Such a sample is trusted from {@link CLOSING_MIN_BOUNDED_ESS} effective draws, when
 * the history confirms that the draws saw every region it holds ({@link CLOSING_MAX_HISTORY_BEYOND}),
 * and k-hat, an estimate, is within {@link CLOSING_BOUNDED_SHAPE_ERRORS} of its standard errors
 * of this shape (see {@link boundedShapeLimit}).
 */
export const CLOSING_BOUNDED_SHAPE = 0;

/**
 * Standard errors of k-hat by which it may exceed {@link CLOSING_BOUNDED_SHAPE} for weights that
 * count as bounded. k-hat comes from the M largest weights (192 of 4,096 draws) with a standard
 * error of about 1 / sqrt(M) at k = 0 (0.072), and the prior's pull to 1/2 lifts it by about 0.03:
 * weights with an exponential tail (k = 0) give k-hat above 0 in 69% of samples of 4,096 and above
 * 2 / sqrt(M) in 7%, Pareto ones of shape 0.3 below it in 3% (`closing-check.test.ts`). On the
 * 20-D shells, whose weights are bounded, half the runs had k-hat 0.00-0.13 and were not trusted
 * at a limit of 0 (BENCHMARKS.md, session 28).
 */
export const CLOSING_BOUNDED_SHAPE_ERRORS = 2;

/**
 * The largest k-hat of a closing sample's weights that count as bounded: {@link CLOSING_BOUNDED_SHAPE}
 * plus {@link CLOSING_BOUNDED_SHAPE_ERRORS} standard errors of the estimate, 1 / sqrt(M) for its
 * M tail weights (0.144 for 4,096 draws, 0.121 for 8,192, 0.102 for 16,384).
 * @param draws - the draws whose weights were fitted
 * @returns the limit
 */
export function boundedShapeLimit(draws: number): number {
  return CLOSING_BOUNDED_SHAPE + CLOSING_BOUNDED_SHAPE_ERRORS / Math.sqrt(paretoTailSize(draws));
}

/**
 * Fewest effective draws (Kish ESS) of a closing sample trusted for its bounded weights. Its
 * error is then right to about 5%: the delta-method error's own relative error is about
 * 1 / sqrt(2 ESS) for light-tailed weights. Where the mixture is much wider than the posterior
 * (a 20-D shell: ESS 0.07-0.08 per draw) the sample draws more batches to reach it (see
 * `closingTopUp`); the divergence itself is judged by k-hat and the history, not by the ESS per draw.
 */
export const CLOSING_MIN_BOUNDED_ESS = 400;

/**
 * Largest share of the history's posterior weight that may lie beyond the largest ratio p / q of
 * the closing draws (`historyBeyondDraws`), in units of the draws' error in log Z, for a
 * sample trusted for its bounded weights. A region the mixture lacks lowers the draws' log Z by
 * about its share; the history, an independent sample of the posterior, sees it where the draws
 * do not. Up to the draws' own error it cannot change the result beyond what the error says.
 * (Where the mixture covers the posterior the share is about the largest ratio over the number
 * of draws: 0-0.004 on the shells, against errors near 0.03.)
 */
export const CLOSING_MAX_HISTORY_BEYOND = 1;

/**
 * Fewest particles' worth of weight (a mode's share at beta = 1 times `nParticles`) the lightest
 * mode of the closing fit may hold before the closing sample's error must allow for a lost mode.
 * The draws see only the modes the particles kept, and a mode that m particles' worth of weight
 * would hold is missed by a resampling with probability about e^-m, once per iteration (more
 * while it is lighter at lower beta); a lost mode the size of the lightest one kept shifts
 * log Z by about that share, beyond the draws' own error. The allowance is that shift times the
 * square root of the chance, measured over the run (`modeLossChances`). On the 2-D egg box, whose
 * lightest modes hold 2% (5 particles' worth of 256), half the runs lost one and the closing
 * sample was up to 4.3 errors low (BENCHMARKS.md, session 11); with 512 particles the corners held
 * 8-10 particles' worth and one run of 20 had lost one (session 12). Modes lighter than the
 * closing sample's error are left out: losing one of their size costs less than the error.
 */
export const CLOSING_MIN_MODE_PARTICLES = 10;

/** The lightest mode of a closing fit, when it is light enough that one of its size may have been lost. */
export interface LightMode {
  /** Its share of the posterior. */
  share: number;
  /** share × nParticles. */
  particles: number;
  /** Modes in the fit. */
  modes: number;
  /** The chance that a twin of it was emptied by one of the run's resamplings (`modeLossChances`). */
  lossChance: number;
  /**
   * ln(1 + share) × sqrt(lossChance): the root-mean-square shift of log Z from a twin of this
   * mode, as heavy, that the run kept with probability 1 - lossChance and otherwise lost.
   */
  error: number;
}

/**
 * The lightest mode of the closing fit, if it holds fewer than {@link CLOSING_MIN_MODE_PARTICLES}
 * particles' worth (modes lighter than the draws' error are not counted).
 * @param closing - the sample
 * @param nParticles - active particles per iteration of the run
 * @returns the mode, or undefined when every mode counted is heavier
 */
export function lightModeOf(closing: ClosingSample, nParticles: number): LightMode | undefined {
  let lightest = -1;
  closing.modeShares.forEach((share, m) => {
    if (share >= closing.estimate.logzErr && (lightest < 0 || share < closing.modeShares[lightest])) lightest = m;
  });
  const share = lightest < 0 ? Infinity : closing.modeShares[lightest];
  if (!(share * nParticles < CLOSING_MIN_MODE_PARTICLES)) return undefined;
  const lossChance = closing.modeLossChances[lightest];
  return { share, particles: share * nParticles, modes: closing.modeShares.length, lossChance, error: Math.log1p(share) * Math.sqrt(lossChance) };
}

/**
 * The closing sample's error with a lost mode allowed for: the draws' own error and, where the
 * lightest mode is light enough to have had a twin lost ({@link lightModeOf}), that mode's shift
 * of log Z, in quadrature. Added as a second error, not as a bias: most runs lose nothing.
 * @param closing - the sample
 * @param nParticles - active particles per iteration of the run
 * @returns the standard error
 */
export function closingErrorOf(closing: ClosingSample, nParticles: number): number {
  return Math.hypot(closing.estimate.logzErr, lightModeOf(closing, nParticles)?.error ?? 0);
}

/**
 * |z| of the difference between the closing sample's log Z and the anneal's beyond which they
 * disagree. Both errors are honest where the estimates are (on the study's problems the anneal's
 * scatter was at most 1.2 times its error), so 4 leaves false alarms near 1 in 10,000, while the
 * case it is for, a region one estimate lacks, gave z of 20 (BENCHMARKS.md, session 10: box-5).
 */
export const CLOSING_Z_LIMIT = 4;

/**
 * Whether a closing sample's fitted mixture is close to the posterior: an ESS of at least
 * {@link CLOSING_MIN_EFFICIENCY} per draw from it. Draws made for orphan regions (see
 * `ClosingSample.orphanRegions`) cover what the fitted mixture lacked; they measure nothing about
 * how close it is to the posterior. A sample short of this is trusted only for bounded weights,
 * which rest on the history to show that the draws saw every region (see {@link untrustedClosing}).
 * @param closing - the sample
 * @returns true when the ESS per draw from the fitted mixture is at least {@link CLOSING_MIN_EFFICIENCY}
 */
export function closeToPosterior(closing: ClosingSample): boolean {
  const { ess, draws } = closing.estimate;
  return ess >= CLOSING_MIN_EFFICIENCY * (draws - closing.orphanDraws);
}

/**
 * Why a closing sample's error cannot be trusted, or undefined when it can: a light tail of its
 * weights and a mixture close to the posterior, or, short of that, a mixture wider than the
 * posterior everywhere the draws went with no region of the history beyond their reach. (Light
 * modes widen the error instead: see {@link closingErrorOf}.)
 * @param closing - the sample
 * @param historyBeyond - the history's weight beyond the draws' largest ratio (`historyBeyondDraws`)
 * @returns the reason in a clause, or undefined when k-hat is at most {@link CLOSING_MAX_PARETO_SHAPE}
 *   and the ESS per draw at least {@link CLOSING_MIN_EFFICIENCY}, or, with k-hat at most
 *   {@link boundedShapeLimit} (bounded weights), an ESS of at least {@link CLOSING_MIN_BOUNDED_ESS} with the history's
 *   weight beyond the draws at most {@link CLOSING_MAX_HISTORY_BEYOND} errors
 */
export function untrustedClosing(closing: ClosingSample, historyBeyond: number): string | undefined {
  const { paretoShape, logz, logzErr, ess, draws } = closing.estimate;
  if (!(Number.isFinite(logz) && Number.isFinite(logzErr))) return `no draw of its ${draws} has a positive weight`;
  const truncated = closing.truncatedDensities ?? 0;
  if (truncated > 0) return `its proposal's density left out periodic images 2 periods away or nearer in ${truncated} evaluations, to keep within the image budget (components wide along many periodic coordinates), so its weights there are too large`;
  if (!(paretoShape <= CLOSING_MAX_PARETO_SHAPE)) return `the tail of its weights is too heavy to trust its error (k-hat = ${paretoShape.toFixed(2)}, above ${CLOSING_MAX_PARETO_SHAPE})`;
  if (closeToPosterior(closing)) return undefined;
  const fitted = draws - closing.orphanDraws;
  const limit = boundedShapeLimit(draws);
  if (!(paretoShape <= limit)) {
    return `the fitted mixture is too far from the posterior to trust its error (ESS ${Math.round(ess)} of ${fitted} draws from it, below ${CLOSING_MIN_EFFICIENCY} per draw, and k-hat = ${paretoShape.toFixed(2)} above ${limit.toFixed(2)}, ${CLOSING_BOUNDED_SHAPE_ERRORS} of its standard errors above ${CLOSING_BOUNDED_SHAPE}, so its weights are not bounded)`;
  }
  if (!(ess >= CLOSING_MIN_BOUNDED_ESS)) {
    return `its weights are bounded (k-hat = ${paretoShape.toFixed(2)}) but its ESS, ${Math.round(ess)} of ${draws} draws, is below ${CLOSING_MIN_BOUNDED_ESS}, too few effective draws to trust its error`;
  }
  if (!(historyBeyond <= CLOSING_MAX_HISTORY_BEYOND * logzErr)) {
    return `its ESS is ${Math.round(ess)} of ${draws} draws and the history holds ${(100 * historyBeyond).toPrecision(2)}% of the posterior where the fitted mixture is thinner than at any draw, more than the draws' error (${logzErr.toFixed(3)}): the draws lack a region the chains found`;
  }
  return undefined;
}

/**
 * The z of the closing sample's log Z against the anneal's.
 * @param closing - the sample
 * @param closingError - its error with a lost mode allowed for ({@link closingErrorOf})
 * @param annealed - the anneal's estimate
 * @returns (closing - anneal) / sqrt(sum of squared errors)
 */
export function closingDisagreement(closing: ClosingSample, closingError: number, annealed: AnnealedEvidence): number {
  return (closing.estimate.logz - annealed.logz) / Math.hypot(closingError, annealed.logzErr);
}

/**
 * With a closing sample whose error can be trusted: whether it agrees with the anneal. They
 * estimate one log Z from different draws, so a disagreement means one lacks a region the other
 * has: the anneal a region found only late (it then runs low), or the fitted mixture a mode the
 * history holds at beta = 1 (the closing sample then runs low).
 * @param state - the run
 * @returns the check, or undefined without a current closing sample
 */
export function closingCheck(state: RunState): ConvergenceCheck | undefined {
  const closing = currentClosing(state);
  if (closing === undefined) return undefined;
  const name = 'closing';
  const { logz, paretoShape, draws } = closing.estimate;
  const untrusted = untrustedClosing(closing, historyBeyondDraws(state, closing));
  if (untrusted !== undefined) {
    return { name, passed: true, tested: false, statistic: 0, detail: `The closing sample was not compared with the anneal: ${untrusted}.` };
  }
  const annealed = annealedEvidenceOf(state);
  const error = closingErrorOf(closing, state.nParticles);
  const z = closingDisagreement(closing, error, annealed);
  const passed = !(Math.abs(z) > CLOSING_Z_LIMIT);
  const figures = `the closing sample's log Z = ${logz.toFixed(3)} ± ${error.toFixed(3)} (${draws} draws, k-hat ${paretoShape.toFixed(2)}) against the anneal's ${annealed.logz.toFixed(3)} ± ${annealed.logzErr.toFixed(3)} (z = ${z.toFixed(2)})`;
  return {
    name, passed, tested: true, statistic: z,
    detail: passed
      ? `The closing sample agrees with the anneal: ${figures}.`
      : `The closing sample and the anneal disagree: ${figures}. One of them lacks a region the other has: ${z > 0 ? 'the anneal one found only as the temperature fell, so the anneal is probably too low' : 'the fitted mixture a mode the history holds at beta = 1, or the anneal one it over-weights'}.`,
  };
}
