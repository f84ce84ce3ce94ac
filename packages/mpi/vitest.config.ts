import { packageProject } from '../../tools/vitest-project.js';

// The tests launch real MPI jobs with mpirun; globalSetup builds the addon first (once, ~10 s).
// Every job has a hard timeout that kills its whole process group (see test/run-mpi.ts).
export default packageProject('mpi', { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000, hookTimeout: 120_000 });
