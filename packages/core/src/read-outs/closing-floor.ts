import type { ClosingSample } from '../run/closing-draw.js';
import type { AnnealedEvidence } from './annealed-evidence.js';
import { closingDisagreement } from './closing-check.js';

/**
 * Largest k-hat of a closing sample whose log Z may stand as a floor under the anneal's. Up to
 * 0.7 the Pareto-smoothed estimate converges at a usable rate for samples of a few thousand draws
 * (Vehtari et al. 2024 put the limit at 1 - 1/log10(S), 0.72 for S = 4096); beyond it single
 * draws decide the estimate.
 */
export const CLOSING_FLOOR_MAX_SHAPE = 0.7;

/**
 * Fewest effective draws (Kish ESS) of a closing sample whose log Z may stand as a floor: the
 * delta-method error is then right to about 7% (1 / sqrt(2 ESS)) where the weights are light-tailed.
 */
export const CLOSING_FLOOR_MIN_ESS = 100;

/**
 * Combined errors by which an untrusted closing sample's log Z must exceed the anneal's to stand
 * as a floor under it. From one error up, the reported error, their difference, is never smaller
 * than the anneal's own, and the interval reported still reaches the anneal's estimate.
 */
export const CLOSING_FLOOR_Z = 1;

/**
 * Whether a closing sample whose error cannot be trusted still shows the anneal's log Z to be too
 * low: its k-hat at most {@link CLOSING_FLOOR_MAX_SHAPE}, at least {@link CLOSING_FLOOR_MIN_ESS}
 * effective draws, and its log Z more than {@link CLOSING_FLOOR_Z} combined errors above the
 * anneal's. An importance sample's mean of L/q has expectation Z where the mixture covers the
 * posterior and less where it lacks a region, and with a heavy tail of weights it falls short of
 * its mean far more often than it exceeds it; so such a sample runs low, not high, and one that
 * lies above the anneal says the anneal lacks what it has. On the accuracy suite's Rosenbrock
 * chain, Beta product and funnels the anneal ran 1 to 6 errors low where such draws were within
 * about one error of the truth; where both are right, the draws lie that high in about one run of
 * six, and the answer only loses precision (BENCHMARKS.md, session 16).
 * @param closing - the sample
 * @param closingError - its error with a lost mode allowed for (`closingErrorOf`)
 * @param annealed - the anneal's estimate
 * @returns the z of the closing sample above the anneal when it stands as a floor, else undefined
 */
export function closingFloorOf(closing: ClosingSample, closingError: number, annealed: AnnealedEvidence): number | undefined {
  const { paretoShape, ess } = closing.estimate;
  if (!(paretoShape <= CLOSING_FLOOR_MAX_SHAPE && ess >= CLOSING_FLOOR_MIN_ESS && Number.isFinite(closingError))) return undefined;
  const z = closingDisagreement(closing, closingError, annealed);
  return z > CLOSING_FLOOR_Z ? z : undefined;
}
