import { describe, expect, it } from 'vitest';
import * as core from '@tempest/core';
import * as mpi from '@tempest/mpi';
import * as plot from '@tempest/plot';
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
      ['cornerPlotSvg', plot.cornerPlotSvg], ['diagnosticsPlotSvg', plot.diagnosticsPlotSvg], ['svgToPng', plot.svgToPng], ['weightedSummary', core.weightedSummary], ['priors', core.priors],
    ];
    for (const [name, value] of expected) expect(tempest[name as keyof typeof tempest], name).toBe(value);
    // Every package throws the same error class.
    expect(core.TempestError).toBe(tempest.TempestError);
    expect(pool.TempestError).toBe(tempest.TempestError);
    expect(mpi.TempestError).toBe(tempest.TempestError);
  });

  it('loads no command line: nothing it imports depends on @tempest/cli or commander', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    const imported = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imported).not.toContain('@tempest/cli');
    for (const name of imported.filter((m) => m.startsWith('@tempest/'))) {
      const manifest = JSON.parse(readFileSync(new URL(`../../${name.slice('@tempest/'.length)}/package.json`, import.meta.url), 'utf8'));
      expect(Object.keys(manifest.dependencies ?? {}), name).not.toContain('@tempest/cli');
      expect(Object.keys(manifest.dependencies ?? {}), name).not.toContain('commander');
    }
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
