import { availableParallelism } from 'node:os';
import { CliError } from './cli-error.js';

/**
 * Where the likelihood runs, as given by `--pool`. `serial` is one call at a time on a worker
 * thread of its own (so that Ctrl-C, SIGTERM and `--task-timeout` can stop a call that never
 * returns); `main` is one call at a time on the main thread.
 */
export type PoolSpec =
  | { kind: 'serial' }
  | { kind: 'main' }
  | { kind: 'threads'; size: number }
  | { kind: 'processes'; size: number }
  | { kind: 'mpi' };

/**
 * Parses a `--pool` value: `serial`, `main`, `threads[:N]`, `processes[:N]` or `mpi`. N defaults
 * to the number of available cores.
 * @param text - the flag's value
 * @returns the pool to make
 * @throws {CliError} (exit 2) naming the value and the accepted forms
 * @example
 * ```ts
 * parsePool('threads:4'); // { kind: 'threads', size: 4 }
 * ```
 */
export function parsePool(text: string): PoolSpec {
  const match = /^(serial|main|threads|processes|mpi)(?::(.*))?$/.exec(text.trim());
  const bad = (why: string) =>
    new CliError(`invalid --pool value ${JSON.stringify(text)}: ${why}. Use serial, threads[:N], processes[:N] or mpi (for example --pool threads:4), or main for one call at a time on the main thread.`);
  if (match === null) throw bad('unknown pool kind');
  const kind = match[1] as PoolSpec['kind'];
  const sizeText = match[2];
  if (kind === 'serial' || kind === 'main' || kind === 'mpi') {
    if (sizeText !== undefined) throw bad(`${kind} takes no size${kind === 'mpi' ? ' (the MPI size is set by mpirun -n)' : ''}`);
    return { kind };
  }
  if (sizeText === undefined) return { kind, size: availableParallelism() };
  if (!/^\d+$/.test(sizeText) || Number(sizeText) < 1) throw bad(`the size must be a positive integer, got ${JSON.stringify(sizeText)}`);
  return { kind, size: Number(sizeText) };
}

/**
 * The canonical text of a pool spec (as recorded in run.json).
 * @param spec - a parsed pool
 * @returns e.g. `threads:4`
 */
export function formatPool(spec: PoolSpec): string {
  return spec.kind === 'threads' || spec.kind === 'processes' ? `${spec.kind}:${spec.size}` : spec.kind;
}
