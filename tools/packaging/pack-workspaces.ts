import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mustRun } from '../run-command.js';

/** The repository root (this file lives in tools/packaging/). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** Whether a package name is one of ours: the meta-package `tempest` or the `@tempest` scope. */
export const isTempestName = (name: string): boolean => name === 'tempest' || name.startsWith('@tempest/');

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

/** What `npm pack --json` reports per tarball. */
interface PackReport {
  name: string;
  filename: string;
  files: { path: string }[];
}

/** Runs `npm pack --json` with the given arguments and returns its report. */
async function npmPack(args: readonly string[], destination: string, cwd: string): Promise<PackReport[]> {
  const result = await mustRun('npm', ['pack', '--json', '--pack-destination', destination, ...args], { cwd, timeoutMs: 120_000 });
  // npm prints lifecycle output before the JSON report; the report is the last top-level array.
  return JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('\n[') + 1)) as PackReport[];
}

/** The packages in `packages`, each with its tarball in `destination` as `report` names it. */
function withTarballs(packages: readonly WorkspacePackage[], report: readonly PackReport[], destination: string): PackedPackage[] {
  return packages.map((p) => {
    const entry = report.find((r) => r.name === p.name);
    if (entry === undefined) throw new Error(`npm pack reported no tarball for ${p.name}: ${JSON.stringify(report.map((r) => r.name))}`);
    return { ...p, tarball: join(destination, entry.filename), files: entry.files.map((f) => f.path) };
  });
}

/**
 * Packs the given packages with `npm pack` (one npm process for all of them; `prepack` scripts
 * run, as they do on publish). Sibling dependencies stay `^version` ranges: the shape of a release
 * on a registry.
 * @param packages - from {@link publishablePackages}
 * @param destination - the folder the tarballs are written to
 * @param root - the repository root
 * @returns each package with its tarball and file list, in the order given
 * @throws {Error} when npm fails or a package is missing from its report
 */
export async function packPackages(packages: readonly WorkspacePackage[], destination: string, root: string = REPO_ROOT): Promise<PackedPackage[]> {
  return withTarballs(packages, await npmPack(packages.flatMap((p) => ['--workspace', p.dir]), destination, root), destination);
}

/** Dependency fields whose Tempest entries {@link linkSiblings} rewrites (devDependencies are never installed from a tarball). */
const INSTALLED_DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Repacks tarballs so that each depends on its Tempest siblings as `file:./<sibling>.tgz`. npm
 * resolves a `file:` dependency of a package installed from a tarball against the folder of that
 * tarball, so, kept together in one folder, the tarballs install from each other: installing any
 * of them (the meta-package alone brings everything) never asks a registry for `tempest` or
 * `@tempest/*`. (With `^version` ranges npm looks those names up even when every tarball is given
 * in the same install, before it notices that the tarballs satisfy them.)
 * @param packed - registry-shaped tarballs from {@link packPackages}
 * @param destination - the folder the linked tarballs are written to (same file names)
 * @param root - the repository root
 * @returns the packages with their linked tarballs
 * @throws {Error} when extracting or packing fails
 */
export async function linkSiblings(packed: readonly PackedPackage[], destination: string, root: string = REPO_ROOT): Promise<PackedPackage[]> {
  const staging = mkdtempSync(join(tmpdir(), 'tempest-link-'));
  try {
    const fileOf = new Map(packed.map((p) => [p.name, basename(p.tarball)]));
    const dirs: string[] = [];
    for (const p of packed) {
      const dir = join(staging, basename(p.tarball, '.tgz'));
      mkdirSync(dir);
      await mustRun('tar', ['-xzf', p.tarball, '-C', dir], { cwd: staging });
      const file = join(dir, 'package', 'package.json');
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      for (const field of INSTALLED_DEPENDENCY_FIELDS) {
        const deps = manifest[field] as Record<string, string> | undefined;
        for (const name of Object.keys(deps ?? {})) {
          if (!isTempestName(name)) continue;
          const sibling = fileOf.get(name);
          if (sibling === undefined) throw new Error(`${p.name} depends on ${name}, which was not packed with it`);
          deps![name] = `file:./${sibling}`;
        }
      }
      writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
      dirs.push(join(dir, 'package'));
    }
    // --ignore-scripts: the contents are final (prepack already ran on the first pack).
    return withTarballs(packed, await npmPack(['--ignore-scripts', ...dirs], destination, root), destination);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Builds every package and packs each into `destination`, linked to its siblings (see
 * {@link linkSiblings}): what `npm run pack` does, for `npm install <destination>/*.tgz` in a
 * project of one's own. Tarballs of ours already in the folder (`tempest-*.tgz`) are deleted
 * first, so that a `*.tgz` never installs two versions of a package.
 * @param destination - the folder (created when missing)
 * @param root - the repository root
 * @returns each package with its tarball and file list
 * @throws {Error} when a build or `npm pack` fails
 */
export async function packAll(destination: string, root: string = REPO_ROOT): Promise<PackedPackage[]> {
  mkdirSync(destination, { recursive: true });
  for (const file of readdirSync(destination)) if (/^tempest-.*\.tgz$/.test(file)) rmSync(join(destination, file));
  await buildPackages(root);
  const registryShaped = mkdtempSync(join(tmpdir(), 'tempest-pack-'));
  try {
    return await linkSiblings(await packPackages(publishablePackages(root), registryShaped, root), destination, root);
  } finally {
    rmSync(registryShaped, { recursive: true, force: true });
  }
}

/**
 * The tarballs `npm run pack` wrote into a folder, one per publishable package (named as npm
 * names them: `@tempest/core` 0.1.0 is `tempest-core-0.1.0.tgz`), with the files each contains.
 * @param folder - the folder given to `npm run pack`
 * @param root - the repository root
 * @returns each publishable package with its tarball
 * @throws {Error} when a tarball is missing or cannot be listed
 */
export function packedIn(folder: string, root: string = REPO_ROOT): PackedPackage[] {
  return publishablePackages(root).map((p) => {
    const tarball = join(folder, `${p.name.replace(/^@/, '').replace('/', '-')}-${p.manifest.version}.tgz`);
    const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    if (listing.status !== 0) throw new Error(`cannot list ${tarball}: ${listing.stderr}`);
    return { ...p, tarball, files: listing.stdout.split('\n').filter((f) => f.endsWith('/') === false && f !== '').map((f) => f.replace(/^package\//, '')) };
  });
}
