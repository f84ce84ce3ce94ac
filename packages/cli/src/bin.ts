#!/usr/bin/env node
// The `tempest` executable: runs the command line and exits with its code.
import { main } from './main.js';

// When the event loop runs out of work while the command still awaits a promise that can never
// settle (a model file whose top-level await never ends; a likelihood's promise the sampler did
// not catch), Node ends the process with exit code 13 and says nothing: say what happened.
let finished = false;
process.on('exit', (code) => {
  if (finished || (code !== 13 && process.exitCode !== 13)) return;
  process.stderr.write('tempest: the command stopped before it finished: it was waiting for a promise that can never settle (nothing was left that could settle it). A model file whose top-level await never ends, or a promise returned by logLikelihood whose resolve is never called, does this; make every promise in the model resolve or reject.\n');
  process.exitCode = 1; // the run failed, as documented, rather than Node's internal code
});

const code = await main(process.argv.slice(2));
finished = true;
// Exit explicitly: a pool's handles or an MPI runtime must not keep a finished command alive.
process.stdout.write('', () => process.exit(code));
