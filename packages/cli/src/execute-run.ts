import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { effectiveSampleSize, periodicRanges, Sampler, writeFileAtomic, type SamplerOptions } from '@tempest/core';
import { CliError, EXIT } from './cli-error.js';
import { InterruptGuard } from './interrupt-guard.js';
import type { LoadedModel } from './load-model.js';
import { makePool } from './make-pool.js';
import { formatPool, type PoolSpec } from './parse-pool.js';
import { ProgressBar } from './progress-bar.js';
import { effectiveOptions, type RunRecord } from './run-record.js';
import { displayPath, fixFirst, isFileSystemError, lastState, outputFailure, runFailure, writeFailure, type RunContext } from './run-failure.js';
import { buildSummary, formatSummaryTable } from './run-summary.js';
import type { PlotFlags } from './plot-flags.js';
import type { FlagOptions } from './sampler-flags.js';
import { tempestCommand } from './tempest-command.js';
import { cliVersion } from './version.js';
import { writeOutputs } from './write-outputs.js';

/** Everything `tempest run` and `tempest resume` decide before sampling. */
export interface RunPlan {
  model: LoadedModel;
  /** Sampler options: the model's defaults overridden by flags (or the recorded ones on resume). */
  options: FlagOptions;
  nTotal: number;
  pool: PoolSpec;
  /** Absolute output folder. */
  out: string;
  saveEvery: number | undefined;
  /** Numbered state files to keep (`--keep-states`); undefined: the core's default. */
  keepStates?: number;
  /** `--task-timeout` in milliseconds; undefined: none. */
  taskTimeout?: number;
  plots: boolean;
  /** Corner-plot settings and image formats. */
  plot: PlotFlags;
  /** Title of the plots; undefined: the model's file name, `''`: none. */
  plotTitle?: string;
  quiet: boolean;
  json: boolean;
  progress: boolean;
  /** Continue from this state file. */
  resumeStatePath?: string;
  /** SHA-256s of other model versions earlier parts of the run used (kept in run.json, see {@link RunRecord}). */
  earlierModelSha256?: string[];
  /** argv, for run.json. */
  command: string[];
}

