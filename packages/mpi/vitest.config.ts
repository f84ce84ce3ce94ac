import { defineProject } from 'vitest/config';

// The tests launch real MPI jobs with mpirun; globalSetup builds the addon first (once, ~10 s).
// Every job has a hard timeout that kills its whole process group (see test/run-mpi.ts).
export default defineProject({
  resolve: { conditions: ['@tempest/source'] },
  ssr: { resolve: { conditions: ['@tempest/source'] } },
  test: {
    name: 'mpi',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
