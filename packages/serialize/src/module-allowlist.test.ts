import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { functionReference, type FunctionReference } from './function-reference.js';
import { resolveAllowModules } from './module-allowlist.js';
import { resolveFunction } from './resolve-function.js';

// A folder outside the working directory, with a module, a node_modules package and a link.
const scratch = mkdtempSync(join(tmpdir(), 'tempest-allow-'));
const outside = join(scratch, 'outside');
const allowed = join(scratch, 'allowed');
mkdirSync(outside);
mkdirSync(join(allowed, 'node_modules', 'pkg'), { recursive: true });
const moduleText = 'export const double = (x) => 2 * x;\n';
writeFileSync(join(outside, 'model.mjs'), moduleText);
writeFileSync(join(allowed, 'model.mjs'), moduleText);
writeFileSync(join(allowed, 'node_modules', 'pkg', 'index.mjs'), moduleText);
symlinkSync(join(outside, 'model.mjs'), join(allowed, 'link.mjs'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ref = (path: string, name = 'double') => functionReference(pathToFileURL(path), name);
const refused = (reference: FunctionReference, allowModules?: string[]) =>
  expect(resolveFunction(reference, allowModules === undefined ? {} : { allowModules })).rejects.toMatchObject({ code: 'REFERENCE_NOT_ALLOWED', option: 'allowModules' });

describe('resolveAllowModules', () => {
  it('defaults to the working directory, and to nothing at the file-system root', () => {
    expect(resolveAllowModules(undefined, '/srv/job')).toEqual({ allowModules: ['/srv/job'], problems: [] });
    expect(resolveAllowModules(undefined, '/')).toEqual({ allowModules: [], problems: [] });
  });

  it('makes paths absolute, normalises file: URLs and keeps built-ins and package names', () => {
    expect(resolveAllowModules(['./models', '/opt/m.js', 'file:///srv/a/../b/', 'node:path', 'my-models', '@lab/models'], '/srv/job').allowModules)
      .toEqual(['/srv/job/models', '/opt/m.js', 'file:///srv/b/', 'node:path', 'my-models', '@lab/models']);
  });

  it('lists every problem: URLs that carry code or live elsewhere, non-strings, a non-array', () => {
    expect(resolveAllowModules(['data:text/javascript,1', 'https://example.com/m.js', '', 3, 'not a name!']).problems).toEqual([
      expect.stringContaining('allowModules[0] names a data: URL'),
      expect.stringContaining('allowModules[1] names a https: URL'),
      expect.stringContaining('allowModules[2] must be a non-empty string'),
      expect.stringContaining('allowModules[3] must be a non-empty string'),
      expect.stringContaining('allowModules[4] is neither a path'),
    ]);
    expect(resolveAllowModules('./models').problems).toEqual([expect.stringContaining('must be an array')]);
  });
});

describe('which modules a reference may name', () => {
  it('by default: files under the working directory only', async () => {
    await refused(ref(join(outside, 'model.mjs')));
    await expect(resolveFunction(ref(join(outside, 'model.mjs')))).rejects.toThrow(/outside the allowed folders\. Add its folder to allowModules/);
    const double = await resolveFunction<(x: number) => number>(ref(join(outside, 'model.mjs')), { allowModules: [outside] });
    expect(double(4)).toBe(8);
  });

  it('a listed file allows that file only', async () => {
    expect(await resolveFunction(ref(join(outside, 'model.mjs')), { allowModules: [join(outside, 'model.mjs')] })).toBeTypeOf('function');
    await refused(ref(join(allowed, 'model.mjs')), [join(outside, 'model.mjs')]);
  });

  it('never reaches into node_modules below an allowed folder, unless the package is listed', async () => {
    await refused(ref(join(allowed, 'node_modules', 'pkg', 'index.mjs')), [allowed]);
    await expect(resolveFunction(ref(join(allowed, 'node_modules', 'pkg', 'index.mjs')), { allowModules: [allowed] })).rejects.toThrow(/inside a node_modules folder/);
    expect(await resolveFunction(ref(join(allowed, 'node_modules', 'pkg', 'index.mjs')), { allowModules: [join(allowed, 'node_modules', 'pkg')] })).toBeTypeOf('function');
    // This repository's own installed packages, below its root.
    const acorn = createRequire(import.meta.url).resolve('acorn');
    await refused(functionReference(pathToFileURL(acorn), 'parse'), [fileURLToPath(new URL('../../../', import.meta.url))]);
  });

  it('does not follow a symbolic link out of an allowed folder', async () => {
    await refused(ref(join(allowed, 'link.mjs')), [allowed]);
    await expect(resolveFunction(ref(join(allowed, 'link.mjs')), { allowModules: [allowed] })).rejects.toThrow(/outside the allowed folders/);
  });

  it('refuses a query or fragment unless that exact URL is listed', async () => {
    const withQuery = { ...ref(join(allowed, 'model.mjs')), module: `${pathToFileURL(join(allowed, 'model.mjs')).href}?v=1` };
    await refused(withQuery, [allowed]);
    expect(await resolveFunction(withQuery, { allowModules: [withQuery.module] })).toBeTypeOf('function');
    await refused({ ...withQuery, module: `${pathToFileURL(join(allowed, 'model.mjs')).href}?v=2` }, [withQuery.module]);
  });

  it('refuses node: built-ins and package names unless listed', async () => {
    await refused(functionReference('node:path', 'join'));
    await expect(resolveFunction(functionReference('node:path', 'join'))).rejects.toThrow(/Node built-in.*add 'node:path' to allowModules/);
    await refused(functionReference(import.meta.url, 'acorn', 'parse'));
    expect(await resolveFunction(functionReference(import.meta.url, 'acorn', 'parse'), { allowModules: ['acorn'] })).toBeTypeOf('function');
  });

  it('looks nothing up on disk outside the allowed folders: a missing file there is refused, not reported missing', async () => {
    await refused(ref(join(outside, 'no-such-file.mjs')));
    await expect(resolveFunction(ref(join(allowed, 'no-such-file.mjs')), { allowModules: [allowed] })).rejects.toMatchObject({ code: 'REFERENCE_FAILED' });
  });

  it('refuses an invalid allowModules with INVALID_ARGUMENT', async () => {
    await expect(resolveFunction(ref(join(allowed, 'model.mjs')), { allowModules: ['data:text/javascript,1'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', option: 'allowModules' });
  });
});
