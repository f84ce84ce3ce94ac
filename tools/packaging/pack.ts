// `npm run pack [-- <folder>]`: builds every package and packs each into <folder> (default:
// tarballs/ in the repository), to install Tempest into a project of one's own from a clone:
// `npm install <folder>/*.tgz`. Each tarball depends on its Tempest siblings as files of the same
// folder, so npm never looks `tempest` or `@tempest/*` up on the registry (where the @tempest scope
// belongs to someone else); only third-party packages come from the registry or npm's cache.
import { join, resolve } from 'node:path';
import { packAll, REPO_ROOT } from './pack-workspaces.js';

// npm runs scripts in the repository root; a folder given on the command line is relative to where
// the user typed it (INIT_CWD).
const destination = process.argv[2] === undefined ? join(REPO_ROOT, 'tarballs') : resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2]);
const started = performance.now();
const packed = await packAll(destination);
const quoted = /^[\w./@:+-]+$/.test(destination) ? destination : `'${destination.replace(/'/g, `'\\''`)}'`;
const width = Math.max(...packed.map((p) => p.tarball.length - destination.length));
console.log(`Built and packed ${packed.length} packages in ${((performance.now() - started) / 1000).toFixed(0)} s, into ${destination}:`);
for (const p of packed) console.log(`  ${p.tarball.slice(destination.length + 1).padEnd(width)} ${p.name}`);
console.log(`
Install them in your own project (the tarballs take their @tempest/* dependencies from this folder,
never from the npm registry, whose @tempest scope is not this project; keep the folder, the
project's package.json points to it):

  npm install ${quoted}/*.tgz               everything, with the tempest command
  npm install ${quoted}/tempest-core-*.tgz  or only the sampler
`);
