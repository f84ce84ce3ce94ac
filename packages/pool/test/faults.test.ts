import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessPool, TempestError, ThreadPool, functionReference, shipFunction } from '@tempest/pool';
import { afterAll, describe, expect, it } from 'vitest';

const scratch = mkdtempSync(join(tmpdir(), 'tempest-faults-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const TIMEOUT = 30_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pids: number[], withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (pids.every((p) => !alive(p))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids.every((p) => !alive(p));
}

async function rejection(p: Promise<unknown>): Promise<TempestError> {
  try {
    await p;
  } catch (e) {
    if (TempestError.is(e)) return e;
    throw e;
  }
  throw new Error('expected the map to fail');
}

// Tasks: most are quick; the one at `at` ends its worker in the way the test chooses.
const exitAt = (i: number) => {
  if (i === 5) process.exit(7);
  return i;
};
const slowAt = async (i: number) => {
  if (i === 5) await new Promise((r) => setTimeout(r, 60_000));
  return i;
};
const neverAt5 = async (i: number) => {
  if (i === 5) await new Promise(() => {}); // nothing can settle it
  return i;
};
const spinAt = (i: number) => {
  if (i === 3) for (;;);
  return i;
};
const hoard = (i: number) => {
  if (i !== 1) return i;
  const keep: number[][] = [];
  for (;;) keep.push(new Array(1e5).fill(i));
};
const double = (i: number) => 2 * i;

describe('a worker thread that dies', () => {
  it('rejects the current map promptly with WORKER_DIED when a task calls process.exit, and is replaced', async () => {
    // One chunk per worker (tasks 0–4 and 5–9), so that the chunk that dies is known.
    const pool = new ThreadPool({ size: 2, chunksPerWorker: 1 });
    try {
      const before = pool.workerIds;
      const error = await rejection(pool.map(exitAt, Array.from({ length: 10 }, (_, i) => i)));
      expect(error.code).toBe('WORKER_DIED');
      expect(error.message).toMatch(/exited with code 7/);
      expect(error.tasks).toEqual([5, 9]);
      expect(await pool.map(double, [1, 2, 3, 4])).toEqual([2, 4, 6, 8]);
      expect(pool.workerIds).toHaveLength(2);
      expect(pool.workerIds).not.toEqual(before);
    } finally {
      await pool.close();
    }
  }, TIMEOUT);

  it('rejects with WORKER_DIED when a thread runs out of memory, and is replaced', async () => {
    const pool = new ThreadPool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 32 } });
    try {
      const error = await rejection(pool.map(hoard, [0, 1, 2]));
      expect(error.code).toBe('WORKER_DIED');
      expect(error.message).toMatch(/memory/i);
      expect(await pool.map(double, [5])).toEqual([10]);
    } finally {
      await pool.close();
    }
  }, TIMEOUT);

  it('bounds a task that never returns with taskTimeout, naming that task within its chunk, then keeps working', async () => {
    const pool = new ThreadPool({ size: 2, taskTimeout: 200, chunksPerWorker: 1 });
    try {
      const started = Date.now();
      // Task 3 is the second of its chunk (2–3): it is timed alone, not as part of the chunk.
      const error = await rejection(pool.map(spinAt, [0, 1, 2, 3]));
      expect(error.code).toBe('TASK_TIMEOUT');
      expect(error).toMatchObject({ index: 3, tasks: [3, 3], value: 200 });
      expect(error.message).toMatch(/^Task 3 did not finish within 200 ms \(taskTimeout 200 ms per task\) in worker thread \d+\. It was stopped and replaced/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await pool.map(double, [1, 2, 3])).toEqual([2, 4, 6]);
    } finally {
      await pool.close();
    }
  }, TIMEOUT);
});

describe('a task whose promise can never settle', () => {
  // The worker's event loop runs out of work while it waits (its port or channel is unref'd during
  // the wait), which is reported at once as that task failing, rather than waited for forever.
  it.each([
    ['ThreadPool', () => new ThreadPool({ size: 2 })],
    ['ProcessPool', () => new ProcessPool({ size: 2 })],
  ])('%s: rejects with TASK_FAILED at that task (cause PROMISE_NEVER_SETTLED) and keeps working', async (_name, create) => {
    const pool = create();
    try {
      const started = Date.now();
      const error = await rejection(pool.map(neverAt5, Array.from({ length: 10 }, (_, i) => i)));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error).toMatchObject({ code: 'TASK_FAILED', index: 5 });
      const cause = error.cause as Error & { code?: string };
      expect(cause.code).toBe('PROMISE_NEVER_SETTLED');
      expect(cause.message).toMatch(/never settled/);
      expect(await pool.map(double, [1, 2, 3])).toEqual([2, 4, 6]);
    } finally {
      await pool.close();
    }
  }, TIMEOUT);
});

