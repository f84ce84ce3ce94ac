import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintTarball } from '../packaging/lint-tarball.js';
import { startLockfileRegistry, type LockfileRegistry } from '../packaging/lockfile-registry.js';
import { isTempestName, packedIn, REPO_ROOT, type PackedPackage } from '../packaging/pack-workspaces.js';
import { expectSaneRun, haveMpi, KEY_EXPORTS, MPI_ENV, reportOf, type ConsumerReport } from '../packaging/consumer-report.js';
import { describeFailure, mustRun, type CommandResult } from '../run-command.js';
import { createTempProject, type TempProject } from '../packaging/temp-project.js';

// What a user gets from a clone: `npm run pack` builds every package (turbo) and packs it (`npm
// pack`, prepack scripts included) into a folder, linked to its siblings there; the tarballs are
// installed into fresh projects outside the repository, as the README says (`npm install
// <folder>/*.tgz`, or only the sampler's tarball), and used the way users use them: import and
// require, pools, the MPI install story, the `tempest` command. The installs are offline: npm's
// registry is a local stand-in that serves the lockfile's third-party packages from npm's cache
// and refuses `tempest` and `@tempest/*`, whose lookups the test counts (there must be none).

const fixture = (name: string) => fileURLToPath(new URL(`../packaging/fixtures/${name}`, import.meta.url));
const FIXTURES = [
  'consumer-checks.cjs', 'consumer.cjs', 'consumer.mjs', 'pools.cjs', 'core-alone.mjs', 'mpi-missing.cjs', 'mpi-job.cjs', 'model.mjs', 'model.ts',
  'types-check.mts', 'types-check.cts', 'tsconfig.nodenext.json', 'tsconfig.bundler.json',
];
const fixtureFiles = Object.fromEntries(FIXTURES.map((f) => [f, fixture(f)]));

/** The packages that make up `@tempest/core` alone: it and its own dependencies. */
const CORE_ALONE = ['@tempest/core', '@tempest/pool', '@tempest/serialize'];
/** Requests for our names that reached the registry: paths like `/tempest` or `/@tempest%2fcore`. */
const tempestLookups = (registry: LockfileRegistry) => registry.requests.filter((path) => isTempestName(decodeURIComponent(path.slice(1))));

