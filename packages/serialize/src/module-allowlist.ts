import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TempestError } from './tempest-error.js';

/** Options for importing a function reference in a receiver: which modules it may name. */
export interface ResolveOptions {
  /**
   * The modules a function reference may name in this receiver; a reference to any other module
   * is refused with `REFERENCE_NOT_ALLOWED` before anything is imported. Each entry is one of:
   *
   * - a **folder** (absolute path, `file:` URL, or a path relative to the working directory): the
   *   module files in it and its subfolders, except files inside a `node_modules` folder below it
   *   (installed packages are not your modules unless you list them), and never a URL with a
   *   query or fragment;
   * - a **file** (same forms): that file only; a `file:` URL with a query (`?model=…`) allows
   *   that exact query only;
   * - **`node:name`**: that Node built-in (e.g. `node:path`);
   * - a **package name** (`my-models`, `@lab/models`): that package and its subpaths
   *   (`my-models/gauss.js`), resolved from `@tempest/serialize`'s own location.
   *
   * Paths are compared after resolving symbolic links. Default: the working directory of the
   * receiver as a folder (nothing when that is the file-system root). Whatever the list says, a
   * reference never resolves to a function that compiles or runs code (`eval`, `Function`, the
   * exports of `node:vm`, `node:child_process`, `node:module`, …; see the package README).
   *
   * In a browser or Web Worker (the package's `browser` build) modules are URLs: each entry is an
   * `http:` or `https:` URL (or one relative to the page), a folder when it ends with `/` (the
   * modules under it) and a file otherwise; the default is the page's own origin.
   */
  readonly allowModules?: readonly string[];
}

/** An `allowModules` option as checked by {@link resolveAllowModules}. */
export interface AllowModulesCheck {
  /** The entries to give receivers: absolute paths, normalised `file:` URLs, built-ins and package names. */
  readonly allowModules: string[];
  /** Every problem found, one sentence each; empty when the option is valid. */
  readonly problems: string[];
}

