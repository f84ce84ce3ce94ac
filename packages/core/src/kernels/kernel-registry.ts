import { isMutationKernel, type MutationKernel } from './mutation-kernel.js';
import { resolveNamed } from './resolve-named.js';
import { rwmKernel } from './rwm-kernel.js';
import { tpcnKernel } from './tpcn-kernel.js';

/** The kernels a name selects (`sample: 'tpcn'`); a new built-in kernel is one file and one line here. */
export const BUILT_IN_KERNELS = {
  /** t-preconditioned Crank–Nicolson (the default). */
  tpcn: tpcnKernel,
  /** Random-walk Metropolis. */
  rwm: rwmKernel,
} as const satisfies Record<string, MutationKernel>;

/** Name of a built-in kernel. */
export type KernelName = keyof typeof BUILT_IN_KERNELS;

/**
 * The kernel an option selects: a built-in name or a user's {@link MutationKernel}.
 * @param option - `'tpcn'`, `'rwm'` or a kernel object
 * @returns the kernel, or undefined when the option is neither
 */
export function resolveKernel(option: unknown): MutationKernel | undefined {
  return resolveNamed<MutationKernel>(option, BUILT_IN_KERNELS, isMutationKernel);
}
