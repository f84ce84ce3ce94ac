import { formatIteration, type IterationInfo } from '@tempest/core';

/** Where progress goes and how it looks. */
export interface ProgressOptions {
  /** The stream (stderr). */
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Draw a live bar (a terminal) rather than one line per iteration. Default: `stream.isTTY`. */
  live?: boolean;
  /** Use ANSI colours on the live bar. Default: live and `NO_COLOR` unset. */
  color?: boolean;
  /** The run's target posterior ESS: the bar's first half fills with beta, the second with the ESS at beta = 1. */
  nTotal?: number;
  /** Clock in milliseconds, for the elapsed time. Default: `performance.now`. */
  now?: () => number;
}

const WIDTH = 12;

/**
 * Progress of a run on stderr, like tqdm: on a terminal one line redrawn in place (a bar, the
 * elapsed time and every diagnostic of the iteration); elsewhere (a log file, CI) one plain line
 * per iteration (`formatIteration`). Honours `NO_COLOR` (https://no-color.org). With a target ESS
 * the bar fills monotonically over the whole run: its first half with beta from 0 to 1 (cyan),
 * its second with the posterior ESS at beta = 1 towards the target (green); without one, beta
 * fills it all. No ETA: how long the ESS takes to grow is not known in advance.
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
  private readonly now: () => number;
  private readonly started: number;
  /** The largest fraction drawn so far: the bar never goes back (the ESS at beta = 1 may dip slightly). */
  private fraction = 0;
  private last: IterationInfo | undefined;
  private drawn = false;

  /** @param options - stream, live mode, colour, target ESS and clock */
  constructor(options: ProgressOptions) {
    this.stream = options.stream;
    this.live = options.live ?? (options.stream as NodeJS.WriteStream).isTTY === true;
    const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
    this.color = options.color ?? (this.live && !noColor);
    this.nTotal = options.nTotal;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
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
    this.last = info;
    const line = this.render(info, columns);
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /**
   * Ends the live line (call once the run is over).
   * @param finished - the run reached its target: draw the bar full first (the last iteration's
   *   diagnostics are from before its particles joined the history, so its ESS falls short)
   */
  done(finished = false): void {
    if (this.live && this.drawn && finished && this.last !== undefined) {
      this.fraction = 1;
      this.update(this.last);
    }
    if (this.live && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private render(info: IterationInfo, columns: number): string {
    const collecting = info.beta >= 1 && this.nTotal !== undefined;
    const fraction = this.nTotal === undefined ? clamp(info.beta) : collecting ? 0.5 + 0.5 * clamp(info.ess / this.nTotal) : 0.5 * clamp(info.beta);
    this.fraction = Math.max(this.fraction, fraction);
    const filled = Math.round(this.fraction * WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const plain = `${bar} ${formatElapsed((this.now() - this.started) / 1000)} ${compactLine(info)}`;
    const visible = plain.length > columns - 1 ? `${plain.slice(0, Math.max(columns - 2, 0))}…` : plain;
    if (!this.color) return visible;
    // Colour only the bar, so truncation above never splits an escape sequence.
    const barLength = Math.min(WIDTH, visible.length);
    return `\x1b[${collecting ? 32 : 36}m${visible.slice(0, barLength)}\x1b[0m${visible.slice(barLength)}`;
  }
}

const clamp = (x: number) => Math.min(Math.max(Number.isFinite(x) ? x : 0, 0), 1);

/**
 * Elapsed time as `m:ss`, or `h:mm:ss` from an hour on.
 * @param seconds - elapsed seconds
 * @returns the text
 */
export function formatElapsed(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Every diagnostic of an iteration in about 100 characters, so the live line fits a 120-column terminal. */
function compactLine(info: IterationInfo): string {
  const f = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
  const beta = info.beta < 0.01 && info.beta > 0 ? info.beta.toExponential(1) : f(info.beta, 4);
  return `it ${info.iteration} calls ${info.calls} beta ${beta} ESS ${Math.round(info.ess)} logZ ${f(info.logz, 3)} logL ${f(info.meanLogl, 2)} acc ${f(info.acceptance, 2)} steps ${info.steps} eff ${f(info.efficiency, 2)} K ${info.K} CV ${f(info.cv, 3)}`;
}
