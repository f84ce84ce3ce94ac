// What a scientist puts in a paper, through the real command: names apart from labels, circular
// statistics of a wrapped phase, 16/84% quantiles, H and the best fit, equal-weight samples, an
// output folder that is never mixed with an earlier run, plots redrawn and compared.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { fixture, parseCsv, runCli, tempDir } from './run-cli.js';

const quick = ['--n-total', '1000', '--seed', '11', '--no-progress'];
const SIGMAS = 4;

describe('tempest run on a wrapped phase with TeX labels', () => {
  const out = tempDir();
  const result = runCli(['run', fixture('wrapped-phase.ts'), '--out', out, '--plot-format', 'svg,png', ...quick]);

  it('summarises the phase with circular statistics: mean near 0 = 2π and a spread of about 0.14', async () => {
    const r = await result;
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const phase = s.parameters[0];
    expect(phase).toMatchObject({ name: 'phase', label: '$\\phi$', circular: { low: 0, high: 2 * Math.PI } });
    // Von Mises κ = 50: circular sd 0.1421; with ESS ~1000 its mean is known to about 0.005.
    const gap = Math.abs(Math.atan2(Math.sin(phase.mean), Math.cos(phase.mean)));
    expect(gap).toBeLessThan(SIGMAS * (0.1421 / Math.sqrt(s.ess)) * 3); // × 3: a generous allowance for correlated samples
    expect(phase.sd).toBeGreaterThan(0.12);
    expect(phase.sd).toBeLessThan(0.165);
    // One interval around the mean, not 0.03 to 6.25.
    expect(phase.q95 - phase.q05).toBeGreaterThan(0.35);
    expect(phase.q95 - phase.q05).toBeLessThan(0.6);
    for (const key of ['q05', 'q16', 'q50', 'q84', 'q95']) expect(Math.abs(phase[key] - phase.mean)).toBeLessThan(0.4);
    expect(s.parameters[1].circular).toBeUndefined();
  });

  it('prints 5/16/50/84/95% quantiles, the best fit, H, a ° note for the phase, and where the time went', async () => {
    const { stdout } = await result;
    expect(stdout).toMatch(/^log Z = .*\nH = \d+\.\d\d ± \d\.\d\d nats \(information from prior to posterior\); max ln L = -?\d+\.\d{3}\n/);
    expect(stdout).toMatch(/\nparameter +mean +sd +5% +16% +50% +84% +95% +max-L\nphase° /);
    expect(stdout).toContain('° periodic: circular mean and sd; quantiles on the axis centred on the mean (phase wraps at [0, 2π)).');
    expect(stdout).toMatch(/\nTime: the likelihood took \d+% of the [\d.]+ s of sampling \([\d.]+ ms per call\)/);
    expect(stdout).toMatch(/Outputs in .*: summary\.json, samples\.csv, samples-equal\.csv, iterations\.csv, run\.json, corner\.svg, corner\.png, diagnostics\.svg, diagnostics\.png\n$/);
  });

  it('keeps TeX out of the files and puts it, in italic, on the plot', async () => {
    await result;
    expect(parseCsv(readFileSync(join(out, 'samples.csv'), 'utf8')).header).toEqual(['phase', 'a', 'weight', 'logl']);
    const corner = readFileSync(join(out, 'corner.svg'), 'utf8');
    expect(corner).toContain('<tspan font-style="italic">ϕ</tspan>');
    expect(corner).toContain('data-panel="pair:a:phase"');
    // PNG files, rendered by resvg.
    const png = PNG.sync.read(readFileSync(join(out, 'corner.png')));
    expect(png.width).toBeGreaterThan(600);
  });

  it('writes samples-equal.csv: equal-weight draws whose mean is the weighted mean within Monte Carlo error', async () => {
    await result;
    const weighted = parseCsv(readFileSync(join(out, 'samples.csv'), 'utf8'));
    const equal = parseCsv(readFileSync(join(out, 'samples-equal.csv'), 'utf8'));
    expect(equal.header).toEqual(['phase', 'a', 'logl']);
    expect(equal.rows.length).toBe(weighted.rows.length);
    // Parameter a (linear): systematic resampling's error is below multinomial's σ/√n.
    const w = weighted.rows.map((r) => Number(r[2]));
    const a = weighted.rows.map((r) => Number(r[1]));
    const mean = a.reduce((t, v, i) => t + w[i] * v, 0);
    const sd = Math.sqrt(a.reduce((t, v, i) => t + w[i] * (v - mean) ** 2, 0));
    const equalMean = equal.rows.reduce((t, r) => t + Number(r[1]), 0) / equal.rows.length;
    expect(Math.abs(equalMean - mean)).toBeLessThan((SIGMAS * sd) / Math.sqrt(equal.rows.length));
  });

  it('refuses to run into the same --out again, and --force replaces the earlier run\'s files only', async () => {
    await result;
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const again = await runCli(['run', fixture('wrapped-phase.ts'), '--out', out, ...quick]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`tempest: --out ${out} holds an earlier run (run.json, summary.json, samples.csv, samples-equal.csv, iterations.csv, corner.svg, corner.png, diagnostics.svg, diagnostics.png); writing there would mix two runs' files. Pass --force to replace that run's outputs, or choose another --out.\n`);
    const forced = await runCli(['run', fixture('wrapped-phase.ts'), '--out', out, '--force', '--quiet', '--no-plots', ...quick]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['iterations.csv', 'notes.txt', 'run.json', 'samples-equal.csv', 'samples.csv', 'summary.json']);
  });
});

