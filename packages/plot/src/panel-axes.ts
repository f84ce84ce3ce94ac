import * as Plot from '@observablehq/plot';
import type { AxisTicks } from './axis-ticks.js';

/** Which axes of a panel get ticks, and which of those also get labels. */
export interface PanelAxesOptions {
  /** Ticks along the bottom edge, or `null` for none. */
  x: AxisTicks | null;
  /** Ticks along the left edge, or `null` for none. */
  y: AxisTicks | null;
  /** Label the x ticks (outer row): ticks then point outward, as on a normal axis. */
  labelX: boolean;
  /** Label the y ticks (outer column). */
  labelY: boolean;
}

/** Length of outward (labelled) ticks and of inward (unlabelled) ticks, in pixels. */
const OUTER_TICK = 4;
const INNER_TICK = 3;

/**
 * Plot marks for a corner-plot panel's frame and axes: labelled axes on the outer row and column
 * only, short inward ticks elsewhere so every panel still shows the shared scale without repeating
 * its numbers (the corner.py convention).
 *
 * @param options - tick sets and which to label
 * @returns marks to append to the panel's Plot marks
 */
export function panelAxes(options: PanelAxesOptions): Plot.Markish[] {
  const marks: Plot.Markish[] = [Plot.frame({ stroke: 'currentColor', strokeWidth: 0.8 })];
  const { x, y, labelX, labelY } = options;
  if (x && x.values.length > 0) marks.push(Plot.axisX(x.values, { anchor: 'bottom', ...tickStyle(x, labelX), ...(x.rotated && labelX ? { tickRotate: -45 } : {}) }));
  // y labels are level whatever the x labels of the same parameter do: they need only a line height between them.
  if (y && y.values.length > 0) marks.push(Plot.axisY(y.values, { anchor: 'left', ...tickStyle(y, labelY) }));
  return marks;
}

/**
 * Pixels the labelled x axis needs below a panel (tick, padding, one line of labels).
 * @param fontSize - tick label font size
 * @returns depth in pixels
 */
export function xAxisDepth(fontSize: number): number {
  return OUTER_TICK + 2 + 1.25 * fontSize;
}

/**
 * Pixels the labelled y axis needs left of a panel.
 * @param fontSize - tick label font size
 * @param chars - longest tick label, in characters
 * @returns depth in pixels
 */
export function yAxisDepth(fontSize: number, chars: number): number {
  return OUTER_TICK + 2 + 3 + chars * 0.64 * fontSize;
}

/** Tick options shared by both axes: outward labelled ticks, or short inward ones without text. */
function tickStyle(ticks: AxisTicks, labelled: boolean) {
  const labels = new Map(ticks.values.map((v, i) => [v, ticks.labels[i]]));
  return {
    label: null,
    tickSize: labelled ? OUTER_TICK : -INNER_TICK,
    tickPadding: 2,
    strokeWidth: 0.8,
    fill: labelled ? 'currentColor' : 'none',
    tickFormat: (d: number) => labels.get(d) ?? '',
  };
}
