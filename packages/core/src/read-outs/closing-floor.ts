import type { ClosingSample } from '../run/closing-draw.js';
import type { AnnealedEvidence } from './annealed-evidence.js';
import { closingDisagreement } from './closing-check.js';

/**
 * k-hat of a closing sample's weights below which its log Z may stand as a floor under the
 * anneal's. Below 1 the weights have a finite mean, so the draws' mean of L/q converges to Z
 * where the mixture covers the posterior; its error is no longer trustworthy above 0.5, but the
 * floor does not rest on that error (it reports their difference). What it rests on grows with
 * the tail: with Pareto ratios, samples of 4,096 lie more than one of their errors above their
 * mean in 13% of seeds at shape 0.4, 9% at 0.6, 5.5% at 0.8 and 2.5% at 0.9, and below it in 20%,
 * 34%, 61% and 80% (`closing-floor.test.ts`). Until session 23 the limit was 0.7 (where
 * Pareto-smoothed estimates stop converging at a usable rate, Vehtari et al. 2024); on the nautilus
 * paper's 10-D Rosenbrock the draws of the two runs that came out 1.03 and 0.85 low, unflagged
 * (z -5.4 and -7.0), had k-hat 0.74 and 0.78 and lay 0.70 and 0.58 above them (BENCHMARKS.md).
 */
export const CLOSING_FLOOR_MAX_SHAPE = 1;

/**
 * Fewest effective draws (Kish ESS) of a closing sample whose log Z may stand as a floor. The
 * largest weight's share is at most 1 / sqrt(ESS), so from 30 effective draws no single draw
 * holds more than 18% of them and none alone lifts log Z by more than 0.2: the floor does not
 * hang on one draw. (100 until session 23; the Rosenbrock run above that was 1.03 low had 48.)
 */
export const CLOSING_FLOOR_MIN_ESS = 30;

/**
 * Combined errors by which an untrusted closing sample's log Z must exceed the anneal's to stand
 * as a floor under it. From one error up, the reported error, their difference, is never smaller
 * than the anneal's own, and the interval reported still reaches the anneal's estimate.
 */
export const CLOSING_FLOOR_Z = 1;

/**
 * Whether a closing sample whose error cannot be trusted still shows the anneal's log Z to be too
 * low: its k-hat below {@link CLOSING_FLOOR_MAX_SHAPE}, at least {@link CLOSING_FLOOR_MIN_ESS}
 * effective draws, and its log Z more than {@link CLOSING_FLOOR_Z} combined errors above the
 * anneal's. An importance sample's mean of L/q has expectation Z where the mixture covers the
 * posterior and less where it lacks a region, and with a heavy tail of weights it falls short of
 * its mean far more often than it exceeds it; so such a sample runs low, not high, and one that
 * lies above the anneal says the anneal lacks what it has. On the accuracy suite's Rosenbrock
 * chain, Beta product and funnels the anneal ran 1 to 6 errors low where such draws were within
 * about one error of the truth; where both are right, the draws lie that high in about one run of
 * six, and the answer only loses precision (BENCHMARKS.md, session 16). A sample whose proposal
 * density was truncated (`truncatedDensities`) may run high, and is no floor.
 * @param closing - the sample
 * @param closingError - its error with a lost mode allowed for (`closingErrorOf`)
 * @param annealed - the anneal's estimate
 * @returns the z of the closing sample above the anneal when it stands as a floor, else undefined
 */
export function closingFloorOf(closing: ClosingSample, closingError: number, annealed: AnnealedEvidence): number | undefined {
  const { paretoShape, ess } = closing.estimate;
  if (!(paretoShape < CLOSING_FLOOR_MAX_SHAPE && ess >= CLOSING_FLOOR_MIN_ESS && Number.isFinite(closingError))) return undefined;
  if ((closing.truncatedDensities ?? 0) > 0) return undefined;
  const z = closingDisagreement(closing, closingError, annealed);
  return z > CLOSING_FLOOR_Z ? z : undefined;
}
