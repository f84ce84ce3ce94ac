import { periodicRanges, type PeriodicRange, type Sampler } from '@tempest/core';
import type { CornerSeries } from './corner-input.js';

/** What {@link samplerCornerInput} reads from a run: enough for `cornerPlotSvg`, options aside. */
export interface SamplerCornerInput extends CornerSeries {
  /** `parameterNames` of the sampler. */
  names: readonly string[];
  /** `parameterLabels` of the sampler. */
  labels: readonly string[];
  /** The ranges of its periodic parameters (from the prior transform), undefined for the others. */
  periodic: (PeriodicRange | undefined)[];
}

/**
 * A finished sampler's posterior as corner-plot input: its weighted samples, its parameter
 * names and labels, and the ranges of its periodic parameters (so their axes are recentred on
 * the circular mean). Spread it into `cornerPlotSvg`'s input and add options, or use it as one
 * of several `series`.
 * @param sampler - a sampler after `run()`
 * @param label - the legend label when it is one of several series (default: none)
 * @returns names, labels, periodic ranges, columns and weights
 * @throws {TempestError} `NOT_RUN` before the first iteration
 * @example
 * ```ts
 * writeFileSync('corner.svg', cornerPlotSvg({ ...samplerCornerInput(sampler), truths: [1, 1], smooth: 1 }));
 * const a = samplerCornerInput(samplerA, 'model A');
 * const b = samplerCornerInput(samplerB, 'model B');
 * writeFileSync('compare.svg', cornerPlotSvg({ names: a.names, labels: a.labels, periodic: a.periodic, series: [a, b] }));
 * ```
 */
export function samplerCornerInput(sampler: Sampler, label?: string): SamplerCornerInput {
  const { samples, weights } = sampler.posterior();
  const o = sampler.options;
  const ranges = periodicRanges(o.priorTransform, o.nDim, o.periodic);
  return {
    names: o.parameterNames,
    labels: o.parameterLabels,
    periodic: Array.from({ length: o.nDim }, (_, j) => ranges.get(j)),
    columns: samples.columns(),
    weights,
    ...(label === undefined ? {} : { label }),
  };
}
