import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync, type FileBytes } from './atomic-write.js';

// The sync variant (for signal handlers) must behave exactly like the async one.
const asPromise = (path: string, bytes: FileBytes) => Promise.resolve().then(() => writeFileAtomicSync(path, bytes));

describe.each([
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', asPromise],
])('%s', (_name, writeFileAtomic) => {
  it('creates folders, replaces the file and leaves no temporary files behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-atomic-'));
    try {
      const path = join(dir, 'deep', 'states', 'ps_1.state');
      await writeFileAtomic(path, Uint8Array.of(1, 2, 3));
      await writeFileAtomic(path, Uint8Array.of(4, 5));
      expect(Array.from(readFileSync(path))).toEqual([4, 5]);
      expect(readdirSync(join(dir, 'deep', 'states'))).toEqual(['ps_1.state']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a file given piece by piece, taking each piece only after the one before is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-atomic-'));
    try {
      const path = join(dir, 'ps.state');
      const taken: number[] = [];
      function* pieces() {
        for (let k = 0; k < 5; k++) {
          taken.push(k);
          // The temporary file holds every piece before this one, and the target is not there yet.
          const temporary = readdirSync(dir).find((name) => name.startsWith('ps.state.tmp-'));
          expect(temporary === undefined ? -1 : readFileSync(join(dir, temporary)).length).toBe(k === 0 ? 0 : 3 * k);
          expect(readdirSync(dir)).not.toContain('ps.state');
          yield Uint8Array.of(k, k, k);
        }
      }
      await writeFileAtomic(path, pieces());
      expect(taken).toEqual([0, 1, 2, 3, 4]);
      expect(Array.from(readFileSync(path))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
      expect(readdirSync(dir)).toEqual(['ps.state']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the old file and removes the temporary one when a piece cannot be made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-atomic-'));
    try {
      const path = join(dir, 'ps.state');
      await writeFileAtomic(path, Uint8Array.of(9));
      function* failing() {
        yield Uint8Array.of(1, 2);
        throw new Error('out of memory while making the blobs');
      }
      await expect(writeFileAtomic(path, failing())).rejects.toThrow(/out of memory while making the blobs/);
      expect(readdirSync(dir)).toEqual(['ps.state']);
      expect(Array.from(readFileSync(path))).toEqual([9]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the old file and removes the temporary one when the write fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-atomic-'));
    try {
      const path = join(dir, 'ps.state');
      await writeFileAtomic(path, Uint8Array.of(9));
      // A folder in the target's place makes the final rename fail.
      const blocked = join(dir, 'blocked');
      await writeFileAtomic(join(blocked, 'x'), Uint8Array.of(1));
      await expect(writeFileAtomic(blocked, Uint8Array.of(2))).rejects.toThrow();
      expect(readdirSync(dir).sort()).toEqual(['blocked', 'ps.state']);
      expect(Array.from(readFileSync(path))).toEqual([9]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to write through a symbolic link, leaving the file it points to untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-atomic-'));
    try {
      const victim = join(dir, 'victim.txt');
      writeFileSync(victim, 'precious');
      const path = join(dir, 'summary.json');
      symlinkSync(victim, path);
      await expect(writeFileAtomic(path, Uint8Array.of(1))).rejects.toThrow(/summary\.json is a symbolic link[^]*Remove the link/);
      expect(readFileSync(victim, 'utf8')).toBe('precious');
      expect(readdirSync(dir).sort()).toEqual(['summary.json', 'victim.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("removes temporary files that dead processes left beside the target, and no one else's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-atomic-'));
    try {
      const path = join(dir, 'ps_3.state');
      // No process has pid 2^22 + 1 (above Linux's pid_max default of 2^22); this one is alive.
      const stale = 'ps_3.state.tmp-4194305-0123abcd';
      const live = `ps_3.state.tmp-${process.pid}-89abcdef`;
      const other = 'ps_4.state.tmp-4194305-0123abcd';
      for (const name of [stale, live, other]) writeFileSync(join(dir, name), 'x');
      await writeFileAtomic(path, Uint8Array.of(7));
      expect(readdirSync(dir).sort()).toEqual([live, 'ps_3.state', other].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
