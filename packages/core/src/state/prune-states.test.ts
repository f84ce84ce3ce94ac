import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { numberedStates, pruneNumberedStates } from './prune-states.js';

describe('pruneNumberedStates', () => {
  it("keeps the newest numbered files by iteration (not by name), the final one and other runs' files", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-prune-'));
    try {
      const names = ['ps_2.state', 'ps_10.state', 'ps_9.state', 'ps_final.state', 'ps_interrupted.state', 'other_1.state', 'ps_1.state.tmp-1-00000000', 'ps-run2_3.state'];
      for (const name of names) writeFileSync(join(dir, name), 'x');
      expect(numberedStates(dir, 'ps').map((s) => s.iteration)).toEqual([10, 9, 2]);
      const removed = pruneNumberedStates(dir, 'ps', 2);
      expect(removed.map((p) => p.slice(dir.length + 1))).toEqual(['ps_2.state']);
      expect(readdirSync(dir).sort()).toEqual(names.filter((n) => n !== 'ps_2.state').sort());
      expect(pruneNumberedStates(dir, 'ps', Infinity)).toEqual([]);
      expect(pruneNumberedStates(join(dir, 'absent'), 'ps', 1)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
