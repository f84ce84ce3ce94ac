// Every example in examples/ runs as a user runs it (`npx tsx --conditions=@tempest/source
// examples/<file>.ts`, the MPI one under mpirun) and prints results that are right: each log Z
// lies within 4 of its own reported standard errors of the exact value (a 4-sigma bound fails by
// chance about once in 16,000 runs; the seeds are fixed, so a failure is a real change).
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Sampler } from '@tempest/core';
import { linearRegression } from '../../test-fixtures/models/linear-regression.js';
import { rosenbrock } from '../../test-fixtures/models/rosenbrock.js';
import * as rosenbrockModel from '../../examples/models/rosenbrock.js';
import * as shellsModel from '../../examples/models/gaussian-shells.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const SIGMAS = 4;

/** Runs `npx tsx --conditions=@tempest/source examples/<file>` and returns its output. */
async function runExample(file: string, ...args: string[]) {
  return exec('npx', ['tsx', '--conditions=@tempest/source', `examples/${file}`, ...args], { cwd: root, timeout: 120_000 });
}

/** Every `<label> ... <value> ± <error>` in the output (no digits between label and value), as numbers. */
function estimates(stdout: string, label: string): { value: number; error: number }[] {
  const pattern = new RegExp(`${label}[^\\d\\n-]*(-?[\\d.]+(?:e-?\\d+)?) ± ([\\d.]+)`, 'g');
  return [...stdout.matchAll(pattern)].map((m) => ({ value: Number(m[1]), error: Number(m[2]) }));
}

/** Asserts |value - truth| < SIGMAS * reported error (the error must be positive and finite). */
function expectWithin({ value, error }: { value: number; error: number }, truth: number) {
  expect(error).toBeGreaterThan(0);
  expect(Math.abs(value - truth), `${value} ± ${error} vs exact ${truth}`).toBeLessThan(SIGMAS * error);
}

