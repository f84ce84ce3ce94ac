import { describe, expect, it } from 'vitest';
import * as cli from '@tempest/cli';
import * as core from '@tempest/core';
import * as mpi from '@tempest/mpi';
import * as pool from '@tempest/pool';
import * as serialize from '@tempest/serialize';
import * as tempest from './index.js';

describe('the tempest meta-package', () => {
  it('re-exports the very same objects as the packages (one class per concept)', () => {
    const expected: [string, unknown][] = [
      ['Sampler', core.Sampler], ['ParameterMatrix', core.ParameterMatrix], ['RandomGenerator', core.RandomGenerator],
      ['ThreadPool', pool.ThreadPool], ['ProcessPool', pool.ProcessPool], ['SerialPool', pool.SerialPool], ['LocalPool', pool.LocalPool], ['isPool', pool.isPool],
      ['MPIPool', mpi.MPIPool], ['commWorld', mpi.commWorld],
      ['encode', serialize.encode], ['decode', serialize.decode], ['functionReference', serialize.functionReference], ['TempestError', serialize.TempestError],
      ['cornerPlotSvg', cli.cornerPlotSvg], ['diagnosticsPlotSvg', cli.diagnosticsPlotSvg], ['weightedSummary', cli.weightedSummary],
    ];
    for (const [name, value] of expected) expect(tempest[name as keyof typeof tempest], name).toBe(value);
    // Every package throws the same error class.
    expect(core.TempestError).toBe(tempest.TempestError);
    expect(pool.TempestError).toBe(tempest.TempestError);
    expect(mpi.TempestError).toBe(tempest.TempestError);
  });

  it('runs a sampler on a pool from one import', async () => {
    const p = new tempest.SerialPool();
    const sampler = new tempest.Sampler({
      nDim: 1,
      priorTransform: (u) => [10 * u[0] - 5],
      logLikelihood: (x: Float64Array) => -0.5 * x[0] * x[0] - 0.9189385332046727,
      pool: p,
      randomState: 3,
    });
    await sampler.run({ nTotal: 256 });
    // log Z = -ln 10 (a unit Gaussian well inside U(-5, 5)).
    const { logz, logzErr } = sampler.evidence();
    expect(Math.abs(logz + Math.log(10))).toBeLessThan(3 * logzErr);
    await p.close();
  });
});
