import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mustRun } from '../run-command.js';

/** The repository root (this file lives in tools/packaging/). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The fields of a package manifest the packaging checks read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** A workspace package that is published to npm. */
export interface WorkspacePackage {
  readonly name: string;
  /** Absolute directory. */
  readonly dir: string;
  readonly manifest: Manifest;
}

/** A packed package. */
export interface PackedPackage extends WorkspacePackage {
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
  /** Paths inside the tarball, without the `package/` prefix. */
  readonly files: readonly string[];
}

/**
 * Every non-private package under `packages/`, in a stable order (by directory name).
 * @param root - the repository root
 * @returns name, directory and manifest of each
 */
export function publishablePackages(root: string = REPO_ROOT): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(root, 'packages', entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    if (manifest.private !== true) out.push({ name: manifest.name, dir: join(root, 'packages', entry.name), manifest });
  }
  return out;
}

/**
 * Builds every package as a release does: `turbo run build` at the repository root (turbo's cache
 * makes a repeated build of unchanged packages quick).
 * @param root - the repository root
 * @throws {Error} with the end of turbo's output when a build fails
 */
export async function buildPackages(root: string = REPO_ROOT): Promise<void> {
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', FORCE_COLOR: '0' };
  await mustRun(join(root, 'node_modules/.bin/turbo'), ['run', 'build', '--output-logs=errors-only', '--ui=stream'], { cwd: root, env, timeoutMs: 240_000 });
}

/**
 * Packs the given packages with `npm pack` (one npm process for all of them; `prepack` scripts
 * run, as they do on publish).
 * @param packages - from {@link publishablePackages}
 * @param destination - the folder the tarballs are written to
 * @param root - the repository root
 * @returns each package with its tarball and file list, in the order given
 * @throws {Error} when npm fails or a package is missing from its report
 */
export async function packPackages(packages: readonly WorkspacePackage[], destination: string, root: string = REPO_ROOT): Promise<PackedPackage[]> {
  const args = ['pack', '--json', '--pack-destination', destination, ...packages.flatMap((p) => ['--workspace', p.dir])];
  const result = await mustRun('npm', args, { cwd: root, timeoutMs: 120_000 });
  // npm prints lifecycle output before the JSON report; the report is the last top-level array.
  const report = JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('\n[') + 1)) as { name: string; filename: string; files: { path: string }[] }[];
  return packages.map((p) => {
    const entry = report.find((r) => r.name === p.name);
    if (entry === undefined) throw new Error(`npm pack reported no tarball for ${p.name}:\n${result.stdout}`);
    return { ...p, tarball: join(destination, entry.filename), files: entry.files.map((f) => f.path) };
  });
}
