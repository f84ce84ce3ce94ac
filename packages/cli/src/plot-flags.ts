import { Option, type Command } from 'commander';
import type { CornerPlotInput } from '@tempest/plot';
import { CliError } from './cli-error.js';
import { parseFlagValue } from './sampler-flags.js';

/** Image formats the plots are written in. */
export const PLOT_FORMATS = ['svg', 'png'] as const;
/** One of {@link PLOT_FORMATS}. */
export type PlotFormat = (typeof PLOT_FORMATS)[number];

/** The corner-plot settings a command line can give (corner.py's options), parsed. */
export interface PlotFlags {
  /** `--plot-format`: the files written per plot (default svg). */
  formats: PlotFormat[];
  /** `--bins`. */
  bins?: number;
  /** `--smooth` (2-D), in bins. */
  smooth?: number;
  /** `--smooth1d`, in bins. */
  smooth1d?: number;
  /** `--levels`, mass fractions. */
  levels?: number[];
  /** `--range name=low:high`, by parameter name. */
  ranges: Map<string, [number, number]>;
  /** `--colors`, one per posterior. */
  colors?: string[];
}

/**
 * Declares the corner-plot flags.
 * @param command - `run`, `resume`, `plot` or `compare`
 * @returns the command
 */
export function addPlotFlags(command: Command): Command {
  return command
    .addOption(new Option('--plot-format <list>', 'image files per plot: svg, png or svg,png (PNG at twice the SVG size, rendered by resvg; default svg)'))
    .addOption(new Option('--bins <n>', 'bins of the corner plot\'s histograms (default: from the effective sample size, 20 to 50)'))
    .addOption(new Option('--smooth <bins>', 'Gaussian smoothing of the 2-D histograms, its sd in bins (default 0: none, as corner.py)'))
    .addOption(new Option('--smooth1d <bins>', 'Gaussian smoothing of the 1-D histograms, in bins (default 0)'))
    .addOption(new Option('--levels <list>', 'mass fractions of the 2-D contours, e.g. 0.68,0.95 (default 0.393,0.865: the 1σ and 2σ regions of a 2-D Gaussian)'))
    .addOption(new Option('--range <name=low:high>', 'axis range of a parameter, e.g. --range amplitude=0:5 (repeat for several)').argParser(collect))
    .addOption(new Option('--colors <list>', 'colours of the posteriors, e.g. "#1f4e8c,crimson" (default: a colour-blind-safe palette)'));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Reads and checks the plot flags of a parsed command.
 * @param command - the parsed command
 * @returns the settings
 * @throws {CliError} (exit 2) naming the flag, the value and what is accepted
 */
export function plotFlags(command: Command): PlotFlags {
  const o = command.opts<Record<string, unknown>>();
  const list = (flag: string, raw: unknown) => String(raw).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const formats = o.plotFormat === undefined ? ['svg'] : list('--plot-format', o.plotFormat);
  const badFormat = formats.find((f) => !(PLOT_FORMATS as readonly string[]).includes(f));
  if (badFormat !== undefined || formats.length === 0) throw new CliError(`--plot-format must be svg, png or svg,png; got ${JSON.stringify(o.plotFormat)}.`);
  const flags: PlotFlags = { formats: [...new Set(formats)] as PlotFormat[], ranges: new Map() };
  if (o.bins !== undefined) {
    const bins = parseFlagValue('--bins', 'count', o.bins) as number;
    if (bins < 2 || bins > 500) throw new CliError(`--bins must be an integer from 2 to 500; got ${JSON.stringify(o.bins)}. corner.py's default is 20.`);
    flags.bins = bins;
  }
  for (const [key, flag] of [['smooth', '--smooth'], ['smooth1d', '--smooth1d']] as const) {
    if (o[key] === undefined) continue;
    const v = Number(o[key]);
    if (!(Number.isFinite(v) && v >= 0 && v <= 50) || String(o[key]).trim() === '') throw new CliError(`${flag} must be a standard deviation in bins from 0 (none) to 50; got ${JSON.stringify(o[key])}.`);
    flags[key] = v;
  }
  if (o.levels !== undefined) {
    const levels = list('--levels', o.levels).map(Number);
    if (levels.length === 0 || !levels.every((l, i) => l > 0 && l < 1 && (i === 0 || l > levels[i - 1]))) {
      throw new CliError(`--levels must be increasing mass fractions in (0, 1), e.g. 0.68,0.95; got ${JSON.stringify(o.levels)}.`);
    }
    flags.levels = levels;
  }
  for (const raw of (o.range as string[] | undefined) ?? []) {
    const m = /^([^=]+)=([^:]+):(.+)$/.exec(raw);
    const low = Number(m?.[2]);
    const high = Number(m?.[3]);
    if (m === null || !Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
      throw new CliError(`--range must be name=low:high with low < high, e.g. --range amplitude=0:5; got ${JSON.stringify(raw)}.`);
    }
    flags.ranges.set(m[1].trim(), [low, high]);
  }
  if (o.colors !== undefined) {
    flags.colors = list('--colors', o.colors);
    const bad = flags.colors.find((c) => !/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30})$/.test(c));
    if (bad !== undefined || flags.colors.length === 0) throw new CliError(`--colors must be CSS colours separated by commas, e.g. "#1f4e8c,crimson"; got ${JSON.stringify(bad ?? o.colors)}.`);
  }
  return flags;
}

/**
 * The corner-plot options of the flags, for parameters of these names.
 * @param flags - the parsed flags
 * @param names - the plotted parameters' names
 * @returns options to spread into `cornerPlotSvg`'s input
 * @throws {CliError} (exit 2) for a `--range` naming no parameter, with the names there are
 */
export function cornerOptions(flags: PlotFlags, names: readonly string[]): Partial<CornerPlotInput> {
  for (const name of flags.ranges.keys()) {
    if (!names.includes(name)) throw new CliError(`--range names the parameter ${JSON.stringify(name)}, which the plot does not have; the parameters are ${names.join(', ')}.`);
  }
  return {
    ...(flags.bins === undefined ? {} : { bins: flags.bins }),
    ...(flags.smooth === undefined ? {} : { smooth: flags.smooth }),
    ...(flags.smooth1d === undefined ? {} : { smooth1d: flags.smooth1d }),
    ...(flags.levels === undefined ? {} : { levels: flags.levels }),
    ...(flags.colors === undefined ? {} : { colors: flags.colors }),
    ...(flags.ranges.size === 0 ? {} : { ranges: names.map((n) => flags.ranges.get(n)) }),
  };
}