describe('output-folder errors: exit 2, the path and the cause, never a hang', () => {
  it.each([
    ['/proc/tempest-x', /^tempest: --out \/proc\/tempest-x is on procfs .*cannot hold files\. Pass a folder on a disk/],
    ['/sys/tempest-x', /^tempest: --out \/sys\/tempest-x is on sysfs/],
  ])('--out %s', async (out, message) => {
    const started = Date.now();
    const r = await runCli(['run', fixture('gaussian-2d.mjs'), '--out', out, ...quick], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('names a dangling symbolic link', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'gone'), join(dir, 'link'));
    const r = await runCli(['run', fixture('gaussian-2d.mjs'), '--out', join(dir, 'link', 'run'), ...quick]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'link')} is a symbolic link to ${join(dir, 'gone')}, which does not exist.`);
  });
});

describe('model files', () => {
  it('refuses a parameter named weight, and TeX in a name, with the fix', async () => {
    const r = await runCli(['run', fixture('weight-param.mjs'), '--out', tempDir(), ...quick]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('parameterNames[1] is "weight", which samples.csv uses for its own column (weight, logl, blob are reserved). Rename the parameter');
    expect(r.stderr).toContain('parameterNames[2] is "$\\\\sigma$", which looks like TeX; names are identifiers for files and tables. Give the TeX as parameterLabels[2]');
  });

  it('asks whether a likelihood that gives undefined forgot its return', async () => {
    const r = await runCli(['run', fixture('forgot-return.mjs'), '--out', tempDir(), '--pool', 'main', ...quick]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/logLikelihood must return a number \(or \[logL, blob\]\); got undefined \(did the function forget `return`\?/);
  });
});

describe('an example model reading its data from a CSV file beside it', () => {
  const model = fileURLToPath(new URL('../../../examples/models/sinusoid.ts', import.meta.url));

  it.each(['threads:2', 'processes:2', 'serial'])('runs on --pool %s with the results of --pool main, bit for bit (the workers read the file too)', async (pool) => {
    const [main, other] = await Promise.all(['main', pool].map(async (p) => {
      const out = tempDir();
      const r = await runCli(['run', model, '--out', out, '--pool', p, '--quiet', '--no-plots', '--n-total', '600', '--seed', '3']);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(out, 'samples.csv'), 'utf8');
    }));
    expect(other).toBe(main);
    expect(main.split('\n')[0]).toBe('amplitude,period,phase,weight,logl');
  });
});

describe('tempest plot and tempest compare', () => {
  const a = tempDir();
  const b = tempDir();
  const runs = Promise.all([
    runCli(['run', fixture('wrapped-phase.ts'), '--out', a, '--quiet', '--no-plots', ...quick]),
    runCli(['run', fixture('wrapped-phase.ts'), '--out', b, '--quiet', '--no-plots', '--n-total', '1000', '--seed', '12']),
  ]);

  it('tempest plot redraws a run\'s corner plot with other settings, as PNG', async () => {
    for (const r of await runs) expect(r.code, r.stderr).toBe(0);
    const r = await runCli(['plot', a, '--bins', '30', '--smooth', '1', '--range', 'a=-2:4', '-o', join(a, 'figure.png')]);
    expect(r.code, r.stderr).toBe(0);
    expect(PNG.sync.read(readFileSync(join(a, 'figure.png'))).width).toBeGreaterThan(600);
    const bad = await runCli(['plot', a, '--range', 'b=0:1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('tempest: --range names the parameter "b", which the plot does not have; the parameters are phase, a.\n');
  });

  it('tempest compare prints ln B with its error and draws both posteriors on one plot', async () => {
    await runs;
    const here = tempDir();
    const r = await runCli(['compare', a, b, '--labels', 'seed 11,seed 12', '-o', join(here, 'compare.svg')]);
    expect(r.code, r.stderr).toBe(0);
    const [sa, sb] = [a, b].map((f) => JSON.parse(readFileSync(join(f, 'summary.json'), 'utf8')));
    const lnB = sb.logz - sa.logz;
    const err = Math.hypot(sa.logzErr, sb.logzErr);
    expect(r.stdout).toContain(`ln B(seed 12 / seed 11) = ${lnB.toFixed(3)} ± ${err.toFixed(3)}`);
    // The same model twice: ln B is 0 within its error.
    expect(Math.abs(lnB)).toBeLessThan(SIGMAS * err);
    const svg = readFileSync(join(here, 'compare.svg'), 'utf8');
    expect(/<g class="legend">[^]*seed 11[^]*seed 12/.test(svg)).toBe(true);
    const json = await runCli(['compare', a, b, '--json', '--no-plots']);
    expect(JSON.parse(json.stdout).bayesFactors[0]).toMatchObject({ lnB, lnBErr: err });
  });

  it('refuses a folder that is not a finished run, naming what is missing', async () => {
    const empty = tempDir();
    mkdirSync(join(empty, 'x'));
    const r = await runCli(['compare', a, join(empty, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/summary\.json cannot be read \(ENOENT\); pass the output folder of a finished tempest run/);
    expect(existsSync('compare.svg')).toBe(false);
  });
});
