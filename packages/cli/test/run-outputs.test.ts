// `tempest run` on real model files: every output file, their contents, and what is printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, nodeArgs, parseCsv, runCli, tempDir } from './run-cli.js';

const TRUE_LOGZ = -Math.log(400); // unit Gaussian likelihood (normalised) under U(-10, 10)^2
const OUTPUTS = ['summary.json', 'samples.csv', 'samples-equal.csv', 'iterations.csv', 'corner.svg', 'diagnostics.svg', 'run.json'];
const quick = ['--n-total', '1000', '--seed', '11'];

describe.each([['gaussian-2d.ts', ['a', 'b']], ['gaussian-2d.mjs', ['x0', 'x1']]])('tempest run %s', (name, names) => {
  const out = tempDir();
  const result = runCli(['run', fixture(name), '--out', out, ...quick]);

  it('exits 0, prints the summary table and writes every output', async () => {
    const r = await result;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^log Z = -?\d+\.\d{3} ± \d+\.\d{3}/);
    expect(r.stdout).toMatch(new RegExp(`parameter +mean +sd +5% +16% +50% +84% +95% +max-L\\n${names[0]} `));
    for (const file of OUTPUTS) expect(existsSync(join(out, file)), file).toBe(true);
    for (const file of ['corner.svg', 'diagnostics.svg']) expect(readFileSync(join(out, file), 'utf8')).toMatch(/<svg[\s>]/);
  });

  it('summary.json has every field and log Z within 4 reported sigma of the analytic value', async () => {
    await result;
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const key of ['tempest', 'model', 'nDim', 'nParticles', 'seed', 'iterations', 'calls', 'logz', 'logzErr', 'information', 'informationErr', 'maxLikelihood', 'ess', 'elapsedSeconds', 'samplingSeconds', 'time', 'parameters']) expect(s).toHaveProperty(key);
    // H of a unit 2-D Gaussian in the box U(-10, 10)^2: ln(400 / (2πe)) = 3.153, within its error.
    expect(Math.abs(s.information - Math.log(400 / (2 * Math.PI * Math.E)))).toBeLessThan(4 * s.informationErr);
    expect(s).toMatchObject({ model: fixture(name), nDim: 2, nParticles: 128, seed: 11 });
    expect(s.ess).toBeGreaterThanOrEqual(900); // nTotal 1000, less what weight trimming drops (1%)
    // logzErr is the sampler's standard error of log Z (spread between ancestral lineages). The
    // estimator is close to normal, so |error| > 4 sigma has probability 6e-5; the seed is fixed,
    // so this either always passes or points at a real bias.
    expect(Math.abs(s.logz - TRUE_LOGZ)).toBeLessThan(4 * s.logzErr);
    expect(s.logzErr).toBeGreaterThan(0);
    expect(s.logzErr).toBeLessThan(0.5);
    expect(s.parameters.map((p: { name: string }) => p.name)).toEqual(names);
    for (const p of s.parameters) {
      // Posterior N(0, 1) per coordinate; with ESS ~1000 the mean's standard error is ~0.03.
      expect(Math.abs(p.mean)).toBeLessThan(0.15);
      expect(p.sd).toBeGreaterThan(0.85);
      expect(p.sd).toBeLessThan(1.15);
      expect(p.q05).toBeLessThan(p.q16);
      expect(p.q16).toBeLessThan(p.q50);
      expect(p.q50).toBeLessThan(p.q84);
      expect(p.q84).toBeLessThan(p.q95);
      expect(p.label).toBe(p.name);
      expect(p.q95 - p.q05).toBeGreaterThan(2 * 1.645 * 0.85);
    }
  });

  it('samples.csv: header is the names, weight, logl; weights sum to 1', async () => {
    await result;
    const { header, rows } = parseCsv(readFileSync(join(out, 'samples.csv'), 'utf8'));
    expect(header).toEqual([...names, 'weight', 'logl']);
    expect(rows.length).toBeGreaterThan(1000);
    let sum = 0;
    for (const row of rows) {
      expect(row).toHaveLength(4);
      sum += Number(row[2]);
      expect(Number(row[3])).toBeLessThanOrEqual(-Math.log(2 * Math.PI) + 1e-12);
    }
    expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
  });

  it('iterations.csv has one row per iteration; run.json records the run', async () => {
    await result;
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const { header, rows } = parseCsv(readFileSync(join(out, 'iterations.csv'), 'utf8'));
    expect(header.slice(0, 11)).toEqual(['iteration', 'calls', 'beta', 'ess', 'logz', 'meanLogl', 'acceptance', 'steps', 'efficiency', 'K', 'cv']);
    expect(rows).toHaveLength(s.iterations);
    // The calls of the iterations, and the closing sample's after them: its draws' and its search's.
    expect(s.closing.climbs.calls).toBeGreaterThan(0);
    expect(Number(rows.at(-1)![1]) + s.closing.calls + s.closing.climbs.calls).toBe(s.calls);
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ kind: 'tempest-run', model: fixture(name), seed: 11, nTotal: 1000, pool: 'serial', out });
    expect(record.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.options).toMatchObject({ nParticles: 128, randomState: 11, sample: 'tpcn' });
  });
});

