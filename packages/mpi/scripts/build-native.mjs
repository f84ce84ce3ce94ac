#!/usr/bin/env node
// Builds the MPI addon with node-gyp against the system MPI.
//   node scripts/build-native.mjs                 build (fails loudly when MPI or a compiler is missing)
//   node scripts/build-native.mjs --if-possible   the install step: build, or warn and exit 0
//   node scripts/build-native.mjs --if-stale      build only when the addon is missing or older than its sources
//   node scripts/build-native.mjs --copy-sources  copy the repository's native/ into this package (prepack)
// The build is offline: Node's headers come from --nodedir (npm's nodedir setting, else /usr when
// Debian's headers are there), never from the internet.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
const args = new Set(process.argv.slice(2));
const repoNative = resolve(pkg, '../../native');
const packedNative = join(pkg, 'native');

if (args.has('--copy-sources')) {
  if (existsSync(join(repoNative, 'binding.gyp'))) {
    for (const part of ['binding.gyp', 'src', 'scripts']) cpSync(join(repoNative, part), join(packedNative, part), { recursive: true });
  }
  process.exit(0);
}

const nativeDir = existsSync(join(repoNative, 'binding.gyp')) ? repoNative : packedNative;
const addon = join(nativeDir, 'build', 'Release', 'tempest_mpi.node');

function newestSource(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'build' || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (args.has('--if-stale') && existsSync(addon) && statSync(addon).mtimeMs >= newestSource(nativeDir)) process.exit(0);

function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed as a package; npm's own copy below
  }
  candidates.push(resolve(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'));
  return candidates.find((c) => existsSync(c));
}

function fail(message) {
  if (args.has('--if-possible')) {
    process.stderr.write(
      `\n@tempest/mpi: WARNING: the MPI addon was not built (${message}).\n` +
        '  The rest of Tempest works; creating an MPIPool will throw until it is built.\n' +
        '  Fix: install MPI and a C++ compiler (Debian/Ubuntu: apt-get install libopenmpi-dev openmpi-bin g++ make python3;\n' +
        '  or MPICH: libmpich-dev mpich; on a cluster: module load openmpi), then run\n' +
        '  npx tempest-mpi-build   (in this repository: npm run build:native --workspace=@tempest/mpi)\n\n',
    );
    process.exit(0);
  }
  process.stderr.write(`@tempest/mpi: building the MPI addon failed: ${message}\n`);
  process.exit(1);
}

if (!existsSync(join(nativeDir, 'binding.gyp'))) fail(`no native sources at ${repoNative} or ${packedNative}`);
const nodeGyp = findNodeGyp();
if (nodeGyp === undefined) fail('node-gyp not found (looked at $npm_config_node_gyp, node_modules/node-gyp and npm\'s bundled copy)');
const flags = spawnSync(process.execPath, [join(nativeDir, 'scripts', 'mpi-flags.cjs'), '--cflags'], { encoding: 'utf8' });
if (flags.status !== 0) fail(flags.stderr.trim() || 'no MPI compiler wrapper or pkg-config entry found');

const nodedir = process.env.npm_config_nodedir || (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
const gypArgs = [nodeGyp, 'rebuild', '--release', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const started = Date.now();
const result = spawnSync(process.execPath, gypArgs, { cwd: nativeDir, stdio: args.has('--if-possible') ? 'pipe' : 'inherit', encoding: 'utf8' });
if (result.status !== 0 || !existsSync(addon)) {
  const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  fail(`node-gyp exited with ${result.status ?? result.signal}${tail ? `:\n${tail}` : ''}`);
}
process.stderr.write(`@tempest/mpi: built ${addon} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
