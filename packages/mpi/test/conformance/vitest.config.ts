import { defineConfig } from 'vitest/config';

// Runs inside an mpirun job as rank 0 (see ../conformance.test.ts). The test file runs in a worker
// thread of this same process, so MPI (initialised once per process) sees rank 0 of the job.
export default defineConfig({
  resolve: { conditions: ['@tempest/source'] },
  ssr: { resolve: { conditions: ['@tempest/source'] } },
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['mpi-pool.conformance.ts'],
    pool: 'threads',
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
