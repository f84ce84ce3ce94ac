import { describePoolConformance } from '@tempest/pool/conformance';
import { MPIPool } from '@tempest/mpi';
import { afterAll } from 'vitest';

// Every pool the suite creates on this master is matched by one on each worker rank
// (workers.ts); the last pool tells the workers to stop creating pools.
describePoolConformance('MPIPool', () => new MPIPool());

afterAll(async () => {
  const last = new MPIPool({ chunkSize: 1 });
  await last.map(() => {
    (globalThis as { tempestConformanceDone?: boolean }).tempestConformanceDone = true;
    const end = performance.now() + 300; // hold this worker so that each worker gets one task
    while (performance.now() < end);
  }, new Array(last.size).fill(0));
  await last.close();
}, 20_000);
