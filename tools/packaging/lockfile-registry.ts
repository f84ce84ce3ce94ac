import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isTempestName, REPO_ROOT } from './pack-workspaces.js';

/** A local stand-in for the npm registry, serving only the third-party packages of the lockfile. */
export interface LockfileRegistry {
  /** Its URL, for `--registry` (ends with `/`). */
  readonly url: string;
  /** Every path requested so far (`/commander`, `/@observablehq%2fplot`, `/-/tarball/…`), in order. */
  readonly requests: readonly string[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** The fields of a lockfile entry that make up a registry manifest. */
const MANIFEST_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines', 'os', 'cpu', 'libc', 'hasInstallScript', 'license'] as const;

interface LockEntry {
  name?: string;
  version?: string;
  integrity?: string;
  link?: boolean;
  [field: string]: unknown;
}

/** npm's cache folder (`npm config get cache`; npm sets `npm_config_cache` for the scripts it runs). */
function npmCacheDir(): string {
  if (process.env.npm_config_cache) return process.env.npm_config_cache;
  const result = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' });
  return result.stdout.trim();
}

/** Orders `1.2.3` versions (prerelease tags sort before their release). */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2);
    return { parts: core.split('.').map(Number), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.parts[i] !== y.parts[i]) return (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
  if (x.pre === y.pre) return 0;
  return x.pre === undefined ? 1 : y.pre === undefined ? -1 : x.pre < y.pre ? -1 : 1;
}

/**
 * Starts a registry on 127.0.0.1 that knows exactly the third-party packages, at exactly the
 * versions, of the repository's package-lock.json, and serves their tarballs from npm's cache (by
 * integrity; `npm ci` put them there). It answers 404 for everything else, above all `tempest`
 * and `@tempest/*`, and records every request. Pointing npm's `--registry` at it makes an install
 * offline (the public registry is never contacted) and shows which names npm looked up.
 * @param lockfile - the lockfile whose packages to serve
 * @returns the running registry
 * @throws {Error} when the lockfile cannot be read
 */
export async function startLockfileRegistry(lockfile: string = join(REPO_ROOT, 'package-lock.json')): Promise<LockfileRegistry> {
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, LockEntry> };
  const packages = new Map<string, Map<string, LockEntry>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || entry.link || entry.version === undefined || entry.integrity === undefined) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (isTempestName(name)) continue;
    if (!packages.has(name)) packages.set(name, new Map());
    packages.get(name)!.set(entry.version, entry);
  }
  const content = join(npmCacheDir(), '_cacache', 'content-v2');
  const requests: string[] = [];
  let base = '';

  const packument = (name: string, versions: Map<string, LockEntry>) => {
    const out: Record<string, unknown> = {};
    for (const [version, entry] of versions) {
      const manifest: Record<string, unknown> = { name, version };
      for (const field of MANIFEST_FIELDS) if (entry[field] !== undefined) manifest[field] = entry[field];
      manifest.dist = { tarball: `${base}-/tarball/${encodeURIComponent(name)}/${version}.tgz`, integrity: entry.integrity };
      out[version] = manifest;
    }
    const latest = [...versions.keys()].sort(compareVersions).at(-1)!;
    return { name, 'dist-tags': { latest }, versions: out };
  };

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    requests.push(path);
    const notFound = (why: string) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: why }));
    };
    const tarball = /^\/-\/tarball\/([^/]+)\/([^/]+)\.tgz$/.exec(path);
    if (tarball) {
      const entry = packages.get(decodeURIComponent(tarball[1]))?.get(tarball[2]);
      if (entry === undefined) return notFound('not in the lockfile');
      const [algorithm, digest] = [entry.integrity!.slice(0, entry.integrity!.indexOf('-')), entry.integrity!.slice(entry.integrity!.indexOf('-') + 1)];
      const hex = Buffer.from(digest, 'base64').toString('hex');
      const file = join(content, algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
      if (!existsSync(file)) return notFound(`not in npm's cache (${file}); run npm ci in the repository`);
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      createReadStream(file).pipe(response);
      return;
    }
    const name = decodeURIComponent(path.slice(1));
    const versions = packages.get(name);
    if (versions === undefined) return notFound(isTempestName(name) ? 'Tempest packages come from the tarballs only' : 'not in the lockfile');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(packument(name, versions)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