describe('examples', () => {
  it('quickstart.ts: Rosenbrock log Z and posterior mean of x', async () => {
    const { stdout, stderr } = await runExample('quickstart.ts');
    const [logz] = estimates(stdout, 'log Z');
    expectWithin(logz, rosenbrock().trueLogZ);
    const meanX = Number(/mean of x = (-?[\d.]+)/.exec(stdout)![1]);
    // Spread of this mean over seeds is 0.064 (BENCHMARKS.md, Rosenbrock rows).
    expect(Math.abs(meanX - rosenbrock().meanX)).toBeLessThan(SIGMAS * 0.064);
    expect(stderr).toMatch(/iter 1 \| calls/); // the progress lines
  });

  it('line-fit.ts: log Z of the straight line with unknown noise', async () => {
    const { stdout } = await runExample('line-fit.ts');
    const [logz] = estimates(stdout, 'log Z');
    expectWithin(logz, linearRegression().trueLogZ);
    expect(stdout).toMatch(/slope\s+1\.\d+ ± 0\.\d+/);
  });

  it('gaussian-mixture.ts: mode mass 1/3 and log Z = -10 ln 20', async () => {
    const { stdout } = await runExample('gaussian-mixture.ts');
    expectWithin(estimates(stdout, 'mass of the mode at \\+2')[0], 1 / 3);
    expectWithin(estimates(stdout, 'log Z')[0], -10 * Math.log(20));
  });

  it('model-comparison.ts: both evidences and the Bayes factor agree with the exact values', async () => {
    const { stdout } = await runExample('model-comparison.ts');
    const lines = stdout.split('\n');
    for (const name of ['line', 'quadratic']) {
      const line = lines.find((l) => l.startsWith(`log Z (${name}`))!;
      const exact = Number(/exact (-?[\d.]+)/.exec(line)![1]);
      expectWithin(estimates(line, 'log Z')[0], exact);
    }
    const bLine = lines.find((l) => l.startsWith('ln B'))!;
    const lnB = estimates(bLine, 'ln B')[0];
    expectWithin(lnB, Number(/exact (-?[\d.]+)/.exec(bLine)![1]));
    expect(lnB.value).toBeGreaterThan(0);
    expect(stdout).toMatch(/The data favour the line/);
  });

  it('blobs.ts: one blob per sample, equal to the quantity recomputed from the sample', async () => {
    const { stdout } = await runExample('blobs.ts');
    const [, samples, blobs] = /(\d+) samples, (\d+) blobs/.exec(stdout)!;
    expect(Number(samples)).toBeGreaterThan(1000);
    expect(blobs).toBe(samples);
    const fromBlobs = /mean of the blob snr = (\S+)/.exec(stdout)![1];
    const recomputed = /mu \/ sigma recomputed = (\S+)/.exec(stdout)![1];
    expect(fromBlobs).toBe(recomputed);
    // The posterior mean of a chi-square with 50 points and 2 fitted parameters is about 50.
    expect(Number(/mean chi-square\s+= ([\d.]+)/.exec(stdout)![1])).toBeGreaterThan(35);
  });

  it('pool.ts: threads and processes give the serial result bit for bit', async () => {
    const { stdout } = await runExample('pool.ts');
    const values = [...stdout.matchAll(/log Z = (\S+) ±/g)].map((m) => m[1]);
    expect(values).toHaveLength(3);
    expect(new Set(values).size).toBe(1);
    expect(stdout).toMatch(/^identical:/m);
    expectWithin(estimates(stdout, 'serial')[0], rosenbrock().trueLogZ);
  });

  const haveMpirun = spawnSync('mpirun', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!haveMpirun && process.env.CI) throw new Error('mpirun not found: CI installs OpenMPI (tools/ci/install-mpi.sh) so that examples/mpi.ts runs.');
  it.skipIf(!haveMpirun)('mpi.ts under mpirun -n 3: the serial result bit for bit', async () => {
    const argv = ['--allow-run-as-root', '--oversubscribe', '-n', '3', process.execPath, '--conditions=@tempest/source', '--import', 'tsx', 'examples/mpi.ts'];
    const env = { ...process.env, OMPI_MCA_hwloc_base_binding_policy: 'none', OMPI_MCA_btl_base_warn_component_unused: '0' };
    const { stdout } = await exec('mpirun', argv, { cwd: root, timeout: 120_000, env });
    const serial = await exec(process.execPath, ['--conditions=@tempest/source', '--import', 'tsx', 'examples/mpi.ts', '--serial'], { cwd: root, timeout: 120_000 });
    const mpi = /log Z = (\S+) ±/.exec(stdout)![1];
    expect(mpi).toBe(/log Z = (\S+) ±/.exec(serial.stdout)![1]);
    expect(stdout.match(/Collected/g)).toHaveLength(1); // only the master prints
    expectWithin(estimates(stdout, 'log Z')[0], 5 * Math.log(2 * Math.PI) - 10 * Math.log(20));
  });
});

describe('model files for the tempest command', () => {
  it.each([
    ['rosenbrock.ts', rosenbrockModel],
    ['gaussian-shells.ts', shellsModel],
  ] as const)('%s exports what the command needs', (_file, model) => {
    expect(Number.isInteger(model.nDim) && model.nDim > 0).toBe(true);
    expect(model.parameterNames).toHaveLength(model.nDim);
    const x = model.priorTransform(new Float64Array(model.nDim).fill(0.5));
    expect(x).toHaveLength(model.nDim);
    expect(Number.isFinite(model.logLikelihood(Float64Array.from(x)))).toBe(true);
  });

  it('gaussian-shells.ts: both rings found, log Z = ln(pi/18)', async () => {
    const { nDim, priorTransform, logLikelihood } = shellsModel;
    const sampler = new Sampler({ nDim, priorTransform, logLikelihood, randomState: 1 });
    await sampler.run({ nTotal: 2048 });
    const { logz, logzErr } = sampler.evidence();
    expectWithin({ value: logz, error: logzErr }, shellsModel.trueLogZ);
    const right = sampler.expectation((p) => (p[0] > 0 ? 1 : 0));
    expectWithin({ value: right.mean, error: right.error }, 0.5);
  });
});
