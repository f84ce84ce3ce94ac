import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutFolder, clearEarlierRun } from './out-folder.js';

describe('checkOutFolder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tempest-out-folder-'));
  const file = join(dir, 'afile');
  writeFileSync(file, 'x');
  const given = { given: true };

  it('accepts an existing folder or a missing one', () => {
    expect(checkOutFolder(dir, given)).toEqual({ path: dir, earlier: [] });
    expect(checkOutFolder(join(dir, 'new', 'deeper'), given).path).toBe(join(dir, 'new', 'deeper'));
  });

  it('rejects a file, or a path under a file, naming the file', () => {
    expect(() => checkOutFolder(file, given)).toThrow(`--out ${file} must be a folder; ${file} is a file. Pass the path of a folder`);
    expect(() => checkOutFolder(join(file, 'sub'), given)).toThrow(`${file} is a file. ${join(file, 'sub')} cannot be created inside it`);
    expect(() => checkOutFolder(file, { given: false })).toThrow(/\(the default; set another with --out\) must be a folder/);
  });

  it('refuses a kernel file system such as /proc at once (Node\'s mkdir would spin there for ever)', () => {
    expect(() => checkOutFolder('/proc/x', given)).toThrow(/--out \/proc\/x is on procfs \(\/proc, the kernel's view of processes\), a kernel file system that cannot hold files\. Pass a folder on a disk/);
    expect(() => checkOutFolder('/sys/kernel/tempest', given)).toThrow(/is on sysfs/);
  });

  it('names a dangling symbolic link and where it points', () => {
    const link = join(dir, 'dangling');
    symlinkSync(join(dir, 'nowhere'), link);
    expect(() => checkOutFolder(join(link, 'run'), given)).toThrow(`${link} is a symbolic link to ${join(dir, 'nowhere')}, which does not exist. Create ${join(dir, 'nowhere')}, remove the link, or pass another --out.`);
  });

  it.skipIf(process.getuid?.() === 0)('names a folder that is not writable', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    expect(() => checkOutFolder(join(locked, 'run'), given)).toThrow(/cannot be created or written; .*locked, the nearest folder that exists, is not writable by you/);
  });

  it('refuses a folder holding an earlier run unless --force, and --force removes only that run\'s files', () => {
    const run = join(dir, 'earlier');
    mkdirSync(join(run, 'states'), { recursive: true });
    for (const name of ['run.json', 'summary.json', 'samples.csv', 'notes.txt']) writeFileSync(join(run, name), '{}');
    writeFileSync(join(run, 'states', 'ps_3.state'), 'x');
    expect(() => checkOutFolder(run, given)).toThrow(`--out ${run} holds an earlier run (run.json, summary.json, samples.csv, states/); writing there would mix two runs' files. Pass --force to replace that run's outputs, or choose another --out.`);
    // A resume continues its own run there.
    expect(checkOutFolder(run, { given: false, continuing: run }).earlier).toEqual([]);
    const forced = checkOutFolder(run, { given: true, force: true });
    expect(forced.earlier).toEqual(['run.json', 'summary.json', 'samples.csv', 'states/']);
    clearEarlierRun(forced);
    expect(readdirSync(run)).toEqual(['notes.txt']);
    expect(existsSync(join(run, 'states'))).toBe(false);
  });
});
