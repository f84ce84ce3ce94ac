import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutFolder } from './out-folder.js';

describe('checkOutFolder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tempest-out-folder-'));
  const file = join(dir, 'afile');
  writeFileSync(file, 'x');

  it('accepts an existing folder or a missing one', () => {
    expect(checkOutFolder(dir, true)).toBe(dir);
    expect(checkOutFolder(join(dir, 'new', 'deeper'), true)).toBe(join(dir, 'new', 'deeper'));
  });

  it('rejects a file, or a path under a file, naming the file', () => {
    expect(() => checkOutFolder(file, true)).toThrow(`--out must be a folder; ${file} is a file. Pass the path of a folder`);
    expect(() => checkOutFolder(join(file, 'sub'), true)).toThrow(`--out must be a folder; ${file} is a file. ${join(file, 'sub')} cannot be created inside it`);
    expect(() => checkOutFolder(file, false)).toThrow(/\(the default; set another with --out\) must be a folder/);
  });
});
