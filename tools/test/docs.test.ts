// The documentation stays true: every relative link in README.md and docs/ points to a file that
// exists (and, into a hand-written page, to a heading that exists); every TypeScript block in the
// docs that is a complete program, and every example, typechecks against the packages' source; the
// README's library example is examples/quickstart.ts; and the API reference
// in docs/api builds from the TSDoc without a warning and matches what is committed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

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
        typeRoots: [join(root, 'node_modules', '@types')],
        paths: {
          tempest: [packages('tempest')],
          '@tempest/core': [packages('core')],
          '@tempest/pool': [packages('pool')],
          '@tempest/mpi': [packages('mpi')],
          '@tempest/serialize': [packages('serialize')],
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
