import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MpiBinding } from './binding.js';
import { ExitPolicy } from './exit-policy.js';
import { TempestError } from './tempest-error.js';

/** Environment variable naming the addon file explicitly (tried first). */
export const ADDON_ENV = 'TEMPEST_MPI_ADDON';

/** The initialised binding, the constants of the loaded MPI library, and the binding's exit policy. */
export interface LoadedMpi {
  readonly binding: MpiBinding;
  readonly anySource: number;
  readonly anyTag: number;
  readonly library: string;
  readonly version: string;
  /** Whether MPI calls may come from several threads (the task watchdog needs it). */
  readonly threadMultiple: boolean;
  readonly policy: ExitPolicy;
}

const loaded = new WeakMap<MpiBinding, LoadedMpi>();
let found: MpiBinding | undefined;

/**
 * The places the addon is looked for, in order: `$TEMPEST_MPI_ADDON`, then the build inside this
 * package (published copies), then the repository's `native/` build (this monorepo).
 * @returns absolute paths (the first is undefined when the variable is unset)
 */
export function addonCandidates(): { label: string; path: string | undefined }[] {
  // src/ and dist/ both sit one level below the package root.
  const root = fileURLToPath(new URL('..', import.meta.url));
  const out: { label: string; path: string | undefined }[] = [{ label: `$${ADDON_ENV}`, path: process.env[ADDON_ENV] || undefined }];
  for (const base of [resolve(root, 'native'), resolve(root, '../../native')]) {
    for (const mode of ['Release', 'Debug']) out.push({ label: 'local build', path: `${base}/build/${mode}/tempest_mpi.node` });
  }
  return out;
}

/**
 * The script that builds the addon (the package's `tempest-mpi-build` bin).
 * @returns its absolute path
 */
export function buildScript(): string {
  // src/ and dist/ both sit one level below the package root, next to scripts/.
  return fileURLToPath(new URL('../scripts/build-native.mjs', import.meta.url));
}

/**
 * Loads and initialises the MPI addon (once per process; MPI_Init_thread with THREAD_MULTIPLE),
 * and installs the exit policy (finalize after a clean close, MPI_Abort otherwise).
 * @param source - the binding to use instead of looking for the addon: a path to a `.node` file,
 *   or a binding object (the addon required by the caller, or a test's in-process fake)
 * @returns the binding and MPI's constants
 * @throws {TempestError} MPI_UNAVAILABLE listing every place tried and why it failed, with the fix
 */
export function loadMpi(source?: MpiBinding | string): LoadedMpi {
  const binding = source === undefined ? (found ??= loadAddon(addonCandidates())) : typeof source === 'string' ? loadAddon([{ label: 'binding', path: source }]) : source;
  const known = loaded.get(binding);
  if (known !== undefined) return known;
  let info: ReturnType<MpiBinding['init']>;
  try {
    info = binding.init();
  } catch (cause) {
    throw new TempestError('MPI_ERROR', `MPI could not be initialised: ${(cause as Error).message}. Start the script with mpiexec (mpiexec -n 4 node script.js) and check that the MPI it was built against is the one on PATH.`, { cause });
  }
  const policy = new ExitPolicy(binding, binding.commSize(0));
  const mpi: LoadedMpi = { binding, anySource: info.anySource, anyTag: info.anyTag, library: info.library, version: info.version, threadMultiple: info.threadMultiple, policy };
  loaded.set(binding, mpi);
  return mpi;
}

/**
 * Loads the first candidate that exists and loads.
 * @param candidates - from {@link addonCandidates}
 * @returns the (not yet initialised) binding
 * @throws {TempestError} MPI_UNAVAILABLE listing every attempt and the fix
 */
export function loadAddon(candidates: { label: string; path: string | undefined }[]): MpiBinding {
  const require = createRequire(import.meta.url);
  const attempts: string[] = [];
  for (const { label, path } of candidates) {
    if (path === undefined) {
      attempts.push(`${label}: not set`);
      continue;
    }
    if (!existsSync(path)) {
      attempts.push(`${label} ${path}: not found`);
      continue;
    }
    try {
      return require(path) as MpiBinding;
    } catch (error) {
      attempts.push(`${label} ${path}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  // npm hides the install step's warning and skips the step under --ignore-scripts or an
  // allowScripts denial (npm 11), so this error is where most users learn the fix: one command that
  // works whatever the package manager's install-script policy.
  const fix =
    `Build the addon: run \`npx tempest-mpi-build\` in your project (the same as: node ${JSON.stringify(buildScript())}). ` +
    'It needs MPI and a C++ toolchain (Debian/Ubuntu: apt-get install libopenmpi-dev openmpi-bin g++ make python3; ' +
    'or libmpich-dev mpich; on a cluster: module load openmpi). ' +
    `To use an addon built elsewhere, set ${ADDON_ENV}=/path/to/tempest_mpi.node.`;
  throw new TempestError('MPI_UNAVAILABLE', `The MPI addon of @tempest/mpi could not be loaded. Tried:\n${attempts.map((a) => `  - ${a}`).join('\n')}\n${fix}`, {
    problems: [...attempts, fix],
  });
}