describe('what tempest run prints', () => {
  it('writes one plain progress line per iteration to stderr when it is not a terminal', async () => {
    const out = tempDir();
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', out, '--no-plots', ...quick]);
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(lines).toHaveLength(s.iterations);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^iter ${i + 1} \\| calls \\d+ \\| beta .* \\| ESS \\d+ \\| logZ .* \\| logL .* \\| acc .* \\| steps \\d+ \\| eff .* \\| K \\d+ \\| CV `)));
    expect(r.stderr).not.toMatch(/\x1b\[/); // no escape codes in logs
    expect(existsSync(join(out, 'corner.svg'))).toBe(false);
  });

  it.skipIf(spawnSync('script', ['--version'], { stdio: 'ignore' }).status !== 0)('draws a live bar on a terminal (a pseudo-terminal from script(1)), in colour unless NO_COLOR', async () => {
    const out = tempDir();
    const command = [process.execPath, ...nodeArgs, 'run', fixture('gaussian-2d.ts'), '--out', out, '--no-plots', ...quick].map((a) => `'${a}'`).join(' ');
    const transcript = join(out, 'tty.log');
    const env = { ...process.env, NO_COLOR: '', COLUMNS: '150' };
    const r = spawnSync('script', ['-qec', command, transcript], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const tty = readFileSync(transcript, 'utf8');
    const frames = tty.split('\r\x1b[2K').slice(1);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(frames.length).toBe(s.iterations + 1); // one per iteration, and the last redrawn full when the run ends
    expect(frames[0]).toMatch(/^\x1b\[36m░{12}\x1b\[0m \d+:\d\d it 1 calls 128 beta 0\.0000 ESS 128 logZ .* logL .* acc .* steps 1 eff .* K 1 CV /);
    // Once beta = 1 the bar's second half fills (green) with the ESS; the run ends with it full.
    expect(frames.at(-1)).toMatch(/^\x1b\[32m█{12}\x1b\[0m \d+:\d\d it \d+ calls \d+ beta 1\.0000 /);
    const filled = frames.map((f) => /^\x1b\[3\dm(█*)/.exec(f)![1].length);
    expect(filled).toEqual([...filled].sort((a, b) => a - b)); // never goes back
    expect(tty).toMatch(/\nlog Z = /); // the bar's line is ended before the summary
  });

  it('--plot-title sets the title of both plots and --no-plot-title leaves it out (default: the file name)', async () => {
    const titled = tempDir();
    const bare = tempDir();
    const [a, b] = await Promise.all([
      runCli(['run', fixture('gaussian-2d.ts'), '--out', titled, '--quiet', '--plot-title', 'Figure 3', ...quick]),
      runCli(['run', fixture('gaussian-2d.ts'), '--out', bare, '--quiet', '--no-plot-title', ...quick]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    for (const file of ['corner.svg', 'diagnostics.svg']) {
      expect(readFileSync(join(titled, file), 'utf8')).toMatch(/class="figure-title"[^>]*>[^<]*Figure 3/);
      expect(readFileSync(join(bare, file), 'utf8')).not.toContain('figure-title');
    }
  });

  it('--quiet prints nothing on success', async () => {
    const out = tempDir();
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', out, '--quiet', '--no-plots', ...quick]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it('--json prints the summary as parseable JSON (the same as summary.json)', async () => {
    const out = tempDir();
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', out, '--json', '--no-progress', '--no-plots', ...quick]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
  });

  it('writes blobs as a JSON column of samples.csv', async () => {
    const out = tempDir();
    const r = await runCli(['run', fixture('blobs.ts'), '--out', out, '--quiet', '--no-plots', '--n-particles', '128', ...quick]);
    expect(r.code, r.stderr).toBe(0);
    const { header, rows } = parseCsv(readFileSync(join(out, 'samples.csv'), 'utf8'));
    expect(header).toEqual(['mu', 'weight', 'logl', 'blob']);
    for (const row of rows.slice(0, 50)) {
      const blob = JSON.parse(row[3]);
      expect(blob.square).toBe(Number(row[0]) ** 2);
      expect(blob.label).toBe('a "quoted", text');
    }
  });
});

describe('tempest run: output files are written safely', () => {
  it('refuses a result file that is a symbolic link, leaving the file it points to untouched', async () => {
    const out = tempDir();
    const victim = join(tempDir(), 'victim.txt');
    writeFileSync(victim, 'precious');
    mkdirSync(out, { recursive: true });
    symlinkSync(victim, join(out, 'samples.csv'));
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', out, '--no-plots', ...quick]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/samples\.csv is a symbolic link[^]*Remove the link/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('--keep-states n keeps the newest n numbered state files and the final one', async () => {
    const out = tempDir();
    const r = await runCli(['run', fixture('gaussian-2d.ts'), '--out', out, '--no-plots', '--save-every', '1', '--keep-states', '2', ...quick]);
    expect(r.code, r.stderr).toBe(0);
    const iterations = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).iterations as number;
    expect(readdirSync(join(out, 'states')).sort()).toEqual([`ps_${iterations - 1}.state`, `ps_${iterations}.state`, 'ps_final.state'].sort());
    const bad = await runCli(['run', fixture('gaussian-2d.ts'), '--out', tempDir(), '--keep-states', '0', ...quick]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--keep-states must be a positive integer; got "0"/);
  });
});
