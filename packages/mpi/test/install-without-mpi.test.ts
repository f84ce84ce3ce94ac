import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runJob } from './run-mpi.js';

// The install step on a machine without MPI (hidden here: no pkg-config entry, no mpicc) must
// succeed with a warning that names the fix; an explicit build must fail with the same reason.
describe('the install step without MPI', () => {
  const script = fileURLToPath(new URL('../scripts/build-native.mjs', import.meta.url));
  const env = { ...process.env, PKG_CONFIG_LIBDIR: '/nonexistent', MPICC: '/nonexistent/mpicc', MPI_CFLAGS: undefined, MPI_LIBS: undefined };

  it('warns and exits 0 (npm install succeeds)', async () => {
    const job = await runJob([process.execPath, script, '--if-possible'], 30_000, env);
    expect(job.code).toBe(0);
    expect(job.stderr).toContain('WARNING: the MPI addon was not built');
    expect(job.stderr).toContain('tried: MPI_CFLAGS / MPI_LIBS (unset); pkg-config --cflags ompi; pkg-config --cflags mpich; /nonexistent/mpicc --showme:compile');
    expect(job.stderr).toContain('apt-get install libopenmpi-dev openmpi-bin');
    expect(job.stderr).toContain('npm run build:native --workspace=@tempest/mpi');
  });

  it('fails an explicit build with the same reason', async () => {
    const job = await runJob([process.execPath, script], 30_000, env);
    expect(job.code).toBe(1);
    expect(job.stderr).toContain('building the MPI addon failed: No MPI found');
  });
});
