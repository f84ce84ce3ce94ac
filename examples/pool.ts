// Parallel likelihoods: the same seeded run, serial, on 2 worker threads, and on 2 child
// processes. All random draws stay in the main thread, so the three results are identical bit for
// bit; only the likelihood evaluations move. A pool pays off when one likelihood call costs more
// than about a millisecond (every iteration costs one message round trip per worker).
// Run with `npx tsx --conditions=@tempest/source examples/pool.ts`. In your own project, save it
// as pool.mts (an ES module whatever package.json says, as the top-level await needs), import
// from 'tempest' and run `npx tsx pool.mts`.
import { Sampler, type SamplerOptions } from '@tempest/core';
import { ProcessPool, functionReference } from '@tempest/pool'; // or all from 'tempest'
import * as rosenbrock from './models/rosenbrock.js';

const base = { nDim: rosenbrock.nDim, priorTransform: rosenbrock.priorTransform, randomState: 11 };

async function runWith(label: string, options: Partial<SamplerOptions>) {
  const started = performance.now();
  const sampler = new Sampler({ ...base, logLikelihood: rosenbrock.logLikelihood, ...options });
  await sampler.run({ nTotal: 2048 });
  const { logz, logzErr } = sampler.evidence();
  const { samples } = sampler.posterior();
  const ms = (performance.now() - started).toFixed(0);
  console.log(`${label.padEnd(34)} log Z = ${logz} ± ${logzErr.toFixed(3)}  (${sampler.calls} calls, ${ms} ms)`);
  return { logz, samples: samples.data };
}

// 1. Serial: the likelihood runs in this thread.
const serial = await runWith('serial', {});

// 2. `pool: 2`: two worker threads, created for this run and closed when it ends. The function is
//    shipped by value (its source); a function using outside variables would name them in
//    `logLikelihoodCaptures: { data, sigma }`.
const threads = await runWith('pool: 2 (threads, by value)', { pool: 2 });

// 3. A ProcessPool, kept open across runs and closed by us. The likelihood goes by reference (the
//    pickle analogue): each child imports the module and uses its export, so the module may hold
//    state, import anything or load native code.
const pool = new ProcessPool({ size: 2 });
let processes;
try {
  const logLikelihood = functionReference(import.meta.url, './models/rosenbrock.ts', 'logLikelihood');
  processes = await runWith('ProcessPool(2) (by reference)', { pool, logLikelihood });
} finally {
  await pool.close();
}

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
const identical = [threads, processes].every((r) => r.logz === serial.logz && same(r.samples, serial.samples));
console.log(identical ? 'identical: the three runs gave the same log Z and samples, bit for bit' : 'DIFFERENT results');
if (!identical) process.exitCode = 1;
