/**
 * The fast-check seed for every property test of this package: fixed so that a failure reproduces,
 * overridable with FC_SEED=<n> to explore. fast-check prints the seed and path of any failure.
 */
export const FC_SEED = Number(process.env.FC_SEED ?? 0x5e71a1);

/**
 * fast-check parameters with the pinned seed.
 * @param numRuns - how many cases to try
 * @returns parameters for `fc.assert`
 */
export function fcParams(numRuns: number): { seed: number; numRuns: number } {
  return { seed: FC_SEED, numRuns };
}
