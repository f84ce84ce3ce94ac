import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCommand, type CommandResult } from '../../../tools/run-command.js';

/** How a job ended. */
export type JobResult = CommandResult;

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The Node command line of a rank: TypeScript through tsx, workspace packages from source. */
export const nodeArgs = (script: string, ...args: string[]) => [process.execPath, '--conditions=@tempest/source', '--import', 'tsx', script, ...args];

/** Environment of every job: allowed as root, oversubscription allowed, quiet about the missing HCA. */
export const mpiEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  OMPI_ALLOW_RUN_AS_ROOT: '1',
  OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
  OMPI_MCA_rmaps_base_oversubscribe: '1',
  OMPI_MCA_hwloc_base_binding_policy: 'none',
  OMPI_MCA_btl_base_warn_component_unused: '0',
});

/** Whether mpirun is on PATH. */
export function haveMpirun(): boolean {
  return spawnSync('mpirun', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs a command in its own process group with a hard timeout: on timeout the whole group
 * (mpirun, its daemons and every rank) gets SIGKILL. After the job the group is killed anyway, so
 * no rank can outlive its test.
 * @param argv - the command
 * @param timeoutMs - hard limit
 * @param env - environment (default: {@link mpiEnv})
 * @returns exit status, output, wall time
 */
export function runJob(argv: string[], timeoutMs: number, env: NodeJS.ProcessEnv = mpiEnv()): Promise<JobResult> {
  return runCommand(argv[0], argv.slice(1), { cwd: packageDir, env, timeoutMs });
}

/**
 * Runs `mpirun -n ranks` on a TypeScript fixture.
 * @param ranks - number of processes
 * @param script - fixture file name
 * @param args - script arguments
 * @param timeoutMs - hard limit (default 30 s)
 * @returns how the job ended
 */
export function mpirun(ranks: number, script: string, args: string[] = [], timeoutMs = 30_000): Promise<JobResult> {
  return runJob(['mpirun', '-n', String(ranks), ...nodeArgs(fixture(script), ...args)], timeoutMs);
}

/** The lines of a job's stdout that are JSON objects, parsed. */
export function jsonLines(out: string): any[] {
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}
