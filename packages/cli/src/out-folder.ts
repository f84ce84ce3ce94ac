import { accessSync, constants, lstatSync, readdirSync, readlinkSync, rmSync, statfsSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError } from './cli-error.js';

/** The files `tempest run` writes in its output folder (states/ aside): what marks an earlier run, and what `--force` replaces. */
export const RUN_OUTPUTS = [
  'run.json', 'summary.json', 'samples.csv', 'samples-equal.csv', 'iterations.csv', 'corner.svg', 'corner.png', 'diagnostics.svg', 'diagnostics.png',
] as const;

/**
 * Kernel file systems that hold no files (statfs magic numbers, linux/magic.h): Node's recursive
 * mkdir spins for ever on /proc, so such a path is refused before anything is created.
 */
const VIRTUAL_FILE_SYSTEMS: Readonly<Record<number, string>> = {
  0x9fa0: 'procfs (/proc, the kernel\'s view of processes)',
  0x62656572: 'sysfs (/sys, the kernel\'s view of devices)',
  0x64626720: 'debugfs', 0x74726163: 'tracefs', 0x27e0eb: 'cgroupfs', 0x63677270: 'cgroup2fs', 0x73636673: 'securityfs',
  0x6165676c: 'pstore', 0xcafe4a11: 'bpffs', 0x62656570: 'configfs', 0x1cd1: 'devpts', 0xde5e81e4: 'efivarfs',
};

/** The output folder, checked. */
export interface OutFolder {
  /** Its absolute path. */
  path: string;
  /** Outputs of an earlier run found there (file names, `states/` included), which `--force` replaces. */
  earlier: string[];
}

/** How {@link checkOutFolder} judges a folder. */
export interface OutFolderOptions {
  /** Whether the user gave `--out` (for the message). */
  given: boolean;
  /** `--force`: an earlier run's outputs there are replaced instead of refused. */
  force?: boolean;
  /** The run folder a resume continues: its own outputs are not an earlier run. */
  continuing?: string;
}

/**
 * Checks, before any work starts, that the output folder can hold a run: it and every existing
 * ancestor are folders (or links to folders), the nearest existing one is on a file system that
 * holds files (not /proc or /sys, where Node's mkdir would never return) and writable, and the
 * folder holds no earlier run's outputs unless `--force` (a resume's own folder excepted).
 * @param out - the output folder (`--out`, or the default)
 * @param options - whether `--out` was given, `--force`, the folder a resume continues
 * @returns the absolute path and the earlier outputs found there
 * @throws {CliError} (exit 2) naming the path, the cause and the fix
 * @example
 * ```ts
 * const out = checkOutFolder(flags.out ?? 'tempest-out', { given: flags.out !== undefined, force: flags.force });
 * ```
 */
export function checkOutFolder(out: string, options: OutFolderOptions): OutFolder {
  const path = resolve(out);
  const what = options.given ? `--out ${path}` : `the output folder ${path} (the default; set another with --out)`;
  let existing = path;
  for (let p = path; ; p = dirname(p)) {
    const info = entryAt(p, what);
    if (info !== undefined) {
      if (!info.isDirectory()) {
        const fix = p === path ? 'Pass the path of a folder (it is created if missing), or move the file away.' : `${path} cannot be created inside it; pass another --out.`;
        throw new CliError(`${what} must be a folder; ${p} is a file. ${fix}`);
      }
      existing = p;
      break;
    }
    if (dirname(p) === p) break;
  }
  const kind = VIRTUAL_FILE_SYSTEMS[fileSystemType(existing)];
  if (kind !== undefined) throw new CliError(`${what} is on ${kind}, a kernel file system that cannot hold files. Pass a folder on a disk, e.g. --out results.`);
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const cause = code === 'EROFS' ? 'is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'is not writable by you' : `cannot be written (${code})`;
    const where = existing === path ? '' : `; ${existing}, the nearest folder that exists, ${cause}`;
    throw new CliError(`${what} cannot be created or written${where === '' ? ` (it ${cause})` : where}. Pass a folder you can write to, e.g. --out ~/results.`);
  }
  const earlier = existing === path ? earlierOutputs(path) : [];
  if (earlier.length > 0 && !options.force && options.continuing !== path) {
    throw new CliError(`${what} holds an earlier run (${earlier.join(', ')}); writing there would mix two runs' files. Pass --force to replace that run's outputs, or choose another --out.`);
  }
  return { path, earlier: options.continuing === path ? [] : earlier };
}

/**
 * Removes an earlier run's outputs from the folder (`--force`): the files `tempest run` writes and
 * the state files of its states/ folder; nothing else there is touched.
 * @param folder - the checked output folder
 * @throws {CliError} (exit 2) naming the file that could not be removed and why
 */
export function clearEarlierRun(folder: OutFolder): void {
  const remove = (path: string, recursive = false) => {
    try {
      rmSync(path, { force: true, recursive });
    } catch (error) {
      throw new CliError(`--force could not remove ${path} of the earlier run: ${(error as Error).message}. Remove it yourself, or choose another --out.`, 2, { cause: error });
    }
  };
  for (const name of folder.earlier) {
    if (name !== 'states/') remove(join(folder.path, name));
  }
  const states = join(folder.path, 'states');
  if (!folder.earlier.includes('states/')) return;
  for (const name of readdirSync(states)) if (/\.state(\.tmp[^/]*)?$/.test(name) || name.startsWith('.tempest-')) remove(join(states, name));
  if (readdirSync(states).length === 0) remove(states, true);
}

/**
 * The outputs of an earlier run in a folder: regular files only (a link planted at an output's
 * name is no run's output; writing refuses to follow it).
 */
function earlierOutputs(path: string): string[] {
  const files = (folder: string) => {
    try {
      return readdirSync(folder, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      return [];
    }
  };
  const names = files(path);
  const found: string[] = RUN_OUTPUTS.filter((n) => names.includes(n));
  if (files(join(path, 'states')).some((n) => n.endsWith('.state'))) found.push('states/');
  return found;
}

/**
 * The entry at a path (a link followed), or undefined when there is none (also when an ancestor
 * is a file: ENOTDIR). A link that leads nowhere is refused: mkdir would fail with a raw ENOENT.
 */
function entryAt(path: string, what: string): Stats | undefined {
  let link: Stats | undefined;
  try {
    link = lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new CliError(`${what}: cannot look at ${path} (${(error as Error).message}). Pass another --out.`, 2, { cause: error });
  }
  if (link === undefined) return undefined;
  if (!link.isSymbolicLink()) return link;
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const target = readlinkSync(path);
    const cause = code === 'ELOOP' ? 'a loop of symbolic links' : `a symbolic link to ${target}, which does not exist`;
    throw new CliError(`${what} cannot be created: ${path} is ${cause}. Create ${resolve(dirname(path), target)}, remove the link, or pass another --out.`, 2, { cause: error });
  }
}

/** The statfs magic number of the file system a path is on (0 when unknown, e.g. on Windows). */
function fileSystemType(path: string): number {
  try {
    return Number(statfsSync(path).type);
  } catch {
    return 0;
  }
}
