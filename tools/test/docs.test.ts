// The documentation stays true: every relative link in README.md and docs/ points to a file that
// exists (and, into a hand-written page, to a heading that exists); every TypeScript block in the
// docs that is a complete program, and every example, typechecks against the packages' source; the
// README's library example is examples/quickstart.ts; the README's first command runs, and the
// summary the pages show is what it prints; no page tells a user to install from the npm
// registry's @tempest scope (not ours); and the API reference in docs/api builds from the TSDoc
// without a warning and matches what is committed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFailure, runCommand } from '../run-command.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tempest-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under the folder `base` whose name ends with `ext`, as paths relative to `base`. */
function filesUnder(base: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(join(base, d), { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(ext)) out.push(path);
    }
  };
  walk('');
  return out.sort();
}

const pages = ['README.md', ...filesUnder(join(root, 'docs'), '.md').map((p) => join('docs', p))];
const handWritten = pages.filter((p) => !p.startsWith('docs/api/'));

/** The text of a page without its fenced code blocks (links inside code are not links). */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading.trim().toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
}

/** Relative links of a page that do not resolve (anchors checked for hand-written targets). */
function brokenLinks(page: string): string[] {
  const text = prose(readFileSync(join(root, page), 'utf8'));
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue; // URLs, same-page anchors
    const [path, anchor] = target.split('#');
    const file = resolve(root, dirname(page), decodeURIComponent(path));
    if (!existsSync(file)) {
      broken.push(`${page}: ${target} (no ${relative(root, file)})`);
      continue;
    }
    const target_ = relative(root, file);
    const checkAnchor = anchor !== undefined && target_.endsWith('.md') && !target_.startsWith('docs/api/') && statSync(file).isFile();
    if (checkAnchor && !anchorsOf(file).has(anchor)) broken.push(`${page}: ${target} (no heading #${anchor})`);
  }
  return broken;
}

