import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ORPHAN_GRACE_MS } from './orphan-watch.js';

const dir = mkdtempSync(join(tmpdir(), 'tempest-orphan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const watch = fileURLToPath(new URL('./orphan-watch.ts', import.meta.url));

describe('watchForOrphaning', () => {
  it('sends this process SIGTERM when its parent goes away (what a rank sees when mpirun dies)', async () => {
    const marker = join(dir, 'got-sigterm');
    const ready = join(dir, 'watching');
    // The grandchild watches; its parent (a shell) is killed; the grandchild must hear of it.
    const grandchild = [
      `import { watchForOrphaning } from ${JSON.stringify(watch)};`,
      `import { writeFileSync } from 'node:fs';`,
      `process.on('SIGTERM', () => { writeFileSync(${JSON.stringify(marker)}, 'yes'); process.exit(0); });`,
      'watchForOrphaning();',
      `writeFileSync(${JSON.stringify(ready)}, 'yes');`,
      'setTimeout(() => process.exit(3), 20000);',
    ].join('\n');
    const parent = spawn('sh', ['-c', `"${process.execPath}" --import tsx --input-type=module -e '${grandchild.replace(/'/g, "'\\''")}' & sleep 600`], { stdio: 'ignore', detached: true });
    const until = (path: string) => async () => {
      const deadline = Date.now() + 15_000;
      while (!existsSync(path) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    await until(ready)(); // the grandchild is up and watching
    expect(existsSync(marker)).toBe(false);
    process.kill(parent.pid!, 'SIGKILL');
    await until(marker)();
    try {
      process.kill(-parent.pid!, 'SIGKILL'); // the sleep, if still there
    } catch {
      // already gone
    }
    expect(readFileSync(marker, 'utf8')).toBe('yes');
  }, 40_000);

  it('ends a process stuck in a hung synchronous task that ignores SIGTERM (a CLI worker rank in a hung likelihood)', async () => {
    const ready = join(dir, 'hung-watching');
    // The watch must not need the event loop: this grandchild never returns to it.
    const grandchild = [
      `import { watchForOrphaning } from ${JSON.stringify(watch)};`,
      `import { writeFileSync } from 'node:fs';`,
      "process.on('SIGTERM', () => {});",
      'watchForOrphaning();',
      'setTimeout(() => {',
      `  writeFileSync(${JSON.stringify(ready)}, String(process.pid));`,
      '  for (;;);',
      '}, 300);',
    ].join('\n');
    const parent = spawn('sh', ['-c', `"${process.execPath}" --import tsx --input-type=module -e '${grandchild.replace(/'/g, "'\\''")}' & sleep 600`], { stdio: 'ignore', detached: true });
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    let pid = 0;
    try {
      const deadline = Date.now() + 15_000;
      while (!existsSync(ready) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      pid = Number(readFileSync(ready, 'utf8'));
      await new Promise((r) => setTimeout(r, 200)); // in the loop by now
      expect(alive(pid)).toBe(true);
      process.kill(parent.pid!, 'SIGKILL');
      const started = Date.now();
      while (alive(pid) && Date.now() - started < ORPHAN_GRACE_MS + 5000) await new Promise((r) => setTimeout(r, 50));
      expect(alive(pid)).toBe(false);
    } finally {
      try {
        process.kill(-parent.pid!, 'SIGKILL'); // the sleep, if still there
      } catch {
        // already gone
      }
      if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 40_000);
});
