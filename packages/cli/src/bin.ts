#!/usr/bin/env node
// The `tempest` executable: runs the command line and exits with its code.
import { main } from './main.js';

const code = await main(process.argv.slice(2));
// Exit explicitly: a pool's handles or an MPI runtime must not keep a finished command alive.
process.stdout.write('', () => process.exit(code));
