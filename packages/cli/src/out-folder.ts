import { statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * Checks, before any work starts, that the output folder can be a folder: it and every existing
 * ancestor must be folders (a missing folder is created later).
 * @param out - the output folder (`--out`, or the default)
 * @param given - whether the user gave `--out` (for the message)
 * @returns the absolute path
 * @throws {CliError} (exit 2) naming the file in the way and the fix
 * @example
 * ```ts
 * const out = checkOutFolder(flags.out ?? 'tempest-out', flags.out !== undefined);
 * ```
 */
export function checkOutFolder(out: string, given: boolean): string {
  const path = resolve(out);
  for (let p = path; ; p = dirname(p)) {
    const info = statOrUndefined(p);
    if (info !== undefined) {
      if (info.isDirectory()) return path;
      const what = given ? '--out must be a folder' : `the output folder ${path} (the default; set another with --out) must be a folder`;
      const fix = p === path ? 'Pass the path of a folder (it is created if missing), or move the file away.' : `${path} cannot be created inside it; pass another --out.`;
      throw new CliError(`${what}; ${p} is a file. ${fix}`);
    }
    if (dirname(p) === p) return path;
  }
}

/** The entry at a path, or undefined when there is none (also when an ancestor is a file: ENOTDIR). */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}
