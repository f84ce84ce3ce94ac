import { Option, type Command } from 'commander';
import { parseFlagValue } from './sampler-flags.js';
import { parsePool, type PoolSpec } from './parse-pool.js';
import { addPlotFlags, plotFlags, type PlotFlags } from './plot-flags.js';

/** The run-output flags shared by `tempest run` and `tempest resume`, parsed. */
export interface OutputFlags {
  /** `--out`, when given. */
  out: string | undefined;
  /** `--pool`, when given. */
  pool: PoolSpec | undefined;
  /** `--save-every`, when given. */
  saveEvery: number | undefined;
  /** `--keep-states`, when given. */
  keepStates: number | undefined;
  /** `--task-timeout` in milliseconds, when given. */
  taskTimeout: number | undefined;
  /** `--force`: replace an earlier run's outputs in `--out`. */
  force: boolean;
  plots: boolean;
  /** The corner-plot flags (`--plot-format`, `--bins`, `--smooth`, `--levels`, `--range`, `--colors`). */
  plot: PlotFlags;
  /** `--plot-title <text>`, or `''` for `--no-plot-title`; undefined: the model's file name. */
  plotTitle: string | undefined;
  quiet: boolean;
  json: boolean;
  progress: boolean;
}

/**
 * Declares the flags of where a run goes and what it prints.
 * @param command - `run` or `resume`
 * @param outDefault - how `--out` defaults, for the help text
 * @returns the command
 */
export function addOutputFlags(command: Command, outDefault: string): Command {
  command
    .addOption(new Option('--pool <kind>', 'where the likelihood runs: serial (the default: one call at a time, on a worker thread so that Ctrl-C and --task-timeout can stop a stuck call), main (one call at a time on the main thread), threads[:N], processes[:N] or mpi (N defaults to the number of cores; mpi needs mpirun)'))
    .addOption(new Option('--out <dir>', `output folder (default ${outDefault}); one that holds an earlier run is refused unless --force`))
    .addOption(new Option('--force', 'replace the outputs and state files of an earlier run in --out (other files there are left alone)'))
    .addOption(new Option('--task-timeout <seconds>', 'the longest one likelihood call may take (each call is timed on its own); a stuck worker is stopped (under MPI the job ends after the save), and the run fails with TASK_TIMEOUT and is saved. Not with --pool main'))
    .addOption(new Option('--save-every <k>', 'write a state file every k iterations to <out>/states/ (resume with tempest resume)'))
    .addOption(new Option('--keep-states <n>', 'with --save-every: keep the newest n numbered state files (default 3; the final one is always kept)'))
    .addOption(new Option('--no-plots', 'do not write the corner and diagnostics plots'))
    .addOption(new Option('--plot-title <text>', 'title drawn above the plots (default: the model file name)'))
    .addOption(new Option('--no-plot-title', 'draw the plots without a title (e.g. for a paper figure)'))
    .addOption(new Option('--no-progress', 'no progress output on stderr'))
    .addOption(new Option('-q, --quiet', 'print nothing on success (no progress, no summary table); errors, and warnings that bear on the results, are still printed'))
    .addOption(new Option('--json', 'print the summary as JSON on stdout instead of the table'));
  return addPlotFlags(command);
}

/**
 * Reads and checks the output flags of a parsed command.
 * @param command - the parsed command
 * @returns the flags
 * @throws {CliError} (exit 2) for a bad `--pool`, `--save-every`, `--keep-states` or plot flag
 */
export function outputFlags(command: Command): OutputFlags {
  const o = command.opts<Record<string, unknown>>();
  return {
    out: o.out as string | undefined,
    pool: o.pool === undefined ? undefined : parsePool(o.pool as string),
    saveEvery: o.saveEvery === undefined ? undefined : (parseFlagValue('--save-every', 'count', o.saveEvery) as number),
    keepStates: o.keepStates === undefined ? undefined : (parseFlagValue('--keep-states', 'count', o.keepStates) as number),
    taskTimeout: o.taskTimeout === undefined ? undefined : 1000 * (parseFlagValue('--task-timeout', 'positive', o.taskTimeout) as number),
    force: o.force === true,
    plots: o.plots !== false,
    plot: plotFlags(command),
    plotTitle: o.plotTitle === false ? '' : (o.plotTitle as string | undefined),
    quiet: o.quiet === true,
    json: o.json === true,
    progress: o.progress !== false,
  };
}