/** Where the command writes. */
export interface CommandIO {
  /** Where results go (the summary table or JSON). */
  stdout: NodeJS.WritableStream;
  /** Where progress, warnings and errors go (a TTY gets the live progress bar). */
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

/**
 * Runs (or resumes) the sampler as planned, with progress on stderr, Ctrl-C handling and the
 * outputs written to the output folder; prints the summary.
 * @param plan - the model, options and output settings
 * @param io - stdout and stderr
 * @returns the exit code 0 (Ctrl-C and SIGTERM save the state and exit the process with 130 or 143)
 * @throws {CliError} (exit 1) for a model or pool error at run time, naming the saved state
 *   file; for a state file or output that could not be written (a full disk), naming the file,
 *   the reason and the last state saved before
 */
export async function executeRun(plan: RunPlan, io: CommandIO): Promise<number> {
  const started = performance.now();
  const { model } = plan;
  const runPool = await makePool(plan.pool, model, plan.taskTimeout);
  if (!runPool.isMaster) {
    // MPI workers leave signals to the master: mpirun and batch systems send SIGTERM to every rank,
    // and a worker dying of it makes mpirun kill the master before it has saved the run.
    const ignore = () => {};
    process.on('SIGINT', ignore).on('SIGTERM', ignore);
    await runPool.wait();
    await runPool.close();
    return EXIT.ok;
  }
  if (runPool.note !== undefined && !plan.quiet) io.stderr.write(`tempest: note: ${runPool.note}\n`);
  const states = join(plan.out, 'states');
  const bar = plan.quiet || !plan.progress ? undefined : new ProgressBar({ stream: io.stderr, nTotal: plan.nTotal });
  const guard = new InterruptGuard().install();
  let stopCheckpointing = () => {};
  const options: SamplerOptions = {
    ...plan.options,
    nDim: model.nDim,
    parameterNames: model.parameterNames,
    parameterLabels: model.parameterLabels,
    priorTransform: model.priorTransform,
    logLikelihood: runPool.logLikelihood,
    vectorize: model.vectorize,
    outputDir: states,
    ...(model.periodic ? { periodic: model.periodic } : {}),
    ...(model.reflective ? { reflective: model.reflective } : {}),
    ...(model.logLikelihoodArgs ? { logLikelihoodArgs: model.logLikelihoodArgs } : {}),
    ...(runPool.pool ? { pool: runPool.pool } : {}),
  };
  try {
    const sampler = new Sampler(options);
    if (plan.resumeStatePath !== undefined) await sampler.loadState(plan.resumeStatePath);
    // What a failure report names: the newest state file known to be whole (the one resumed from,
    // then each checkpoint as the run reports its iteration, which the core saves first).
    const run: RunContext = {
      sampler, states, reported: sampler.iteration,
      lastSaved: plan.resumeStatePath === undefined ? undefined : { path: plan.resumeStatePath, iteration: sampler.iteration },
    };
    const record: RunRecord = {
      kind: 'tempest-run', tempest: cliVersion(), model: model.path, modelSha256: model.sha256,
      options: effectiveOptions(sampler.options), seed: sampler.seed, nTotal: plan.nTotal, saveEvery: plan.saveEvery ?? null,
      pool: formatPool(plan.pool), out: plan.out, command: plan.command, startedAt: new Date().toISOString(),
      ...(plan.resumeStatePath ? { resumedFrom: plan.resumeStatePath } : {}),
      ...(plan.earlierModelSha256 !== undefined && plan.earlierModelSha256.length > 0 ? { earlierModelSha256: plan.earlierModelSha256 } : {}),
    };
    // run.json first, so that a run stopped by Ctrl-C or a crash can be resumed.
    const runJson = join(plan.out, 'run.json');
    try {
      await mkdir(plan.out, { recursive: true });
    } catch (error) {
      // checkOutFolder ruled out the usual causes; what is left (a race, a quota) is named, not raw.
      throw new CliError(`cannot create the output folder ${plan.out}: ${(error as Error).message}. Pass another --out.`, EXIT.usage, { cause: error });
    }
    try {
      await writeFileAtomic(runJson, new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`));
    } catch (error) {
      throw isFileSystemError(error) ? writeFailure(runJson, error) : error;
    }
    // Ctrl-C or SIGTERM: save the last complete iteration now (even mid-iteration) and exit. The
    // save is synchronous, so the run cannot go on, nor a second signal cut it short, meanwhile.
    guard.onSignal = (exitCode) => {
      bar?.done();
      saveInterrupted(run, io);
      process.exit(exitCode);
    };
    // OpenMPI's mpirun passes Ctrl-C on as SIGCONT, then SIGTERM a second later; but it sometimes
    // exits in between, and the runtime then kills the orphaned ranks at once. So under MPI the
    // master also checkpoints on SIGCONT, silently and without stopping (after Ctrl-Z and fg that
    // leaves a spare checkpoint, nothing more).
    const checkpointOnContinue = () => {
      if (sampler.iteration === 0 || sampler.options.nRuns > 1) return;
      const path = interruptedStatePath(sampler, states);
      try {
        sampler.saveStateSync(path);
        run.lastSaved = { path, iteration: sampler.iteration };
      } catch {
        // A spare checkpoint that failed (a full disk) must not end the run; SIGTERM's save reports.
      }
    };
    if (plan.pool.kind === 'mpi') {
      process.on('SIGCONT', checkpointOnContinue);
      stopCheckpointing = () => process.off('SIGCONT', checkpointOnContinue);
    }
    try {
      await sampler.run({
        nTotal: plan.nTotal,
        ...(plan.saveEvery === undefined ? {} : { saveEvery: plan.saveEvery }),
        ...(plan.keepStates === undefined ? {} : { keepStates: plan.keepStates }),
        onIteration: async (info) => {
          run.reported = info.iteration;
          if (plan.saveEvery !== undefined && info.iteration % plan.saveEvery === 0) {
            run.lastSaved = { path: join(states, `${sampler.options.outputLabel}_${info.iteration}.state`), iteration: info.iteration };
          }
          bar?.update(info);
          // A serial run of cheap iterations may not yield to the event loop by itself (the core
          // yields only during batches longer than ~50 ms): let a pending signal in.
          await new Promise((resolve) => setImmediate(resolve));
        },
      });
    } catch (error) {
      bar?.done();
      throw await runFailure(error, run);
    }
    bar?.done(true);
    if (plan.saveEvery !== undefined) run.lastSaved = { path: join(states, `${sampler.options.outputLabel}_final.state`), iteration: sampler.iteration };
    const posterior = sampler.posterior({ returnBlobs: true });
    const equalWeights = sampler.posterior({ resample: true, returnBlobs: true });
    const elapsedSeconds = (performance.now() - started) / 1000;
    const summary = buildSummary(sampler, { tempest: cliVersion(), model: model.path, elapsedSeconds, ...(model.truths ? { truths: model.truths } : {}) });
    const ranges = periodicRanges(model.priorTransform, model.nDim, model.periodic ?? []);
    try {
      await writeOutputs(plan.out, {
        summary, names: model.parameterNames, labels: model.parameterLabels, periodic: model.parameterNames.map((_, j) => ranges.get(j)),
        posterior, equalWeights, iterations: sampler.diagnostics, plots: plan.plots, plot: plan.plot,
        title: plan.plotTitle ?? basename(model.path), essTarget: plan.nTotal, ...(model.truths ? { truths: model.truths } : {}),
        // The ESS the stopping rule tested: with the last iteration's particles, before trimming.
        finalEss: effectiveSampleSize(sampler.posterior({ trimImportanceWeights: false }).weights),
      });
    } catch (error) {
      throw await outputFailure(error, run);
    }
    if (plan.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else if (!plan.quiet) io.stdout.write(`${formatSummaryTable(summary, plan.pool)}\nOutputs in ${displayPath(plan.out)}/: ${outputNames(plan).join(', ')}\n`);
    return EXIT.ok;
  } finally {
    stopCheckpointing();
    guard.uninstall();
    await runPool.close();
  }
}

/** The files a run writes, in the order the summary lists them. */
function outputNames(plan: RunPlan): string[] {
  const plots = plan.plots ? ['corner', 'diagnostics'].flatMap((base) => plan.plot.formats.map((f) => `${base}.${f}`)) : [];
  return ['summary.json', 'samples.csv', 'samples-equal.csv', 'iterations.csv', 'run.json', ...plots];
}

/**
 * After a signal: save the last complete iteration (the sampler saves that even while an
 * iteration is in flight) and say where; if that save fails (a full disk), name the last state
 * saved before. Synchronous: it runs inside the signal handler.
 */
function saveInterrupted(run: RunContext, io: CommandIO): void {
  const { sampler, states } = run;
  const saved = sampler.iteration;
  if (saved === 0) {
    io.stderr.write('tempest: interrupted before the first iteration finished; nothing to save.\n');
    return;
  }
  if (sampler.options.nRuns > 1) {
    io.stderr.write(`tempest: interrupted; a run with --repeat ${sampler.options.nRuns} cannot be resumed in this version (start it again; without --repeat, Ctrl-C saves a state to resume).\n`);
    return;
  }
  const path = interruptedStatePath(sampler, states);
  try {
    sampler.saveStateSync(path);
  } catch (error) {
    io.stderr.write(`tempest: interrupted at iteration ${saved}, but saving the state to ${path} failed: ${error instanceof Error ? error.message : String(error)}. ${lastState(run.lastSaved, `${fixFirst(error)}continue with`)}\n`);
    return;
  }
  io.stderr.write(`tempest: interrupted at iteration ${saved}; state saved in ${path}. Continue with: ${tempestCommand()} resume ${displayPath(path)}\n`);
}

/** Where a signal's checkpoint goes: `<out>/states/<label>_interrupted.state`. */
function interruptedStatePath(sampler: Sampler, states: string): string {
  return join(states, `${sampler.options.outputLabel}_interrupted.state`);
}