const SCHEME = /^[A-Za-z][A-Za-z\d+.-]*:/;
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;
const PACKAGE_NAME = /^(@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*(\/[^\\]*)?$/i;

/**
 * Checks an `allowModules` option and makes it absolute: relative paths resolve against the
 * working directory (so workers started later, or elsewhere, read it the same way), `file:` URLs
 * are normalised, and `undefined` gives the default, the working directory.
 *
 * @param value - the option as given
 * @param cwd - the folder relative paths resolve against (default: `process.cwd()`)
 * @returns the entries to give receivers, and every problem found (empty when the option is valid)
 * @example
 * ```ts
 * const { allowModules, problems } = resolveAllowModules(['./models', 'node:path']);
 * if (problems.length > 0) throw new Error(problems.join('\n'));
 * ```
 */
export function resolveAllowModules(value: unknown, cwd: string = process.cwd()): AllowModulesCheck {
  if (value === undefined) return { allowModules: dirname(cwd) === cwd ? [] : [cwd], problems: [] };
  if (!Array.isArray(value)) {
    return { allowModules: [], problems: [`allowModules must be an array of folders, files, node: built-ins or package names, e.g. ['./models', 'node:path']; got ${describe(value)}.`] };
  }
  const allowModules: string[] = [];
  const problems: string[] = [];
  value.forEach((entry: unknown, i) => {
    if (typeof entry !== 'string' || entry === '') {
      problems.push(`allowModules[${i}] must be a non-empty string (a folder, file, node: built-in or package name); got ${describe(entry)}.`);
    } else if (entry.startsWith('node:')) allowModules.push(entry);
    else if (entry.startsWith('file:')) {
      try {
        const url = new URL(entry);
        fileURLToPath(url);
        allowModules.push(url.href);
      } catch (error) {
        problems.push(`allowModules[${i}] is not a valid file: URL (${(error as Error).message}); got ${JSON.stringify(entry)}.`);
      }
    } else if (SCHEME.test(entry) && !WINDOWS_DRIVE.test(entry)) {
      problems.push(`allowModules[${i}] names a ${SCHEME.exec(entry)![0]} URL; only modules installed on the receiver can be allowed (folders, files, node: built-ins, package names). Copy the module to the receiver and allow its folder.`);
    } else if (isAbsolute(entry) || entry.startsWith('.')) allowModules.push(resolve(cwd, entry));
    else if (PACKAGE_NAME.test(entry)) allowModules.push(entry);
    else problems.push(`allowModules[${i}] is neither a path, a file: URL, a node: built-in nor a package name; got ${JSON.stringify(entry)}. Write a folder as an absolute path or './folder'.`);
  });
  return { allowModules, problems };
}

/**
 * Refuses a reference's module unless `allowModules` lets it in. A `file:` URL is first checked
 * as written, so that nothing outside the allowed folders is looked up on disk, then with symbolic
 * links resolved, so that a link cannot lead out of an allowed folder.
 *
 * @param module - the reference's module: an absolute `file:` URL, `node:` built-in or package name
 * @param name - the export, for messages
 * @param allowModules - entries as from {@link resolveAllowModules}
 * @throws {TempestError} REFERENCE_NOT_ALLOWED when no entry allows the module; REFERENCE_FAILED
 *   when an allowed-looking file does not exist
 */
export async function assertModuleAllowed(module: string, name: string, allowModules: readonly string[]): Promise<void> {
  if (module.startsWith('node:')) {
    if (allowModules.includes(module)) return;
    throw notAllowed(module, name, allowModules, `it is a Node built-in, and built-ins are imported only when listed`, `Export a function of your own that uses it and reference that, or add '${module}' to allowModules if any of its exports may be called with data the sender chooses`);
  }
  if (!module.startsWith('file:')) {
    if (allowModules.some((entry) => !isPathEntry(entry) && !entry.startsWith('node:') && (module === entry || module.startsWith(`${entry}/`)))) return;
    throw notAllowed(module, name, allowModules, 'it is a package name, and packages are imported only when listed', `Add '${packageOf(module)}' to allowModules, or reference a file of your own that imports it`);
  }
  const url = new URL(module);
  const suffix = url.search + url.hash;
  url.search = '';
  url.hash = '';
  const path = fileURLToPath(url);
  const entries = await Promise.all(allowModules.filter(isPathEntry).map(async (entry) => {
    const { path: written, suffix: entrySuffix } = entryPath(entry);
    return { written, suffix: entrySuffix, real: await realEntry(written) };
  }));
  // As written (against each entry as written and as resolved): nothing outside every allowed
  // folder or file is looked up on disk.
  const near = (folderOrFile: string, e: { suffix: string }) => path === folderOrFile || (e.suffix === '' && inside(folderOrFile, path));
  if (!entries.some((e) => near(e.written, e) || (e.real !== undefined && near(e.real.path, e)))) {
    throw notAllowed(module, name, allowModules, `${path} is outside the allowed folders`, `Add its folder to allowModules, e.g. new ThreadPool({ allowModules: ['${dirname(path)}'] }) or MPIPool's or loadFunction's allowModules (the default is the working directory)`);
  }
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    throw new TempestError(
      'REFERENCE_FAILED',
      `Could not import ${module} to get \`${name}\`: ${(error as Error).message}. The module must exist at that URL on the receiver (the same checkout or a shared file system).`,
      { value: module, cause: error },
    );
  }
  let underNodeModules = false;
  for (const { suffix: entrySuffix, real: target } of entries) {
    if (target === undefined) continue;
    if (!target.folder) {
      if (real === target.path && suffix === entrySuffix) return;
      continue;
    }
    if (entrySuffix !== '' || !inside(target.path, real)) continue;
    if (relative(target.path, real).split(sep).includes('node_modules')) underNodeModules = true;
    else if (suffix === '') return;
  }
  if (underNodeModules) {
    throw notAllowed(module, name, allowModules, `${real} is inside a node_modules folder, an installed package rather than one of your modules`, 'Add the package\'s own folder or name to allowModules if its exports may be called with data the sender chooses');
  }
  if (suffix !== '') {
    throw notAllowed(module, name, allowModules, `its URL has a query or fragment (${suffix}), which only an allowModules entry naming that exact URL allows`, 'Reference the module without a query, or list the exact URL in allowModules');
  }
  throw notAllowed(module, name, allowModules, `${real} (where ${path} leads) is outside the allowed folders`, `Add its folder to allowModules, e.g. allowModules: ['${dirname(real)}']`);
}

function notAllowed(module: string, name: string, allowModules: readonly string[], why: string, fix: string): TempestError {
  const allowed = allowModules.length === 0 ? 'no module at all' : allowModules.map((m) => JSON.stringify(m)).join(', ');
  return new TempestError(
    'REFERENCE_NOT_ALLOWED',
    `Refusing to import ${module} for \`${name}\`: this receiver imports function references only from ${allowed} (its allowModules), and ${why}. ${fix}.`,
    { option: 'allowModules', value: module },
  );
}

function isPathEntry(entry: string): boolean {
  return entry.startsWith('file:') || isAbsolute(entry);
}

function entryPath(entry: string): { path: string; suffix: string } {
  if (!entry.startsWith('file:')) return { path: resolve(entry), suffix: '' };
  const url = new URL(entry);
  const suffix = url.search + url.hash;
  url.search = '';
  url.hash = '';
  return { path: fileURLToPath(url), suffix };
}

async function realEntry(path: string): Promise<{ path: string; folder: boolean } | undefined> {
  try {
    const real = await realpath(path);
    return { path: real, folder: (await stat(real)).isDirectory() };
  } catch {
    return undefined;
  }
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