describe('links', () => {
  it.each(handWritten)('%s: every relative link resolves', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it('docs/api: every relative link resolves', () => {
    const api = pages.filter((p) => p.startsWith('docs/api/'));
    expect(api.length).toBeGreaterThan(0);
    expect(api.flatMap(brokenLinks)).toEqual([]);
  });
});

/**
 * TypeScript blocks that are complete programs: fenced ```ts, starting with an import, importing
 * only Tempest packages and Node built-ins. Fragments that start with an import are fenced ```ts fragment.
 */
function programs(): { name: string; code: string }[] {
  const out: { name: string; code: string }[] = [];
  for (const page of handWritten) {
    const text = readFileSync(join(root, page), 'utf8');
    let n = 0;
    for (const [, code] of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
      n++;
      if (!code.startsWith('import ')) continue;
      const sources = [...code.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      if (!sources.every((s) => s === 'tempest' || s.startsWith('@tempest/') || s.startsWith('node:'))) continue;
      out.push({ name: `${page.replace(/[/.]/g, '_')}_${n}.mts`, code });
    }
  }
  return out;
}

describe('code in the docs', () => {
  it('every complete TypeScript program in the docs, and every example, typechecks', () => {
    const blocks = programs();
    expect(blocks.length).toBeGreaterThanOrEqual(5); // README, getting started, Python page, MPI, CLI
    for (const { name, code } of blocks) writeFileSync(join(scratch, name), `${code}\nexport {};\n`);
    const packages = (p: string) => join(root, 'packages', p, 'src', 'index.ts');
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({
      extends: join(root, 'tools', 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: true,
        // examples/browser is a page: its sources use the DOM.
        lib: ['ES2023', 'ESNext.Disposable', 'DOM', 'DOM.Iterable'],
        typeRoots: [join(root, 'node_modules', '@types')],
        paths: {
          tempest: [packages('tempest')],
          '@tempest/core': [packages('core')],
          '@tempest/pool': [packages('pool')],
          '@tempest/mpi': [packages('mpi')],
          '@tempest/serialize': [packages('serialize')],
          '@tempest/plot': [packages('plot')],
          '@tempest/cli': [packages('cli')],
        },
      },
      include: ['*.mts', join(root, 'examples', '**', '*.ts')],
    }));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', scratch], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    const ours = tsc.stdout.split('\n').filter((l) => !l.includes('packages/')).join('\n'); // errors in our blocks, not in the packages
    expect(ours.trim(), `tsc on the docs' programs (files in ${scratch}):\n${tsc.stdout}`).toBe('');
  });
});

describe('README', () => {
  it("the library example is examples/quickstart.ts (apart from the import), line for line", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /## From code\n+```ts\n([\s\S]*?)```/.exec(readme)![1];
    const quickstart = readFileSync(join(root, 'examples', 'quickstart.ts'), 'utf8').split('\n');
    let at = 0;
    for (const line of block.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('import '))) {
      const found = quickstart.indexOf(line, at);
      expect(found, `README line not in examples/quickstart.ts (in this order): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
    expect(block).toMatch(/^import \{ Sampler \} from 'tempest';/);
  });
});

describe('the README\'s first command and the summary the docs show', () => {
  // `npx tempest run examples/models/rosenbrock.ts --seed 1`, through the link `npm install` made
  // (the committed bin, running the TypeScript sources), from a folder outside the repository so
  // that the outputs go to its tempest-out/.
  const model = join(root, 'examples', 'models', 'rosenbrock.ts');
  const cwd = join(scratch, 'first-run');
  const run = (async () => {
    mkdirSync(cwd);
    return runCommand(join(root, 'node_modules', '.bin', 'tempest'), ['run', model, '--seed', '1'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  })();
  /** The wall time, and so the likelihood's share of it, are the things that change between runs. */
  const untimed = (text: string) => text
    .replace(/, [\d.]+ s, seed/g, ', <time> s, seed')
    .replace(/^Time: the likelihood took \d+% of the [\d.]+ s of sampling \([\d.]+ ms per call\).*$/m, 'Time: <where the time went, measured>');

  it('finishes the bundled example and writes summary.json, samples.csv and corner.svg', async () => {
    const result = await run;
    expect(result.code, describeFailure('tempest', ['run', model, '--seed', '1'], result)).toBe(0);
    for (const file of ['summary.json', 'samples.csv', 'corner.svg']) expect(existsSync(join(cwd, 'tempest-out', file)), file).toBe(true);
  });

  it.each(['README.md', 'docs/getting-started.md'])('%s shows the summary it prints, line for line (time aside)', async (page) => {
    const printed = untimed((await run).stdout).trimEnd().split('\n').map((l) => l.trimEnd());
    const text = readFileSync(join(root, page), 'utf8');
    const shown = [...text.matchAll(/^```text\n(log Z = [\s\S]*?)^```/gm)].map((m) => untimed(m[1]).trimEnd().split('\n'));
    expect(shown.length, `${page} has no \`\`\`text block starting with "log Z ="`).toBeGreaterThan(0);
    for (const block of shown) expect(block, `${page} vs the output of tempest run examples/models/rosenbrock.ts --seed 1`).toEqual(printed.slice(0, block.length));
  });
});

describe('install instructions', () => {
  it('no page tells a user to install from the npm registry\'s @tempest scope, or a published tempest, except as the future route', () => {
    const pages = [...handWritten, ...filesUnder(join(root, 'packages'), 'README.md').filter((p) => !p.includes('node_modules')).map((p) => join('packages', p))];
    const bad: string[] = [];
    for (const page of pages) {
      readFileSync(join(root, page), 'utf8').split('\n').forEach((line, i) => {
        // npm install/i/add … @tempest/x or … tempest (a name, not a path or a .tgz), unless the line says it is the future route.
        const installs = /\bnpm (?:install|i|add)\b(?:\s+-{1,2}[\w-]+)*\s+(?:@tempest\/[\w-]+|tempest)(?=[\s`@]|$)/.test(line);
        if (installs && !/future|once published|when published/i.test(line)) bad.push(`${page}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });
});

describe('API reference', () => {
  it('typedoc builds docs/api without warnings, and the committed docs/api is up to date', () => {
    const out = join(scratch, 'api');
    const typedoc = spawnSync(process.execPath, [join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    expect(typedoc.status, `${typedoc.stdout}\n${typedoc.stderr}`).toBe(0);
    expect(typedoc.stdout + typedoc.stderr).not.toMatch(/warning|error/i);
    const generated = filesUnder(out, '.md');
    const committed = filesUnder(join(root, 'docs', 'api'), '.md');
    const stale = generated.filter((f) => !committed.includes(f) || readFileSync(join(out, f), 'utf8') !== readFileSync(join(root, 'docs/api', f), 'utf8'));
    const extra = committed.filter((f) => !generated.includes(f));
    expect({ stale, extra }, 'docs/api differs from the TSDoc: run `npm run docs` and commit docs/api').toEqual({ stale: [], extra: [] });
  });
});
