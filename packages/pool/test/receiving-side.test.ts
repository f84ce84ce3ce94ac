// The workers enforce what the pool promised (issue 15, finding 4): a worker started with
// shipCode: false refuses code even from a master that sends it anyway, and references reach only
// the modules the pool allowed, never code-running built-ins. The hostile master is simulated by
// switching the master's own check off after the workers have started.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessPool, ThreadPool, functionReference, shipFunction, type Pool } from '@tempest/pool';
import { afterAll, describe, expect, it } from 'vitest';

const scratch = mkdtempSync(join(tmpdir(), 'tempest-receiving-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A function shipped by value that leaves a file behind if a worker compiles and runs it. Made
// with new Function so that its source is exactly this (the test runner rewrites import() in test
// files), and the file's path arrives as an extra argument.
const writeMarker = new Function('_task', 'path', "return import('node:fs').then((fs) => { fs.writeFileSync(path, 'ran'); return 'ran'; });") as (task: number, path: string) => Promise<string>;

/** The error a rejected map gave, with the code of its cause. */
async function failure(promise: Promise<unknown>): Promise<{ code?: string; causeCode?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { code?: string; cause?: { code?: string } };
    return { code: e.code, causeCode: e.cause?.code, message: `${e.message} / ${String((e.cause as Error | undefined)?.message)}` };
  }
  throw new Error('map resolved, but it should have been refused');
}

/** Lets `map` send code although the pool was created with shipCode: false: the master is the attacker. */
function disableMasterCheck(pool: Pool): void {
  (pool as unknown as { shipCode: boolean }).shipCode = true;
}

describe.each([
  ['ThreadPool', (options: ConstructorParameters<typeof ThreadPool>[0]) => new ThreadPool(options)],
  ['ProcessPool', (options: ConstructorParameters<typeof ProcessPool>[0]) => new ProcessPool(options)],
] as const)('%s workers decide what they run', (_, makePool) => {
  it('a worker started with shipCode: false refuses a code payload that its master sends anyway', async () => {
    const marker = join(scratch, `${_}-code`);
    const pool = makePool({ size: 1, shipCode: false });
    try {
      const code = shipFunction(writeMarker, { args: [marker] });
      await expect(pool.map(code, [1])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', option: 'fn' });
      disableMasterCheck(pool);
      const refused = await failure(pool.map(code, [1]));
      expect(refused).toMatchObject({ code: 'TASK_FAILED', causeCode: 'CODE_NOT_ALLOWED' });
      expect(existsSync(marker)).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('the same code runs on a pool that ships code (the test above can fail)', async () => {
    const marker = join(scratch, `${_}-control`);
    const pool = makePool({ size: 1 });
    try {
      expect(await pool.map(shipFunction(writeMarker, { args: [marker] }), [1])).toEqual(['ran']);
      expect(existsSync(marker)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it.each([
    ['node:child_process execSync', functionReference('node:child_process', 'execSync'), (marker: string) => `touch ${marker}`],
    ['node:vm runInThisContext', functionReference('node:vm', 'runInThisContext'), (marker: string) => `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`],
  ])('refuses %s by reference, on workers that ship code and with the built-in allowed', async (name, reference, task) => {
    const marker = join(scratch, `${_}-${name.replace(/\W/g, '-')}`);
    for (const options of [{ size: 1 }, { size: 1, allowModules: [reference.module] }]) {
      const pool = makePool(options);
      try {
        const refused = await failure(pool.map(reference, [task(marker)]));
        expect(refused).toMatchObject({ code: 'TASK_FAILED', causeCode: 'REFERENCE_NOT_ALLOWED' });
      } finally {
        await pool.close();
      }
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('imports references only from the modules allowModules lists', async () => {
    const triple = functionReference(import.meta.url, './fixtures/task-functions.ts', 'triple');
    const byDefault = makePool({ size: 1 });
    const elsewhere = makePool({ size: 1, shipCode: false, allowModules: [scratch] });
    try {
      expect(await byDefault.map(triple, [1, 2])).toEqual([3, 6]);
      const refused = await failure(elsewhere.map(triple, [1]));
      expect(refused).toMatchObject({ code: 'TASK_FAILED', causeCode: 'REFERENCE_NOT_ALLOWED' });
      expect(refused.message).toContain('outside the allowed folders');
    } finally {
      await Promise.all([byDefault.close(), elsewhere.close()]);
    }
  });
});

describe('shipCode and allowModules options', () => {
  it('are checked with the other options, every problem listed', () => {
    expect(() => new ThreadPool({ size: 1, shipCode: 'no' as never, allowModules: ['data:text/javascript,1', 42 as never] })).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIGURATION',
        problems: [expect.stringContaining('allowModules[0] names a data: URL'), expect.stringContaining('allowModules[1] must be a non-empty string'), expect.stringMatching(/^shipCode must be true or false/)],
      }),
    );
  });
});
