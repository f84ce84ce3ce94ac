import { formatIteration, type IterationInfo } from '@tempest/core';

/** Where progress goes and how it looks. */
export interface ProgressOptions {
  /** The stream (stderr). */
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Draw a live bar (a terminal) rather than one line per iteration. Default: `stream.isTTY`. */
  live?: boolean;
  /** Use ANSI colours on the live bar. Default: live and `NO_COLOR` unset. */
  color?: boolean;
  /** The run's target posterior ESS: once beta reaches 1 the bar fills towards it. */
  nTotal?: number;
}

const WIDTH = 12;

/**
 * Progress of a run on stderr, like tqdm: on a terminal one line redrawn in place (a bar of beta
 * from 0 to 1, then of the posterior ESS, and every diagnostic of the iteration); elsewhere (a
 * log file, CI) one plain line per iteration (`formatIteration`). Honours `NO_COLOR` (https://no-color.org).
 * @example
 * ```ts
 * const bar = new ProgressBar({ stream: process.stderr });
 * await sampler.run({ onIteration: (info) => bar.update(info) });
 * bar.done();
 * ```
 */
export class ProgressBar {
  private readonly stream: ProgressOptions['stream'];
  private readonly live: boolean;
  private readonly color: boolean;
  private readonly nTotal: number | undefined;
  private drawn = false;

  /** @param options - stream, live mode and colour */
  constructor(options: ProgressOptions) {
    this.stream = options.stream;
    this.live = options.live ?? (options.stream as NodeJS.WriteStream).isTTY === true;
    const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
    this.color = options.color ?? (this.live && !noColor);
    this.nTotal = options.nTotal;
  }

  /**
   * Shows one iteration.
   * @param info - the iteration's diagnostics
   */
  update(info: IterationInfo): void {
    if (!this.live) {
      this.stream.write(`${formatIteration(info)}\n`);
      return;
    }
    // A terminal of unknown width (0 under some pseudo-terminals) gets the conventional 120.
    const columns = (this.stream as NodeJS.WriteStream).columns || Number(process.env.COLUMNS) || 120;
    const line = this.render(info, columns);
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Ends the live line (call once the run is over). */
  done(): void {
    if (this.live && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private render(info: IterationInfo, columns: number): string {
    // Two phases: annealing (beta from 0 to 1, cyan), then collecting ESS at beta = 1 (green).
    const collecting = info.beta >= 1 && this.nTotal !== undefined;
    const fraction = Math.min(Math.max(collecting ? info.ess / this.nTotal! : info.beta, 0), 1);
    const filled = Math.round(fraction * WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const plain = `${bar} ${compactLine(info)}`;
    const visible = plain.length > columns - 1 ? `${plain.slice(0, Math.max(columns - 2, 0))}…` : plain;
    if (!this.color) return visible;
    // Colour only the bar, so truncation above never splits an escape sequence.
    const barLength = Math.min(WIDTH, visible.length);
    return `\x1b[${collecting ? 32 : 36}m${visible.slice(0, barLength)}\x1b[0m${visible.slice(barLength)}`;
  }
}

/** Every diagnostic of an iteration in about 100 characters, so the live line fits a 120-column terminal. */
function compactLine(info: IterationInfo): string {
  const f = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
  const beta = info.beta < 0.01 && info.beta > 0 ? info.beta.toExponential(1) : f(info.beta, 4);
  return `it ${info.iteration} calls ${info.calls} beta ${beta} ESS ${Math.round(info.ess)} logZ ${f(info.logz, 3)} logL ${f(info.meanLogl, 2)} acc ${f(info.acceptance, 2)} steps ${info.steps} eff ${f(info.efficiency, 2)} K ${info.K} CV ${f(info.cv, 3)}`;
}
