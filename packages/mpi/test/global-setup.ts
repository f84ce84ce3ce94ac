import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { haveMpirun } from './run-mpi.js';

// Builds the MPI addon before the MPI tests (only when missing or older than its sources; about
// 3 s on two cores). Without MPI on the machine the MPI tests are skipped loudly, except in CI,
// where the suite must fail instead (CI installs OpenMPI first: tools/ci/install-mpi.sh).
export default function setup(): void {
  if (!haveMpirun()) {
    const message = '@tempest/mpi: mpirun not found; the MPI tests will be SKIPPED. Install OpenMPI (bash tools/ci/install-mpi.sh) to run them.';
    if (process.env.CI) throw new Error(`${message} In CI this is an error.`);
    console.warn(`\n*** ${message} ***\n`);
    return;
  }
  const script = fileURLToPath(new URL('../scripts/build-native.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [script, '--if-stale'], { encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) throw new Error(`Building the MPI addon failed:\n${result.stdout}\n${result.stderr}`);
}