describe('the packages as a user installs them from a clone: npm run pack, then the tarballs in a fresh project, offline', () => {
  let work: string;
  let registry: LockfileRegistry;
  let packed: PackedPackage[];
  let full: TempProject;
  let coreAlone: TempProject;
  const started = performance.now();
  const byName = (name: string) => packed.find((p) => p.name === name)!;
  /** A package's manifest as published: read from the installed copy, not the repository. */
  const installedManifest = (name: string) => JSON.parse(readFileSync(join(full.dir, 'node_modules', name, 'package.json'), 'utf8')) as PackedPackage['manifest'];
  const memo = new Map<string, Promise<CommandResult>>();
  /** Runs a consumer script in the full project once, however many tests read its report. */
  const consumer = (file: string) => {
    if (!memo.has(file)) memo.set(file, full.run('node', [file]));
    return memo.get(file)!;
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tempest-tarballs-'));
    // The README's command, with a folder outside the repository.
    await mustRun('npm', ['run', 'pack', '--', work], { cwd: REPO_ROOT, timeoutMs: 420_000 });
    packed = packedIn(work);
    registry = await startLockfileRegistry();
    // Install scripts are skipped in the full project (`--ignore-scripts`, as under an npm 11
    // allowScripts denial), so the MPI test below sees the addon missing and applies the fix.
    const projects = await Promise.allSettled([
      // '#' and ' ' in both paths: file URLs must be made by pathToFileURL, not by hand.
      createTempProject('tempest consumer#', packed.map((p) => p.tarball), registry.url, { files: fixtureFiles, ignoreScripts: true }),
      // Only the sampler's tarball: its own dependencies come from the folder it sits in.
      createTempProject('tempest core#alone-', [byName('@tempest/core').tarball], registry.url, { files: fixtureFiles }),
    ]);
    // Keep whichever install succeeded, so afterAll removes it even when the other failed.
    [full, coreAlone] = projects.map((p) => (p.status === 'fulfilled' ? p.value : undefined!));
    for (const p of projects) if (p.status === 'rejected') throw p.reason;
    console.log(`packaging: built, packed and installed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });

  afterAll(async () => {
    full?.remove();
    coreAlone?.remove();
    await registry?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
    console.log(`packaging: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  });

  it('packs every publishable package, and nothing else, into the folder', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(['@tempest/cli', '@tempest/core', '@tempest/mpi', '@tempest/plot', '@tempest/pool', '@tempest/serialize', 'tempest']);
    expect(readdirSync(work).sort()).toEqual(packed.map((p) => basename(p.tarball)).sort());
  });

  it('ships ESM, CommonJS and declarations for both, and no sources or tests', () => {
    for (const p of packed) {
      const files = new Set(p.files);
      for (const f of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'README.md', 'LICENSE', 'package.json']) {
        expect(files.has(f), `${p.name} lacks ${f}`).toBe(true);
      }
      expect(p.files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || /\.test\.|tsconfig|vitest\.config|tsup\.config/.test(f)), p.name).toEqual([]);
    }
    // Worker entries sit next to the bundles, for CommonJS and ESM users of the pools alike.
    expect(byName('@tempest/pool').files).toEqual(expect.arrayContaining(['dist/thread-worker.js', 'dist/process-worker.js', 'dist/child-watchdog.js', 'dist/conformance.cjs', 'dist/conformance.d.cts']));
    // The MPI addon is compiled on the user's machine from the shipped sources, never shipped built.
    const mpi = byName('@tempest/mpi').files;
    expect(mpi).toEqual(expect.arrayContaining(['native/binding.gyp', 'scripts/build-native.mjs']));
    expect(mpi.filter((f) => f.startsWith('native/build/'))).toEqual([]);
    // The executable npm links (it runs dist/bin.js when there is no src/).
    expect(byName('@tempest/cli').files).toEqual(expect.arrayContaining(['bin/tempest.js', 'dist/bin.js']));
  });

  it('tarballs depend on their Tempest siblings as files of the same folder; the repository by ^version', () => {
    for (const p of packed) {
      const repoDeps = p.manifest.dependencies ?? {};
      for (const [dep, spec] of Object.entries(installedManifest(p.name).dependencies ?? {})) {
        if (!isTempestName(dep)) continue;
        expect(`${p.name} -> ${dep}@${spec}`).toBe(`${p.name} -> ${dep}@file:./${basename(byName(dep).tarball)}`);
        // What a release on a registry would carry (never * or workspace:).
        expect(`${p.name} -> ${dep}@${repoDeps[dep]}`).toBe(`${p.name} -> ${dep}@^${byName(dep).manifest.version}`);
      }
    }
  });

  it('keeps the repository-only "@tempest/source" condition pointing at unpublished src/', () => {
    // The condition is set only by this repository's tests and scripts; published copies resolve
    // through import/require to dist/ (checked by every consumer below).
    for (const p of packed) {
      for (const [subpath, target] of Object.entries(installedManifest(p.name).exports ?? {})) {
        if (typeof target !== 'object' || target === null) continue;
        const entries = Object.entries(target as Record<string, unknown>);
        expect(entries[0]?.[0], `${p.name} ${subpath}`).toBe('@tempest/source');
        // A package with a browser build points the condition at its browser entry there too.
        const source = entries[0]?.[1];
        const sources = typeof source === 'object' && source !== null ? Object.values(source) : [source];
        for (const file of sources) expect(String(file)).toMatch(/^\.\/src\/.+\.ts$/);
        const conditions = entries.map(([condition]) => condition);
        expect([['@tempest/source', 'import', 'require'], ['@tempest/source', 'browser', 'import', 'require']]).toContainEqual(conditions);
        if (conditions.includes('browser')) expect((target as Record<string, { default: string }>).browser.default).toMatch(/^\.\/dist\/browser\//);
      }
    }
  });

  it('passes publint (strict) and "are the types wrong" (node16 from ESM and CJS, bundler)', async () => {
    const reports = [];
    // Two at a time: attw starts the TypeScript compiler for each tarball.
    for (let i = 0; i < packed.length; i += 2) reports.push(...(await Promise.all(packed.slice(i, i + 2).map(async (p) => ({ name: p.name, ...(await lintTarball(p.tarball)) })))));
    expect(reports.map((r) => ({ name: r.name, publint: [...r.publint, ...r.publintSuggestions], attw: r.attw }))).toEqual(packed.map((p) => ({ name: p.name, publint: [], attw: [] })));
  });

  it('installs every Tempest package from the tarballs, offline, never asking the registry for one', () => {
    for (const [project, names] of [[full, packed.map((p) => p.name)], [coreAlone, CORE_ALONE]] as const) {
      const sources = project.lockedSources();
      for (const name of names) expect(sources.get(name), `${name} in ${project.dir}`).toMatch(/^file:.*\.tgz$/);
      expect([...sources.keys()].filter((n) => isTempestName(n) && !names.includes(n))).toEqual([]);
    }
    // The third-party packages did come from the stand-in registry; our names were never asked for.
    expect(registry.requests.length).toBeGreaterThan(20);
    expect(tempestLookups(registry)).toEqual([]);
  });

  it('loads every package with import and runs a sampler to completion', async () => {
    const report = reportOf<ConsumerReport>(['node', 'consumer.mjs'], await consumer('consumer.mjs'));
    for (const [name, keys] of Object.entries(KEY_EXPORTS)) expect(report.exports[name], name).toEqual(expect.arrayContaining(keys));
    expect(report.metaMismatches).toEqual([]);
    expectSaneRun(report.run);
    expect(report.metaRun).toEqual(report.run);
    expect(report.roundTrip).toEqual(['Float64Array', 1.5, true]);
    expect(report.errorIsShared).toBe(true);
    expect(report.conformance).toMatch(/node_modules\/@tempest\/pool\/dist\/conformance\.js$/);
    expect(report.deepImport).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('loads every package with require: the same exports, and the same run bit for bit', async () => {
    const [esm, cjs] = await Promise.all([consumer('consumer.mjs'), consumer('consumer.cjs')]);
    const esmReport = reportOf<ConsumerReport>(['node', 'consumer.mjs'], esm);
    const report = reportOf<ConsumerReport>(['node', 'consumer.cjs'], cjs);
    expect(report.exports).toEqual(esmReport.exports);
    expect(report.metaMismatches).toEqual([]);
    expect(report.run).toEqual(esmReport.run);
    expect(report.metaRun).toEqual(esmReport.run);
    expect(report.roundTrip).toEqual(['Float64Array', 1.5, true]);
    expect(report.errorIsShared).toBe(true);
    expect(report.conformance).toMatch(/node_modules\/@tempest\/pool\/dist\/conformance\.cjs$/);
    expect(report.deepImport).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('the library entry of @tempest/cli finds its own files both ways (in a path with # and a space)', async () => {
    const [esm, cjs] = await Promise.all([consumer('consumer.mjs'), consumer('consumer.cjs')]);
    const version = byName('@tempest/cli').manifest.version;
    expect(reportOf<ConsumerReport>(['node', 'consumer.mjs'], esm).cliVersion).toEqual({ code: 0, out: version });
    expect(reportOf<ConsumerReport>(['node', 'consumer.cjs'], cjs).cliVersion).toEqual({ code: 0, out: version });
  });

  it('type-checks a TypeScript consumer against the declarations (nodenext ESM and CJS, bundler), lib check on', async () => {
    // The repository's TypeScript and @types/node; everything else from the installed tarballs.
    const tsc = [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '--typeRoots', join(REPO_ROOT, 'node_modules/@types')];
    const results = await Promise.all(['tsconfig.nodenext.json', 'tsconfig.bundler.json'].map(async (config) => ({ config, result: await full.run('node', [...tsc, '-p', config]) })));
    for (const { config, result } of results) expect(result.code, describeFailure('tsc', ['-p', config], result)).toBe(0);
  });

  it('runs a ThreadPool and a ProcessPool from CommonJS, by value and by reference', async () => {
    const report = reportOf<Record<string, any>>(['node', 'pools.cjs'], await full.run('node', ['pools.cjs']));
    for (const label of ['threads', 'processes']) {
      expect(report[label], label).toEqual({ size: 2, byValue: [2, 3, 4, 5, 6], byReference: [25, 36, 49] });
    }
    expectSaneRun(report.serialRun);
    expect(report.threadRun).toEqual(report.serialRun);
  });

  it('bundles for a browser from the installed tarballs: the browser builds, no Node module, the Web Worker beside the pool', async () => {
    const result = await build({
      stdin: { contents: "import { Sampler } from '@tempest/core'; import { WebWorkerPool } from '@tempest/pool'; import { cornerPlotSvg } from '@tempest/plot'; console.log(Sampler, WebWorkerPool, cornerPlotSvg);", resolveDir: full.dir, loader: 'js' },
      absWorkingDir: full.dir, bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    for (const name of ['core', 'pool', 'plot', 'serialize']) expect(inputs, name).toContain(`node_modules/@tempest/${name}/dist/browser/index.js`);
    expect(inputs.filter((f) => f.startsWith('node:'))).toEqual([]);
    expect(existsSync(join(full.dir, 'node_modules/@tempest/pool/dist/browser/web-worker.js'))).toBe(true);
  });

  it('@tempest/core works installed alone from its tarball, its own dependencies from the same folder', async () => {
    const report = reportOf<Record<string, any>>(['node', 'core-alone.mjs'], await coreAlone.run('node', ['core-alone.mjs']));
    expect(report.installed).toEqual({ '@tempest/pool': true, '@tempest/serialize': true, '@tempest/mpi': false, '@tempest/plot': false, '@tempest/cli': false, tempest: false });
    expect(report.cjsExports).toEqual(report.esmExports);
    expect(report.esmExports).toEqual(expect.arrayContaining(KEY_EXPORTS['@tempest/core']));
    expectSaneRun(report.esmRun);
    expect(report.cjsRun).toEqual(report.esmRun);
    expect(report.threadRun).toEqual(report.esmRun);
    expect(report.cjsThreadRun).toEqual(report.esmRun);
    expect(report.cwd).toContain('core#alone');
  });

  it('MPIPool names the fix when the install script was skipped, and the fix builds a working addon', async () => {
    const script = join(full.dir, 'node_modules/@tempest/mpi/scripts/build-native.mjs');
    const missing = reportOf<{ code: string; message: string }>(['node', 'mpi-missing.cjs'], await full.run('node', ['mpi-missing.cjs']));
    expect(missing.code).toBe('MPI_UNAVAILABLE');
    expect(missing.message).toContain('npx tempest-mpi-build');
    expect(missing.message).toContain(`node ${JSON.stringify(script)}`);
    if (!haveMpi) {
      if (process.env.CI) throw new Error('mpirun not found: CI installs OpenMPI (tools/ci/install-mpi.sh) so that the MPI fix is exercised.');
      console.warn('packaging: mpirun not found; the MPI fix was not exercised (bash tools/ci/install-mpi.sh installs OpenMPI)');
      return;
    }
    const build = await full.run('npx', ['--no', '--', 'tempest-mpi-build'], {}, 180_000);
    expect(build.code, describeFailure('npx', ['tempest-mpi-build'], build)).toBe(0);
    expect(existsSync(join(full.dir, 'node_modules/@tempest/mpi/native/build/Release/tempest_mpi.node'))).toBe(true);
    const argv = ['mpirun', '-n', '2', process.execPath, 'mpi-job.cjs'];
    const job = await full.run(argv[0], argv.slice(1), MPI_ENV, 60_000);
    expect(reportOf(argv, job)).toEqual({ size: 1, squares: [1, 4, 9, 16] });
  });

  it('runs the tempest command from the project: --version, and run on a .mjs and a .ts model', async () => {
    // Installing the meta-package must bring the command.
    expect(installedManifest('tempest').dependencies).toHaveProperty('@tempest/cli');
    expect(existsSync(join(full.dir, 'node_modules/.bin/tempest'))).toBe(true);
    // `--no`: never fetch a package named tempest from the registry; `--`: flags go to tempest.
    const version = await full.run('npx', ['--no', '--', 'tempest', '--version']);
    expect(version.code, describeFailure('npx', ['tempest', '--version'], version)).toBe(0);
    expect(version.stdout.trim()).toBe(byName('@tempest/cli').manifest.version);
    const runs = await Promise.all(
      ['model.mjs', 'model.ts'].map(async (model) => {
        const args = ['--no', '--', 'tempest', 'run', model, '--out', `out-${model}`, '--n-particles', '128', '--n-total', '500', '--seed', '3'];
        return { model, args, result: await full.run('npx', args, { NO_COLOR: '1' }, 180_000) };
      }),
    );
    for (const { model, args, result } of runs) {
      expect(result.code, describeFailure('npx', args, result)).toBe(0);
      for (const file of ['summary.json', 'samples.csv', 'corner.svg']) expect(existsSync(join(full.dir, `out-${model}`, file)), `${model}: ${file}`).toBe(true);
      const summary = JSON.parse(readFileSync(join(full.dir, `out-${model}`, 'summary.json'), 'utf8')) as { nDim: number; logz: number; parameters: { name: string }[] };
      expect(summary.nDim).toBe(2);
      expect(Number.isFinite(summary.logz)).toBe(true);
      expect(summary.parameters.map((p) => p.name)).toEqual(model === 'model.ts' ? ['x', 'y'] : ['a', 'b']);
    }
    // npx found the local command without looking `tempest` up.
    expect(tempestLookups(registry)).toEqual([]);
  });
});
