import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';

// The sync variant (for signal handlers) must behave exactly like the async one.
const asPromise = (path: string, bytes: Uint8Array) => Promise.resolve().then(() => writeFileAtomicSync(path, bytes));

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
});
