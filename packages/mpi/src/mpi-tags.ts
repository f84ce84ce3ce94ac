/**
 * Message tags of an MPIPool's communicator (each pool has a private duplicate, so tags never mix
 * between pools). Every rank receives from one source with MPI_ANY_TAG, so a pair's messages stay
 * in order.
 */
/** Protocol frames of `@tempest/pool` (`encodeFrame`), both ways. */
export const TAG_PROTOCOL = 1;
/** Worker → master, from the addon's task watchdog: int32 `[chunk, index, weight, elapsed ms]`. */
export const TAG_OVERDUE = 2;
