import type { IterationInfo } from '@tempest/core';
import { axisTicks, type AxisTicks } from './axis-ticks.js';
import { logTicks, symlogTicks } from './log-ticks.js';

/**
 * How a diagnostics series is scaled: `log` (β, spanning many decades), `auto` (linear, or
 * symmetric-log when the values span several decades, as mean log L does from the prior onwards),
 * `linear`, `fraction` (0 to 1), `count` (0 upwards, integer ticks).
 */
export type SeriesKind = 'log' | 'auto' | 'linear' | 'fraction' | 'count';

/** One panel of the diagnostics plot. */
export interface DiagnosticsSeries {
  /** `data-panel` name. */
  id: string;
  /** Axis name. */
  label: string;
  value: (info: IterationInfo) => number;
  kind: SeriesKind;
  /** Draw as a step line (integer-valued series). */
  step?: boolean;
}

/** The panels, top to bottom. */
export const DIAGNOSTICS_SERIES: readonly DiagnosticsSeries[] = [
  { id: 'beta', label: 'β', value: (i) => i.beta, kind: 'log' },
  { id: 'ess', label: 'ESS', value: (i) => i.ess, kind: 'count' },
  { id: 'logz', label: 'log Z', value: (i) => i.logz, kind: 'linear' },
  { id: 'logl', label: 'mean log L', value: (i) => i.meanLogl, kind: 'auto' },
  { id: 'acceptance', label: 'acceptance', value: (i) => i.acceptance, kind: 'fraction' },
  { id: 'steps', label: 'MCMC steps', value: (i) => i.steps, kind: 'count', step: true },
  { id: 'clusters', label: 'clusters K', value: (i) => i.K, kind: 'count', step: true },
];

/** A panel's y scale in Observable Plot terms, with its ticks. */
export interface SeriesScale {
  type: 'linear' | 'log' | 'symlog';
  domain: [number, number];
  /** The symlog constant, for `symlog`. */
  constant?: number;
  ticks: AxisTicks;
}

/**
 * Picks the y scale of one diagnostics panel from its values (non-finite values, and non-positive
 * ones on a log scale, are left out; the plot shows them as gaps).
 *
 * @param values - the series, one value per iteration
 * @param kind - how the series is scaled
 * @param length - panel height in pixels
 * @param fontSize - tick label font size
 * @returns scale type, domain and ticks
 */
export function seriesScale(values: readonly number[], kind: SeriesKind, length: number, fontSize: number, edgeSlack = 1): SeriesScale {
  const finite = values.filter((v) => Number.isFinite(v));
  const linear = (lo: number, hi: number, minStep = 0): SeriesScale => ({
    type: 'linear',
    domain: [lo, hi],
    ticks: axisTicks(lo, hi, { length, fontSize, orientation: 'y', maxTicks: 4, minStep, edgeSlack }),
  });
  if (finite.length === 0) return linear(0, 1);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  switch (kind) {
    case 'fraction': {
      // A little room beyond 0 and 1 so a series sitting at either end stays visible.
      const lo = Math.min(0, min);
      const hi = Math.max(1, max);
      return linear(lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo));
    }
    case 'count': {
      const lo = Math.min(0, min);
      const hi = Math.max(max, min + 1);
      return linear(lo - 0.05 * (hi - lo), hi + 0.1 * (hi - lo), 1);
    }
    case 'log': {
      const positive = finite.filter((v) => v > 0);
      if (positive.length === 0) return linear(0, 1);
      const lo = Math.min(...positive);
      const hi = Math.max(...positive);
      if (hi / lo < 20) return linear(0, Math.max(hi, 1) * 1.04);
      return { type: 'log', domain: [lo / 2, hi * 2], ticks: logTicks(lo / 2, hi * 2, 5) };
    }
    case 'auto': {
      const absMin = Math.min(...finite.map(Math.abs));
      const absMax = Math.max(Math.abs(min), Math.abs(max));
      const sameSign = min > 0 || max < 0;
      if ((sameSign && absMax / absMin > 100) || (!sameSign && absMax > 100)) {
        // One decade below the smallest magnitude: the axis is logarithmic over the whole range
        // of the data and only turns linear below it.
        const constant = sameSign ? 10 ** (Math.floor(Math.log10(absMin)) - 1) : 1;
        return symlogScale(min, max, constant);
      }
      return padded(min, max, linear);
    }
    default:
      return padded(min, max, linear);
  }
}

/** Linear scale over [min, max] padded by 8%, or a unit window around a constant series. */
function padded(min: number, max: number, linear: (lo: number, hi: number) => SeriesScale): SeriesScale {
  if (!(max - min > 1e-12 * Math.max(Math.abs(min), Math.abs(max)))) {
    const half = Math.abs(min) > 0 ? 0.05 * Math.abs(min) : 1;
    return linear(min - half, max + half);
  }
  const pad = 0.08 * (max - min);
  return linear(min - pad, max + pad);
}

/** Symmetric-log scale over [min, max] padded by 5% in transformed units. */
function symlogScale(min: number, max: number, constant: number): SeriesScale {
  const forward = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v) / constant);
  const inverse = (t: number) => Math.sign(t) * Math.expm1(Math.abs(t)) * constant;
  const pad = 0.05 * (forward(max) - forward(min));
  const domain: [number, number] = [inverse(forward(min) - pad), inverse(forward(max) + pad)];
  return { type: 'symlog', domain, constant, ticks: symlogTicks(domain[0], domain[1], 10 * constant, 4) };
}
