import type { PeriodicRange } from '../math/circular-statistics.js';
import { effectiveSampleSize } from '../math/effective-sample-size.js';
import type { Evidence } from './evidence.js';
import type { Information } from './information.js';
import type { MaxLikelihood } from './max-likelihood.js';
import type { Posterior } from './posterior.js';
import { weightedSummary, type WeightedSummary } from './weighted-summary.js';

/** One parameter's line of a {@link PosteriorSummary}. */
export interface ParameterSummary extends WeightedSummary {
  /** The parameter's name (`parameterNames`): an identifier, as in samples files. */
  name: string;
  /** Its plot label (`parameterLabels`, TeX allowed). */
  label: string;
  /** Its value at the maximum-likelihood particle. */
  maxLikelihood: number;
}

/** What a paper quotes from a run: evidence, information, best fit and each parameter's summary. */
export interface PosteriorSummary extends Evidence, Information {
  /** Kish effective sample size of the (trimmed) weighted samples summarised. */
  ess: number;
  /** The stored particle of highest likelihood. */
  maxLikelihood: {
    /** Its log-likelihood. */
    logl: number;
    /** Its parameters, by name. */
    parameters: Record<string, number>;
  };
  /** Per parameter, in model order. */
  parameters: ParameterSummary[];
}

/** The pieces {@link posteriorSummary} combines, each from its own read-out. */
export interface PosteriorSummaryInput {
  /** The weighted samples summarised (as `posterior()` gives them). */
  posterior: Posterior;
  /** The run's evidence (`evidence()`). */
  evidence: Evidence;
  /** The information H and its error (`informationOf`). */
  information: Information;
  /** The stored particle of highest likelihood (`maxLikelihoodOf`). */
  maxLikelihood: MaxLikelihood;
  /** One name per parameter. */
  names: readonly string[];
  /** One plot label per parameter. */
  labels: readonly string[];
  /** The ranges of the periodic parameters, by index (see `periodicRanges`). */
  periodic: ReadonlyMap<number, PeriodicRange>;
}

/**
 * A run's summary: log Z, the information H, the maximum-likelihood point, and for each
 * parameter its weighted mean, standard deviation and 5/16/50/84/95% quantiles (circular
 * statistics for periodic parameters, see `weightedSummary`).
 * @param input - the read-outs and the parameters' names, labels and periodic ranges
 * @returns the summary
 */
export function posteriorSummary(input: PosteriorSummaryInput): PosteriorSummary {
  const { posterior, evidence, information, maxLikelihood, names, labels, periodic } = input;
  const { samples, weights } = posterior;
  return {
    ...evidence,
    ...information,
    ess: effectiveSampleSize(weights),
    maxLikelihood: { logl: maxLikelihood.logl, parameters: Object.fromEntries(names.map((name, j) => [name, maxLikelihood.x[j]])) },
    parameters: names.map((name, j) => ({
      name,
      label: labels[j],
      ...weightedSummary(samples.column(j), weights, periodic.get(j)),
      maxLikelihood: maxLikelihood.x[j],
    })),
  };
}
