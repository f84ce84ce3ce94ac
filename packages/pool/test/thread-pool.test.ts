import { ProcessPool, ThreadPool, shipFunction } from '@tempest/pool';
import { describe, expect, it } from 'vitest';

describe('ThreadPool', () => {
  it('imports the preload modules in each thread before its first task', async () => {
    const pool = new ThreadPool({ size: 2, preload: [new URL('./fixtures/preload-marker.mjs', import.meta.url).href] });
    try {
      // The preload defines the global in each thread, which the shipping check cannot see: allowGlobals says so.
      const preloaded = shipFunction((_: number) => (globalThis as { tempestPreloaded?: string }).tempestPreloaded, { allowGlobals: ['tempestPreloaded'] });
      expect(await pool.map(preloaded, [1, 2, 3, 4])).toEqual(['yes', 'yes', 'yes', 'yes']);
    } finally {
      await pool.close();
    }
  });

  it('closes at the end of an `await using` block', async () => {
    let escaped: ThreadPool | undefined;
    {
      await using pool = new ThreadPool({ size: 1 });
      escaped = pool;
      expect(await pool.map((x: number) => x * 2, [21])).toEqual([42]);
    }
    await expect(escaped.map((x: number) => x, [1])).rejects.toMatchObject({ code: 'POOL_CLOSED' });
  });

  it('lists every problem with its options at once', () => {
    expect(() => new ThreadPool({ size: 0, chunksPerWorker: 1.5, chunkSize: -1, taskTimeout: 0, preload: 'tsx' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIGURATION', problems: expect.arrayContaining([expect.stringMatching(/^size/), expect.stringMatching(/^chunksPerWorker/), expect.stringMatching(/^chunkSize/), expect.stringMatching(/^taskTimeout/), expect.stringMatching(/^preload/)]) }),
    );
  });

  it('refuses a misspelt option instead of quietly using the default', () => {
    expect(() => new ThreadPool({ sise: 2 } as never)).toThrow(/unknown option "sise"; the options are size, chunksPerWorker, chunkSize, taskTimeout, execArgv, preload, resourceLimits/);
    expect(() => new ProcessPool({ size: 1, killTimeOut: 5 } as never)).toThrow(/unknown option "killTimeOut"; the options are .*killTimeout/);
  });

  it('sends balanced chunks of at most chunkSize tasks, each vector batch in one buffer', async () => {
    const pool = new ThreadPool({ size: 2, chunkSize: 3 });
    try {
      // Each task reports the size of the buffer its chunk arrived in: 7 tasks → chunks of 3, 2, 2.
      const bytes = await pool.map((x: Float64Array) => x.buffer.byteLength, Array.from({ length: 7 }, (_, i) => new Float64Array([i])));
      expect(new Set(bytes.slice(0, 3)).size).toBe(1);
      expect(new Set(bytes.slice(3)).size).toBe(1);
      expect(bytes[3]).toBe(bytes[0] - 8);
    } finally {
      await pool.close();
    }
  });
});
