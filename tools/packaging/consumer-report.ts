import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { describeFailure, type CommandResult } from '../run-command.js';

// What the packaging test expects of the consumer scripts in fixtures/ (they print JSON reports).

/** Names every consumer relies on, per package (the rest of each API is free to grow). */
export const KEY_EXPORTS: Record<string, string[]> = {
  '@tempest/serialize': ['encode', 'decode', 'encodeFunction', 'functionReference', 'PackedBatch', 'TempestError'],
  '@tempest/pool': ['SerialPool', 'ThreadPool', 'ProcessPool', 'isPool', 'shipFunction', 'functionReference', 'TempestError'],
  '@tempest/core': ['Sampler', 'RandomGenerator', 'defaultParticles', 'formatIteration', 'TempestError'],
  '@tempest/mpi': ['MPIPool', 'Communicator', 'commWorld', 'TempestError'],
  '@tempest/plot': ['cornerPlotSvg', 'diagnosticsPlotSvg', 'svgToPng'],
  '@tempest/cli': ['main', 'createProgram'],
  tempest: ['Sampler', 'SerialPool', 'ThreadPool', 'ProcessPool', 'MPIPool', 'encode', 'decode', 'functionReference', 'TempestError'],
};

/** The tiny run of consumer-checks.cjs: log Z of N(0, I_2) in [-5, 5]^2. */
export const TINY_LOGZ = -Math.log(100);

/** OpenMPI as root, with more ranks than cores, without warnings about missing network cards. */
export const MPI_ENV = {
  OMPI_ALLOW_RUN_AS_ROOT: '1',
  OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
  OMPI_MCA_rmaps_base_oversubscribe: '1',
  OMPI_MCA_hwloc_base_binding_policy: 'none',
  OMPI_MCA_btl_base_warn_component_unused: '0',
};
/** Whether mpirun is on PATH (the MPI fix is exercised only then). */
export const haveMpi = spawnSync('mpirun', ['--version'], { stdio: 'ignore' }).status === 0;

/** What consumer-checks.cjs's tinyRun reports. */
export interface TinyRun {
  logz: number;
  logzErr: number;
  calls: number;
  iterations: number;
  firstSample: number[];
}
/** What consumer.mjs and consumer.cjs print. */
export interface ConsumerReport {
  exports: Record<string, string[]>;
  metaMismatches: string[];
  run: TinyRun;
  metaRun: TinyRun;
  roundTrip: [string, number, boolean];
  errorIsShared: boolean;
  conformance: string;
  deepImport: string;
  cliVersion: { code: number | string; out: string };
}

/**
 * Parses the JSON a consumer script printed, failing with its output when it did not succeed.
 * @param argv - the command line, for the failure message
 * @param result - how the script ended
 * @returns the parsed report
 */
export function reportOf<T>(argv: string[], result: CommandResult): T {
  expect(result.code, describeFailure(argv[0], argv.slice(1), result)).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/**
 * Checks a tiny run is sane (its exact value is compared between the ways of loading instead).
 * @param run - the reported run
 */
export function expectSaneRun(run: TinyRun): void {
  expect(run.iterations).toBeGreaterThan(1);
  expect(run.calls).toBeGreaterThanOrEqual(400);
  expect(Number.isFinite(run.logz) && run.logzErr > 0).toBe(true);
  // Loose on purpose: 400 samples of a 64-particle run; the sampler's own tests check accuracy.
  expect(Math.abs(run.logz - TINY_LOGZ)).toBeLessThan(Math.max(1, 5 * run.logzErr));
}