describe('a worker process that dies', () => {
  it('rejects the current map promptly with WORKER_DIED when killed mid-map, and is replaced', async () => {
    const pool = new ProcessPool({ size: 2, chunksPerWorker: 1 });
    const seen = new Set<number>();
    // Task 5 (the first of the second chunk, 5–9) writes its child's pid to a file, then takes a
    // minute. Made with new Function so that its source is exactly this (the test runner rewrites
    // import() in test files).
    const marker = join(scratch, 'slow-child');
    const slowAt5 = new Function('i', 'marker', "if (i !== 5) return i; return import('node:fs').then((fs) => { fs.writeFileSync(marker, String(process.pid)); return new Promise((r) => setTimeout(() => r(i), 60000)); });") as (i: number, marker: string) => Promise<number>;
    try {
      await pool.map(double, [1, 2]); // both children are up
      pool.pids.forEach((p) => seen.add(p));
      const running = pool.map(shipFunction(slowAt5, { args: [marker], allowGlobals: ['process'] }), Array.from({ length: 10 }, (_, i) => i));
      const failure = rejection(running); // handled even if an expectation below throws first
      // writeFileSync creates the file before it writes the pid, so wait for the content too.
      const deadline = Date.now() + 10_000;
      const childPid = () => (existsSync(marker) ? Number(readFileSync(marker, 'utf8')) : 0);
      while (childPid() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const victim = childPid();
      expect(pool.pids).toContain(victim);
      process.kill(victim, 'SIGKILL');
      const started = Date.now();
      const error = await failure;
      expect(Date.now() - started).toBeLessThan(2000);
      expect(error.code).toBe('WORKER_DIED');
      expect(error.signal).toBe('SIGKILL');
      expect(error.tasks).toEqual([5, 9]);
      expect(pool.pids).not.toContain(victim);
      pool.pids.forEach((p) => seen.add(p));
      expect(await pool.map(double, [3, 4, 5])).toEqual([6, 8, 10]);
    } finally {
      await pool.close();
    }
    expect(await gone([...seen], 5000)).toBe(true);
  }, TIMEOUT);

  it('bounds a task that never returns with taskTimeout, timed by the child\'s watchdog', async () => {
    const pool = new ProcessPool({ size: 1, taskTimeout: 300 });
    try {
      const error = await rejection(pool.map(spinAt, [0, 1, 2, 3, 4]));
      // The child's main thread is stuck in task 3 of its one chunk; its watchdog thread reports it.
      expect(error).toMatchObject({ code: 'TASK_TIMEOUT', index: 3, tasks: [3, 3], value: 300 });
      expect(error.message).toMatch(/^Task 3 did not finish within 300 ms \(taskTimeout 300 ms per task\) in worker process \d+\./);
      expect(await pool.map(double, [2])).toEqual([4]);
    } finally {
      await pool.close();
    }
  }, TIMEOUT);

  it('rejects a map in flight with POOL_CLOSED when the pool closes, and leaves no child behind', async () => {
    const pool = new ProcessPool({ size: 2 });
    const pids = pool.pids;
    const running = rejection(pool.map(slowAt, Array.from({ length: 10 }, (_, i) => i)));
    await new Promise((r) => setTimeout(r, 100));
    await pool.close();
    expect((await running).code).toBe('POOL_CLOSED');
    expect(await gone(pids, 5000)).toBe(true);
  }, TIMEOUT);

  it.each(['exit', 'hang', 'busy'])('leaves no child behind when its parent ends (%s)', async (how) => {
    const parent = spawn(process.execPath, ['--conditions=@tempest/source', '--import', 'tsx', fileURLToPath(new URL('./fixtures/parent-with-children.ts', import.meta.url)), how], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pids: number[] = [];
    try {
      pids = await new Promise<number[]>((resolve, reject) => {
        let out = '';
        parent.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as number[]);
        });
        parent.once('exit', (code) => reject(new Error(`the parent exited early (${code})`)));
        setTimeout(() => reject(new Error('the parent did not report its children')), 20_000);
      });
      expect(pids).toHaveLength(2);
      expect(pids.every(alive)).toBe(true);
      if (how !== 'exit') parent.kill('SIGKILL');
      expect(await gone(pids, 5000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
      for (const p of pids) if (alive(p)) process.kill(p, 'SIGKILL');
    }
  }, TIMEOUT);
});

describe('taskTimeout and loading the function', () => {
  it.each([
    ['ThreadPool', () => new ThreadPool({ size: 1, taskTimeout: 100 })],
    ['ProcessPool', () => new ProcessPool({ size: 1, taskTimeout: 100 })],
  ])('%s: importing a slow module for the first chunk is not charged to the chunk', async (_name, create) => {
    // The module takes 1 s to import; the chunk of 2 tasks may take 200 ms.
    const pool = create();
    try {
      const slow = functionReference(import.meta.url, './fixtures/slow-import.ts', 'triple');
      expect(await pool.map(slow, [1, 2])).toEqual([3, 6]);
    } finally {
      await pool.close();
    }
  }, TIMEOUT);
});
