// The MPI example. Every rank runs this file; rank 0 (the master) runs the sampler and the other
// ranks evaluate the likelihood.
//
//   mpirun -n 4 node --conditions=@tempest/source --import tsx examples/mpi.ts
//   (as root add --allow-run-as-root; with more ranks than cores add --oversubscribe; CI runs
//   `mpirun --allow-run-as-root --oversubscribe -n 3 ...`)
//
// In your own project, save it as mpi.mts (an ES module whatever package.json says, as the
// top-level await needs) and run `mpirun -n 4 node --import tsx mpi.mts`.
//
// With a seed (randomState) the posterior is bit-for-bit the serial run's: drop `pool` and run
// `node --conditions=@tempest/source --import tsx examples/mpi.ts --serial` to compare.
import { Sampler } from '@tempest/core';
import { MPIPool } from '@tempest/mpi';

function logLikelihood(x: Float64Array): number {
  // Expensive likelihood calculation.
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] ** 2;
  return -0.5 * sum;
}

const nDim = 10;

function priorTransform(u: Float64Array): Float64Array {
  return u.map((v) => 20 * v - 10); // U(-10, 10)
}

if (process.argv.includes('--serial')) {
  const sampler = new Sampler({ priorTransform, logLikelihood, nDim, nActive: 256, randomState: 42 });
  await sampler.run({ nTotal: 4096 });
  const { samples } = sampler.posterior();
  const { logz, logzErr } = sampler.evidence();
  console.log(`Collected ${samples.n} samples; log Z = ${logz} ± ${logzErr.toFixed(3)}`);
  process.exit(0);
}

// Create MPI pool
const pool = new MPIPool();

if (pool.isMaster()) {
  const sampler = new Sampler({
    priorTransform,
    logLikelihood,
    nDim,
    pool,
    nActive: 256,
    randomState: 42,
  });
  await sampler.run({ nTotal: 4096 });

  const { samples, weights, logl } = sampler.posterior();
  const { logz, logzErr } = sampler.evidence(); // exact: 5 ln(2 pi) - 10 ln 20 = -20.768
  console.log(`Collected ${samples.n} samples (${weights.length} weights, ${logl.length} log-likelihoods); log Z = ${logz} ± ${logzErr.toFixed(3)}`);
}

await pool.close();
