#!/usr/bin/env node
// Prints the compile (--cflags), link (--libs) or run-path (--rpath) flags of the system MPI, for
// binding.gyp. Order: MPI_CFLAGS / MPI_LIBS from the environment (clusters with module systems),
// pkg-config (ompi, then mpich), then the compiler wrapper (`mpicc --showme:*` for OpenMPI,
// `mpicc -show` for MPICH). Exits 1 with the list of what was tried when no MPI is found.
'use strict';
const { execFileSync } = require('node:child_process');

const want = process.argv[2];
const tried = [];

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    tried.push(`${cmd} ${args.join(' ')}`);
    return undefined;
  }
}

function split(s) {
  return s.split(/\s+/).filter(Boolean);
}

function flags() {
  if (process.env.MPI_CFLAGS !== undefined || process.env.MPI_LIBS !== undefined) {
    return { cflags: split(process.env.MPI_CFLAGS ?? ''), libs: split(process.env.MPI_LIBS ?? '-lmpi') };
  }
  tried.push('MPI_CFLAGS / MPI_LIBS (unset)');
  for (const pkg of ['ompi', 'mpich']) {
    const c = run('pkg-config', ['--cflags', pkg]);
    const l = c === undefined ? undefined : run('pkg-config', ['--libs', pkg]);
    if (c !== undefined && l !== undefined) return { cflags: split(c), libs: split(l) };
  }
  const mpicc = process.env.MPICC ?? 'mpicc';
  const oc = run(mpicc, ['--showme:compile']);
  const ol = oc === undefined ? undefined : run(mpicc, ['--showme:link']);
  if (oc !== undefined && ol !== undefined) return { cflags: split(oc), libs: split(ol) };
  const show = run(mpicc, ['-show']);
  if (show !== undefined) {
    const parts = split(show).slice(1);
    return { cflags: parts.filter((p) => p.startsWith('-I') || p.startsWith('-D')), libs: parts.filter((p) => p.startsWith('-L') || p.startsWith('-l') || p.startsWith('-Wl')) };
  }
  return undefined;
}

const f = flags();
if (f === undefined) {
  process.stderr.write(`No MPI found; tried: ${tried.join('; ')}.\n`);
  process.exit(1);
}
if (want === '--cflags') process.stdout.write(f.cflags.join(' '));
else if (want === '--libs') process.stdout.write(f.libs.join(' '));
else if (want === '--rpath') process.stdout.write(f.libs.filter((p) => p.startsWith('-L')).map((p) => `-Wl,-rpath,${p.slice(2)}`).join(' '));
else {
  process.stderr.write('usage: mpi-flags.cjs --cflags | --libs | --rpath\n');
  process.exit(2);
}
