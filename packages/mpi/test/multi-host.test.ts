import { Sampler } from '@tempest/core';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint, nTotal, settings } from './fixtures/model.js';
import { makeFakeHosts, removeStaleHosts, type FakeHosts } from './netns-hosts.js';
import { fixture, haveMpirun, jsonLines, mpiEnv, nodeArgs, runJob } from './run-mpi.js';

// One OpenMPI job across three "hosts" (network namespaces with their own hostnames, joined by a
// bridge): OpenMPI starts its daemons through an rsh agent that enters each namespace, and MPI
// traffic between hosts crosses TCP. Needs root and `ip`; skipped loudly where namespaces cannot be
// made, but never in CI.
let hosts: FakeHosts | undefined;
let why = '';
if (!haveMpirun()) why = 'mpirun not found';
else if (process.getuid?.() !== 0) why = 'not root';
else {
  try {
    removeStaleHosts('tm');
    hosts = makeFakeHosts(`tm${process.pid}`, 3, 2);
  } catch (error) {
    why = `network namespaces cannot be made here: ${(error as Error).message.split('\n')[0]}`;
  }
}
if (hosts === undefined) {
  if (process.env.CI) throw new Error(`@tempest/mpi multi-host test cannot run in CI: ${why}`);
  console.warn(`\n*** @tempest/mpi: multi-host MPI test SKIPPED (${why}) ***\n`);
}

afterAll(() => hosts?.teardown());

describe.skipIf(hosts === undefined)('MPIPool across several hosts (network namespaces, TCP)', () => {
  it('runs a sampler on 6 ranks over 3 hosts, bit-identical to the serial run', async () => {
    const h = hosts!;
    const serial = new Sampler({ ...settings });
    await serial.run({ nTotal });
    const mpirunArgs = [
      'mpirun', '-n', '6', '--hostfile', h.hostfile,
      '--mca', 'plm_rsh_agent', h.agent,
      '--mca', 'btl_tcp_if_include', '10.77.0.0/24',
      '--mca', 'oob_tcp_if_include', '10.77.0.0/24',
      '--bind-to', 'none',
      '-x', 'PATH',
      ...nodeArgs(fixture('multi-host.ts')),
    ];
    const job = await runJob([...h.enterFirst, ...mpirunArgs], 60_000, mpiEnv());
    expect(job.timedOut, job.stderr).toBe(false);
    expect(job.code, job.stderr).toBe(0);
    const [r] = jsonLines(job.stdout);
    expect(r.master).toBe(h.names[0]);
    expect(r.workerHosts).toEqual(h.names);
    expect(r).toMatchObject({ workers: 5, ...fingerprint(serial) });
  });
});
