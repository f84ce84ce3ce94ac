// Worker ranks of the conformance job: serve one pool after another until told to stop.
import { MPIPool } from '@tempest/mpi';

const state = globalThis as { tempestConformanceDone?: boolean };
while (!state.tempestConformanceDone) {
  const pool = new MPIPool();
  await pool.close();
}
