import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addonCandidates, buildScript, loadAddon } from './load-binding.js';
import { TempestError } from './tempest-error.js';

describe('loadAddon', () => {
  it('throws one MPI_UNAVAILABLE error listing every place tried, and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-mpi-'));
    const broken = join(dir, 'tempest_mpi.node');
    writeFileSync(broken, 'not a shared object');
    const missing = join(dir, 'missing.node');
    let error: unknown;
    try {
      loadAddon([{ label: '$TEMPEST_MPI_ADDON', path: undefined }, { label: 'local build', path: missing }, { label: 'local build', path: broken }]);
    } catch (e) {
      error = e;
    }
    expect(TempestError.is(error)).toBe(true);
    const e = error as TempestError;
    expect(e.code).toBe('MPI_UNAVAILABLE');
    expect(e.message).toContain('$TEMPEST_MPI_ADDON: not set');
    expect(e.message).toContain(`${missing}: not found`);
    expect(e.message).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .*(invalid ELF header|file too short)`));
    expect(e.message).toContain('apt-get install libopenmpi-dev openmpi-bin');
    // The one fix that works whatever the install-script policy (npm 11 allowScripts,
    // --ignore-scripts, pnpm): the package's bin, and the script's absolute path.
    expect(e.message).toContain('run `npx tempest-mpi-build` in your project');
    expect(e.message).toContain(`node ${JSON.stringify(buildScript())})`);
    expect(existsSync(buildScript())).toBe(true);
    expect(e.problems).toHaveLength(4);
  });

  it('looks first at $TEMPEST_MPI_ADDON, then the package build, then the repository build', () => {
    const before = process.env.TEMPEST_MPI_ADDON;
    process.env.TEMPEST_MPI_ADDON = '/opt/x/tempest_mpi.node';
    try {
      const paths = addonCandidates().map((c) => c.path);
      expect(paths[0]).toBe('/opt/x/tempest_mpi.node');
      expect(paths[1]).toMatch(/packages\/mpi\/native\/build\/Release\/tempest_mpi\.node$/);
      expect(paths.some((p) => /\/native\/build\/Release\/tempest_mpi\.node$/.test(p ?? '') && !p!.includes('packages/mpi'))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.TEMPEST_MPI_ADDON;
      else process.env.TEMPEST_MPI_ADDON = before;
    }
  });
});
