import type { MpiBinding } from './binding.js';
import { loadMpi } from './load-binding.js';
import { TempestError } from './tempest-error.js';

/**
 * An MPI communicator: a group of ranks that talk to each other. `commWorld()` holds every rank of
 * the job; `split` divides it so that one job can run several independent pools.
 */
export class Communicator {
  /** @internal handle in the addon's table (0 is MPI_COMM_WORLD) */
  readonly handle: number;
  /** This process's rank in the communicator (0 is the master of a pool on it). */
  readonly rank: number;
  /** Number of ranks in the communicator. */
  readonly size: number;

  /** @internal the binding the handle belongs to */
  readonly binding: MpiBinding;

  /** @internal use {@link commWorld} or {@link Communicator.split} */
  constructor(handle: number, binding: MpiBinding = loadMpi().binding) {
    this.binding = binding;
    this.handle = handle;
    this.rank = binding.commRank(handle);
    this.size = binding.commSize(handle);
  }

  /**
   * Splits the communicator (MPI_Comm_split). Collective: every rank of this communicator must call
   * it. Ranks with the same `color` end up in the same new communicator, ordered by `key`.
   * @param color - a non-negative group number, or a negative number to stay out of every group
   * @param key - orders the ranks in the new communicator (default: the current rank)
   * @returns the new communicator, or `null` for a negative color
   * @throws {TempestError} INVALID_ARGUMENT for a non-integer color or key; MPI_ERROR if MPI fails
   * @example
   * ```ts
   * const half = commWorld().split(commWorld().rank % 2); // two independent groups
   * const pool = new MPIPool({ comm: half! });
   * ```
   */
  split(color: number, key: number = this.rank): Communicator | null {
    if (!Number.isInteger(color) || !Number.isInteger(key)) {
      throw new TempestError('INVALID_ARGUMENT', `split needs integer color and key; got color ${String(color)}, key ${String(key)}.`, { option: 'color', value: color });
    }
    let handle: number | null;
    try {
      handle = this.binding.commSplit(this.handle, color, key);
    } catch (cause) {
      throw new TempestError('MPI_ERROR', `MPI_Comm_split failed: ${(cause as Error).message}.`, { cause });
    }
    return handle === null ? null : new Communicator(handle, this.binding);
  }
}

let world: Communicator | undefined;

/**
 * MPI_COMM_WORLD: every rank of the job. Loads the addon and initialises MPI on first use.
 * @returns the world communicator
 * @throws {TempestError} MPI_UNAVAILABLE when the addon cannot be loaded (with the fix)
 */
export function commWorld(): Communicator {
  world ??= new Communicator(0);
  return world;
}
